import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useCallback, useEffect, useId, useRef, useState, type SubmitEvent } from 'react';

import {
  PassphraseFields,
  passphraseProblem,
  withPassphraseCheck,
  type PassphraseValue,
} from '../../../components/passphrase-fields';
import { Button, FormStatus, Notice, PageHeading, TextField } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { ApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { readFragmentToken } from '../../../lib/fragment-token';
import { Keyring } from '../../../lib/keyring/keyring';
import { loadCrypto } from '../../../lib/load-crypto';
import { checkTeamRoster, describeTrustProblem, type TrustProblem } from '../../../lib/roster-trust';
import { acceptInvitation, lookupInvitation, type InvitationInfo } from '../api/invitations';
import { JoinDone, type Joined } from './join-done';
import { errorText } from '../../../lib/error-words';

/**
 * Why the team's member list needs a second look: it could not be checked at all, or it was, with
 * problems. Kept as what was found, and put into words when shown (in the page's language then).
 */
type RosterProblem =
  { kind: 'unchecked' } | { kind: 'warning'; problems: readonly TrustProblem[]; teamName: string };

type LookupState =
  | { status: 'loading' }
  | {
      status: 'ready';
      invitation: InvitationInfo;
      fingerprint: string | null;
      rosterProblem: RosterProblem | null;
    }
  | { status: 'invalid'; error: unknown };

/** Why the invitation cannot be used, before any form is shown. */
function lookupProblem(error: unknown): string {
  if (!(error instanceof ApiError))
    return i18n._(msg`This invitation could not be checked. Please try again.`);
  switch (error.code) {
    case 'invitation_used':
      return i18n._(
        msg`This invitation link was already used: each link works once. If you have not joined the team yet, someone else may have used it.`,
      );
    default:
      return errorText(error, i18n._(msg`This invitation could not be checked. Please try again.`));
  }
}

function rosterProblemText(problem: RosterProblem): string {
  return problem.kind === 'unchecked'
    ? i18n._(msg`The team’s member list could not be checked in this browser.`)
    : problem.problems.map((p) => describeTrustProblem(p, problem.teamName)).join(' ');
}

export function JoinPage() {
  const { t } = useLingui();
  useDocumentTitle(t`Join a team`);
  const [token] = useState(readFragmentToken);
  const [lookup, setLookup] = useState<LookupState>({ status: 'loading' });
  const [joined, setJoined] = useState<Joined | null>(null);

  useEffect(() => {
    if (token === null) return;
    const controller = new AbortController();
    (async () => {
      const invitation = await lookupInvitation(token);
      // The invitee checks the team too: its fingerprint is read back to the admin. Remembered on
      // the device, as the console they are joining remembers it (roster-trust.ts, RosterMemory).
      const trust = await checkTeamRoster(invitation.team.slug, { remember: 'device' }).catch(() => null);
      let fingerprint: string | null = null;
      let rosterProblem: RosterProblem | null = null;
      if (trust === null || trust.status === 'invalid' || trust.team.id !== invitation.team.id) {
        rosterProblem = { kind: 'unchecked' };
      } else {
        fingerprint = trust.roster.fingerprint;
        if (trust.status === 'warning') {
          rosterProblem = { kind: 'warning', problems: trust.problems, teamName: trust.team.name };
        }
      }
      if (!controller.signal.aborted) setLookup({ status: 'ready', invitation, fingerprint, rosterProblem });
    })().catch((error: unknown) => {
      if (controller.signal.aborted) return;
      setLookup({ status: 'invalid', error });
    });
    return () => controller.abort();
  }, [token]);

  if (joined) return <JoinDone joined={joined} />;
  if (token !== null && lookup.status === 'loading') {
    return (
      <>
        <PageHeading>
          <Trans>Join a team</Trans>
        </PageHeading>
        <p className="muted" role="status">
          <Trans>Checking your invitation…</Trans>
        </p>
      </>
    );
  }
  if (token === null || lookup.status !== 'ready') {
    return (
      <>
        <PageHeading>
          <Trans>Join a team</Trans>
        </PageHeading>
        <Notice
          tone="caution"
          role="alert"
          title={
            lookup.status === 'invalid'
              ? lookupProblem(lookup.error)
              : t`This page needs the invitation link an admin of your team gave you. Open that exact link.`
          }
        >
          <p>
            <Trans>Ask an admin of the team for a new invitation link.</Trans>
          </p>
        </Notice>
      </>
    );
  }
  return (
    <JoinForm
      token={token}
      invitation={lookup.invitation}
      teamFingerprint={lookup.fingerprint}
      rosterProblem={lookup.rosterProblem === null ? null : rosterProblemText(lookup.rosterProblem)}
      onJoined={setJoined}
    />
  );
}

function JoinForm({
  token,
  invitation,
  teamFingerprint,
  rosterProblem,
  onJoined,
}: {
  token: string;
  invitation: InvitationInfo;
  teamFingerprint: string | null;
  rosterProblem: string | null;
  onJoined: (joined: Joined) => void;
}) {
  const { t } = useLingui();
  const nameId = useId();
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState<PassphraseValue>({
    passphrase: '',
    confirmation: '',
    check: null,
  });
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const onPassphrase = useCallback(
    (update: (previous: PassphraseValue) => PassphraseValue) => setPassphrase(update),
    [],
  );

  useEffect(() => {
    if (failure !== null || problems.length > 0) alertRef.current?.focus();
  }, [failure, problems]);

  // Words a guesser would try first, for the strength check.
  const passphraseInputs = [name, invitation.team.name, invitation.team.slug];

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy !== null) return;
    const found: string[] = [];
    const trimmed = name.trim();
    if (trimmed === '') found.push(t`Enter the name you will be known by in the team.`);
    else if (trimmed.length > 64) found.push(t`Use at most 64 characters for your name.`);
    else if (/[\p{Cc}\p{Cf}]/u.test(trimmed))
      found.push(t`Your name contains invisible characters. Type it again with plain letters.`);
    // Busy before the first await, so a second click meanwhile does nothing.
    setBusy(t`Checking the passphrase…`);
    const problem = passphraseProblem(await withPassphraseCheck(passphrase, passphraseInputs));
    if (problem !== null) found.push(problem);
    setProblems(found);
    setFailure(null);
    if (found.length > 0) {
      setBusy(null);
      return;
    }

    const keyring = Keyring.create();
    try {
      setBusy(t`Making your keys in this browser…`);
      const C = await loadCrypto();
      const memberId = C.generateId();
      const { credentials, recoveryCode } = await keyring.enrol({
        team: invitation.team.id,
        memberId,
        name: trimmed,
        passphrase: passphrase.passphrase,
      });
      setBusy(t`Sending your public keys to the team…`);
      await acceptInvitation(token, credentials);
      onJoined({
        invitation,
        name: trimmed,
        recoveryCode,
        encPublicKey: credentials.enc_pk,
        signPublicKey: credentials.sign_pk,
        fingerprint: teamFingerprint,
      });
    } catch (error) {
      setFailure(errorText(error, t`Joining did not work. Please try again.`));
    } finally {
      // The keys are wrapped under the passphrase on the server; this browser forgets them.
      keyring.lock();
      setBusy(null);
    }
  }

  const alerts = failure !== null ? [failure] : problems;
  const teamName = invitation.team.name;
  const validUntil = formatDateTime(invitation.expiresAt);
  return (
    <>
      <PageHeading>
        <Trans>Join {teamName}</Trans>
      </PageHeading>
      <p className="lead">
        {invitation.role === 'admin' ? (
          <Trans>You were invited as an admin. The invitation is valid until {validUntil}.</Trans>
        ) : (
          <Trans>You were invited as a member. The invitation is valid until {validUntil}.</Trans>
        )}
      </p>
      <p>
        <Trans>
          Your keys are made in this browser and protected by a passphrase only you know. The reports you will
          read are decrypted on your device; the server never sees them.
        </Trans>
      </p>
      {rosterProblem !== null && (
        <Notice tone="error" role="alert" title={t`Be careful: ${rosterProblem}`}>
          <p>
            <Trans>Confirm the team fingerprint with the admin who invited you before going on.</Trans>
          </p>
        </Notice>
      )}

      <form className="form" onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={busy !== null}>
        <TextField
          id={nameId}
          label={t`Your name in the team`}
          hint={t`Reporters see the names of the team’s members. If you fear retaliation, use a role name.`}
          value={name}
          maxLength={64}
          autoComplete="username"
          onChange={(e) => setName(e.target.value)}
        />
        <PassphraseFields value={passphrase} onChange={onPassphrase} userInputs={passphraseInputs} />
        <Button type="submit" disabled={busy !== null}>
          {busy !== null ? t`Working…` : t`Make my keys and ask to join`}
        </Button>
        <FormStatus>
          {busy !== null && (
            <p>
              <Trans>{busy} This takes a few seconds.</Trans>
            </p>
          )}
        </FormStatus>
        {alerts.length > 0 && (
          <Notice
            tone="error"
            role="alert"
            focusable
            ref={alertRef}
            title={alerts.length === 1 ? alerts[0] : undefined}
          >
            {alerts.length > 1 && (
              <ul>
                {alerts.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            )}
          </Notice>
        )}
      </form>
    </>
  );
}
