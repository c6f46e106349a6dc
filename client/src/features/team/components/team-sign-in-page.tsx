import { useId, useState, type SubmitEvent } from 'react';
import { useLocation } from 'react-router';

import { CurrentPassphraseField } from '../../../components/current-passphrase-field';
import {
  Button,
  ErrorAlert,
  Field,
  FormStatus,
  Notice,
  PageHeading,
  TextField,
} from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { useLoad } from '../../../hooks/use-load';
import { getTeams } from '../api/teams';
import { usePassphraseForm } from '../hooks/use-passphrase-form';
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
  const { passphrase, setPassphrase, busy, error, submit } = usePassphraseForm(
    'Signing in failed. Please try again.',
  );
  const { state: teamsState } = useLoad(async (signal) => {
    const list = await getTeams({ signal });
    // A deployment with one team: choose it, unless the set-up page already named one.
    const only = list[0];
    if (list.length === 1 && only) setTeam((current) => current || only.slug);
    return list;
  }, []);
  const teams = teamsState.status === 'ready' ? teamsState.value : null;
  const teamsFailed = teamsState.status === 'error';

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing = team === '' || name.trim() === '' || passphrase === '';
    void submit(missing ? 'Choose your team, and enter your name and passphrase.' : null, () =>
      teamSession.signIn(team, name.trim(), passphrase),
    );
  }

  return (
    <>
      <PageHeading>Team sign-in</PageHeading>
      <p className="lead">For members of a team that receives reports through Confide.</p>
      {notice !== null && <Notice role="status" title={notice} />}
      <p>
        Your passphrase never leaves this browser: it unlocks your keys here, and the reports you read are
        decrypted on this device only.
      </p>

      <form className="form" onSubmit={handleSubmit} noValidate aria-busy={busy}>
        <Field id={teamId} label="Team">
          {(control) => (
            <>
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
                  {...control}
                  className="select"
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
            </>
          )}
        </Field>
        <TextField
          id={nameId}
          label="Your name in the team"
          name="name"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <CurrentPassphraseField value={passphrase} onChange={setPassphrase} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Unlocking…' : 'Sign in'}
        </Button>
        <FormStatus>
          {busy && <p>Unlocking your keys in this browser. This takes a second or two.</p>}
        </FormStatus>
        <ErrorAlert message={error} />
      </form>
    </>
  );
}
