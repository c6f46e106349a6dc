import { useId, useState, type SubmitEvent } from 'react';
import { useLocation } from 'react-router';

import { CurrentPassphraseField } from '../../../components/current-passphrase-field';
import { ErrorAlert, Notice } from '../../../components/notice';
import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { useLoad } from '../../../hooks/use-load';
import { errorText } from '../../../lib/format';
import { getTeams } from '../api/teams';
import { teamSession } from '../session/session-store';

/** What the set-up page may pass on (router state, never the address): who just set up. */
function prefillFrom(state: unknown): { team: string; name: string } {
  const s = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  return {
    team: typeof s.team === 'string' ? s.team : '',
    name: typeof s.name === 'string' ? s.name : '',
  };
}

export function TeamSignInPage({ notice }: { notice: string | null }) {
  useDocumentTitle('Team sign-in');
  const location = useLocation();
  const prefill = prefillFrom(location.state);
  const teamId = useId();
  const nameId = useId();
  const [team, setTeam] = useState(prefill.team);
  const [name, setName] = useState(prefill.name);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { state: teamsState } = useLoad(async (signal) => {
    const list = await getTeams({ signal });
    // A deployment with one team: choose it, unless the set-up page already named one.
    const only = list[0];
    if (list.length === 1 && only) setTeam((current) => current || only.slug);
    return list;
  }, []);
  const teams = teamsState.status === 'ready' ? teamsState.value : null;
  const teamsFailed = teamsState.status === 'error';

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (team === '' || name.trim() === '' || passphrase === '') {
      setError('Choose your team, and enter your name and passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await teamSession.signIn(team, name.trim(), passphrase);
    } catch (caught) {
      setPassphrase('');
      setError(errorText(caught, 'Signing in failed. Please try again.'));
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>Team sign-in</PageHeading>
      <p className="lead">For members of a team that receives reports through Confide.</p>
      {notice !== null && (
        <div className="notice" role="status">
          <p className="notice__title">{notice}</p>
        </div>
      )}
      <p>
        Your passphrase never leaves this browser: it unlocks your keys here, and the reports you read are
        decrypted on this device only.
      </p>

      <form className="form" onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={busy}>
        <div className="field">
          <label className="field__label" htmlFor={teamId}>
            Team
          </label>
          {teams?.length === 0 && (
            <p className="field__hint">
              No team is set up on this server yet. The server’s administrator has a one-time set-up link.
            </p>
          )}
          {teamsFailed ? (
            <Notice tone="caution" title="We could not load the list of teams.">
              <p>Reload the page to try again.</p>
            </Notice>
          ) : (
            <select
              id={teamId}
              className="input"
              name="team"
              value={team}
              onChange={(e) => setTeam(e.target.value)}
              disabled={teams === null}
            >
              <option value="">{teams === null ? 'Loading teams…' : 'Choose your team'}</option>
              {teams?.map((t) => (
                <option key={t.id} value={t.slug}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={nameId}>
            Your name in the team
          </label>
          <input
            id={nameId}
            className="input"
            name="name"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <CurrentPassphraseField value={passphrase} onChange={setPassphrase} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Unlocking…' : 'Sign in'}
        </button>
        <div role="status" className="form__status">
          {busy && <p>Unlocking your keys in this browser. This takes a second or two.</p>}
        </div>
        <ErrorAlert message={error} />
      </form>
    </>
  );
}
