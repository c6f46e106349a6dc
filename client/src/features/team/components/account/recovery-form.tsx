import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useCallback, useId, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';

import {
  PassphraseFields,
  passphraseProblem,
  withPassphraseCheck,
  type PassphraseValue,
} from '../../../../components/passphrase-fields';
import { Button, Fieldset, FormStatus, Notice, PageHeading, TextField } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { errorText } from '../../../../lib/error-words';
import { loadCrypto } from '../../../../lib/load-crypto';
import { checkRecoveryCodeInput } from '../../model/recovery-code-input';
import {
  SignInError,
  teamSession,
  type RecoveryResult,
  type RecoveryStage,
} from '../../session/session-store';
import { ProblemList } from './problem-list';
import { TeamField } from './team-field';

/** What the recovery is doing (translated where shown). */
const STAGE_WORDS: Readonly<Record<RecoveryStage, MessageDescriptor>> = {
  opening: msg`Opening your keys with the recovery code, in this browser…`,
  wrapping: msg`Protecting your keys with your new passphrase and a new recovery code…`,
  sending: msg`Sending your new credentials, signed with your recovered key…`,
};

/** Team, name, recovery code and a new passphrase; the recovery itself is the session store's. */
export function RecoveryForm({
  prefill,
  notice,
  onRecovered,
}: {
  prefill: { team: string; name: string };
  notice: string | null;
  onRecovered: (result: RecoveryResult, who: { teamName: string; memberName: string }) => void;
}) {
  const { t } = useLingui();
  const nameId = useId();
  const codeId = useId();
  const [team, setTeam] = useState(prefill.team);
  const [teamName, setTeamName] = useState('');
  const [name, setName] = useState(prefill.name);
  const [code, setCode] = useState('');
  const [passphrase, setPassphrase] = useState<PassphraseValue>({
    passphrase: '',
    confirmation: '',
    check: null,
  });
  /** What is under way, in words (null: nothing). */
  const [busy, setBusy] = useState<MessageDescriptor | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const onPassphrase = useCallback(
    (update: (previous: PassphraseValue) => PassphraseValue) => setPassphrase(update),
    [],
  );
  // Words a guesser would try first, for the strength check.
  const passphraseInputs = [name, teamName, team];

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy !== null) return;
    // Busy before the first await, so a second click meanwhile does nothing.
    setBusy(msg`Checking what you entered…`);
    const found: string[] = [];
    if (team === '') found.push(t`Choose your team.`);
    if (name.trim() === '') found.push(t`Enter your name in the team.`);
    const C = await loadCrypto().catch(() => null);
    const checked = C === null ? null : checkRecoveryCodeInput(C, code);
    if (checked === null) found.push(t`This page could not load its encryption. Reload it and try again.`);
    else if (!checked.ok) found.push(checked.message);
    const problem = passphraseProblem(await withPassphraseCheck(passphrase, passphraseInputs));
    if (problem !== null) found.push(problem);
    setProblems(found);
    if (found.length > 0 || checked === null || !checked.ok) {
      setBusy(null);
      return;
    }

    try {
      const result = await teamSession.recover({
        slug: team,
        name: name.trim(),
        recoveryCode: checked.code,
        passphrase: passphrase.passphrase,
        onStage: (stage) => setBusy(STAGE_WORDS[stage]),
      });
      onRecovered(result, { teamName: teamName || team, memberName: name.trim() });
    } catch (error) {
      const limited =
        error instanceof SignInError && (error.code === 'rate_limited' || error.code === 'too_many_requests');
      setProblems([
        limited
          ? t`There have been too many recovery attempts from here. Wait a few minutes, then try again.`
          : errorText(error, t`The recovery did not work. Please try again.`),
      ]);
      setBusy(null);
    }
  }

  const busyWords = busy !== null ? t(busy) : '';
  return (
    <>
      <RecoveryIntro />
      {notice !== null && <Notice role="status" title={notice} />}
      <form className="form" onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={busy !== null}>
        <TeamField
          value={team}
          onChange={(slug, chosenName) => {
            setTeam(slug);
            setTeamName(chosenName);
          }}
        />
        <TextField
          id={nameId}
          label={t`Your name in the team`}
          name="name"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          id={codeId}
          label={t`Your recovery code`}
          hint={t`20 letters and digits, in groups of four. Capitals, spaces and dashes do not matter.`}
          name="recovery-code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          code
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <Fieldset legend={t`Your new passphrase`}>
          <PassphraseFields value={passphrase} onChange={onPassphrase} userInputs={passphraseInputs} />
        </Fieldset>
        <Button type="submit" disabled={busy !== null}>
          {busy !== null ? <Trans>Working…</Trans> : <Trans>Recover my account</Trans>}
        </Button>
        <FormStatus>{busy !== null && <p>{t`${busyWords} This takes a few seconds.`}</p>}</FormStatus>
        <ProblemList problems={problems} />
      </form>
    </>
  );
}

/** The page's heading, and what the recovery code is. */
function RecoveryIntro() {
  const { t } = useLingui();
  useDocumentTitle(t`Recover your account`);
  return (
    <>
      <PageHeading>
        <Trans>Recover your account</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          Forgot your passphrase? Your recovery code opens your keys in this browser, and you choose a new
          passphrase.
        </Trans>
      </p>
      <p>
        <Trans>
          The recovery code was shown once when you joined the team: 20 letters and digits, in groups of four.
          Nobody else has it, not even the server’s administrator. Without it, an admin can only invite you
          again with new keys, and the reports you could read before stay closed to you.
        </Trans>
      </p>
      <p className="muted">
        <Trans>
          Remembered it after all? <Link to="/team">Sign in</Link>.
        </Trans>
      </p>
    </>
  );
}
