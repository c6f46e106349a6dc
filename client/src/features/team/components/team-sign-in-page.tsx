import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useState, type SubmitEvent } from 'react';
import { Link, useLocation } from 'react-router';

import { CurrentPassphraseField } from '../../../components/current-passphrase-field';
import { Button, ErrorAlert, FormStatus, Notice, PageHeading, TextField } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { usePassphraseForm } from '../hooks/use-passphrase-form';
import { teamSession, type SecondFactorStep } from '../session/session-store';
import { SecondFactorForm } from './account/second-factor-form';
import { TeamField } from './account/team-field';

/** What the set-up page may pass on (router state, never the address): who just set up. */
function prefillFrom(state: unknown): { team: string; name: string } {
  const s = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  return {
    team: typeof s.team === 'string' ? s.team : '',
    name: typeof s.name === 'string' ? s.name : '',
  };
}

/**
 * Signing in: team, name and passphrase, then the second factor when the member has one. The
 * keys wait in the keyring between the two steps; leaving the page wipes them.
 */
export function TeamSignInPage({ notice }: { notice: MessageDescriptor | null }) {
  const { t } = useLingui();
  const location = useLocation();
  const [prefill] = useState(() => prefillFrom(location.state));
  const [team, setTeam] = useState(prefill.team);
  const [name, setName] = useState(prefill.name);
  const [step, setStep] = useState<SecondFactorStep | null>(null);
  const [restarted, setRestarted] = useState<{ message: string | null } | null>(null);

  // A step left behind (another page, a closed form) wipes the keys it was holding.
  useEffect(() => () => step?.cancel(), [step]);

  if (step !== null) {
    return (
      <SecondFactorForm
        step={step}
        onRestart={(message) => {
          setStep(null);
          setRestarted({ message });
        }}
      />
    );
  }
  return (
    <PassphraseStep
      notice={restarted === null ? notice && t(notice) : restarted.message}
      team={team}
      onTeam={setTeam}
      name={name}
      onName={setName}
      onSecondFactor={setStep}
    />
  );
}

function PassphraseStep({
  notice,
  team,
  onTeam,
  name,
  onName,
  onSecondFactor,
}: {
  notice: string | null;
  team: string;
  onTeam: (slug: string) => void;
  name: string;
  onName: (name: string) => void;
  onSecondFactor: (step: SecondFactorStep) => void;
}) {
  const { t } = useLingui();
  useDocumentTitle(t`Team sign-in`);
  const nameId = useId();
  const { passphrase, setPassphrase, busy, error, submit } = usePassphraseForm(
    t`Signing in failed. Please try again.`,
  );

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing = team === '' || name.trim() === '' || passphrase === '';
    void submit(missing ? t`Choose your team, and enter your name and passphrase.` : null, async () => {
      const step = await teamSession.signIn(team, name.trim(), passphrase);
      if (step !== null) onSecondFactor(step);
    });
  }

  return (
    <>
      <PageHeading>
        <Trans>Team sign-in</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>For members of a team that receives reports through Confide.</Trans>
      </p>
      {notice !== null && <Notice role="status" title={notice} />}
      <p>
        <Trans>
          Your passphrase never leaves this browser: it unlocks your keys here, and the reports you read are
          decrypted on this device only.
        </Trans>
      </p>

      <form className="form" onSubmit={handleSubmit} noValidate aria-busy={busy}>
        <TeamField value={team} onChange={onTeam} />
        <TextField
          id={nameId}
          label={t`Your name in the team`}
          name="name"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={name}
          onChange={(e) => onName(e.target.value)}
        />
        <CurrentPassphraseField value={passphrase} onChange={setPassphrase} />
        <Button type="submit" disabled={busy}>
          {busy ? <Trans>Unlocking…</Trans> : <Trans>Sign in</Trans>}
        </Button>
        <FormStatus>
          {busy && (
            <p>
              <Trans>Unlocking your keys in this browser. This takes a second or two.</Trans>
            </p>
          )}
        </FormStatus>
        <ErrorAlert message={error} />
      </form>
      <p>
        <Trans>
          Forgot your passphrase?{' '}
          <Link to="/team/recover" state={{ team, name: name.trim() }}>
            Use your recovery code
          </Link>
          .
        </Trans>
      </p>
    </>
  );
}
