import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useState } from 'react';

import { CopyButton } from '../../../../components/copy-button';
import { SecretCode, SecretPanel } from '../../../../components/secret-panel';
import { Button, ButtonRow, ErrorAlert, FormStatus } from '../../../../components/ui';
import { ApiError } from '../../../../lib/api-client';
import { formatDate } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import { isKeyringError, type TargetView } from '../../../../lib/keyring/keyring';
import { postTargetInvitation } from '../../api/cases';
import type { LoadedCase } from '../../hooks/use-case';
import { canInviteTarget, invitationRefusalWords, threadLabel } from '../../model/target-thread';
import { useUnlockedSession } from '../../session/use-team-session';
import { FocusHeading } from '../account/focus-heading';
import { ProgressBar } from '../progress-bar';
import './target-invitation.css';

type Step = 'idle' | 'making' | 'sending';

/** Why the invitation failed, in the page's language. */
function invitationErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    return (
      invitationRefusalWords(error.code) ?? errorText(error, i18n._(msg`The invitation could not be sent.`))
    );
  }
  if (isKeyringError(error))
    return i18n._(msg`The receipt could not be made in this browser. Reload the page and try again.`);
  return errorText(error, i18n._(msg`The invitation could not be sent. Please try again.`));
}

/**
 * The target invited in (docs/protocol.md 8.5). On a report someone sent about another person, a
 * member makes a receipt for the person targeted in this browser, and the server stores only its
 * public keys, signed by the member, and its lookup hash. The receipt is shown here once, to be
 * handed over privately; with it the target reads and writes their own thread with the team only.
 *
 * Once a target is listed, says who invited them (the member whose signature the keyring
 * verified, named from the verified roster); an unverified invitation is warned about with the
 * case's other integrity notices.
 */
export function TargetInvitation({
  loaded,
  names,
  onChanged,
}: {
  loaded: LoadedCase;
  names: ReadonlyMap<string, string>;
  onChanged: () => void;
}) {
  const { t } = useLingui();
  const { detail, opened, team } = loaded;
  const { keyring } = useUnlockedSession();
  const [step, setStep] = useState<Step>('idle');
  const [receipt, setReceipt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The receipt was made here and noted: until the case reloads, the offer must not come back. */
  const [invitedHere, setInvitedHere] = useState(false);
  const headingId = useId();

  // The receipt exists only on this page until the member noted it: it must not vanish because
  // the case was refreshed, so the page learns of the invitation only when they dismiss it.
  if (receipt !== null) {
    return (
      <ReceiptToHandOver
        receipt={receipt}
        onNoted={() => {
          setReceipt(null);
          setInvitedHere(true);
          onChanged();
        }}
      />
    );
  }
  if (opened.target !== null) return <TargetInvited target={opened.target} names={names} />;
  if (invitedHere) {
    return (
      <section className="target-invitation" aria-labelledby={headingId}>
        <h2 id={headingId}>
          <Trans>The target</Trans>
        </h2>
        <p>
          <Trans>The target was invited.</Trans>
        </p>
      </section>
    );
  }
  const invitable = canInviteTarget({
    reporterRole: opened.report?.reporterRole ?? null,
    // A listed target, verified or not, was shown above.
    hasTarget: false,
    status: detail.status,
    purgedAt: detail.purgedAt,
  });
  if (!invitable) return null;

  async function invite() {
    if (step !== 'idle') return;
    setError(null);
    setStep('making');
    try {
      const made = await keyring.makeTargetReceipt(team.id, detail.id);
      setStep('sending');
      await postTargetInvitation(detail.id, made.invitation);
      setReceipt(made.receipt);
    } catch (caught) {
      setError(invitationErrorText(caught));
      // Another member was quicker: show theirs (the page names who invited the target).
      if (caught instanceof ApiError && caught.code === 'target_already_invited') onChanged();
    } finally {
      setStep('idle');
    }
  }

  const busy = step !== 'idle';
  return (
    <section className="target-invitation" aria-labelledby={headingId} aria-busy={busy}>
      <h2 id={headingId}>
        <Trans>Invite the target</Trans>
      </h2>
      <p>
        <Trans>
          Someone other than the person targeted sent this report. You can invite the target in: this browser
          makes a receipt of their own, which you hand over to them privately.
        </Trans>
      </p>
      <ul className="point-list">
        <li>
          <Trans>With it, the target reads and writes only their own thread with the team.</Trans>
        </li>
        <li>
          <Trans>
            They never see the report or the reporter’s messages. To share a part of those, write it to them
            in their thread.
          </Trans>
        </li>
        <li>
          <Trans>The reporter will be told that the target was invited.</Trans>
        </li>
        <li>
          <Trans>
            The receipt is shown once, to you alone, and only one is made for a case: keep this page open
            until you have noted it.
          </Trans>
        </li>
      </ul>
      <Button onClick={() => void invite()} disabled={busy}>
        {step === 'making' ? (
          <Trans>Making the receipt…</Trans>
        ) : step === 'sending' ? (
          <Trans>Sending the invitation…</Trans>
        ) : (
          <Trans>Make a receipt for the target</Trans>
        )}
      </Button>
      <FormStatus>
        {step === 'making' && (
          <>
            <p>
              <Trans>Making the receipt in this browser. This takes a few seconds.</Trans>
            </p>
            <ProgressBar label={t`Making the receipt`} />
          </>
        )}
        {step === 'sending' && (
          <p>
            <Trans>Sending the invitation…</Trans>
          </p>
        )}
      </FormStatus>
      <ErrorAlert message={error} />
    </section>
  );
}

/** Who invited the target and when; the warning for an unverified one is at the top of the page. */
function TargetInvited({ target, names }: { target: TargetView; names: ReadonlyMap<string, string> }) {
  const { t } = useLingui();
  const headingId = useId();
  const invitedAt = formatDate(target.invitedAt);
  const memberName = target.status === 'trusted' ? (names.get(target.invitedBy) ?? t`a former member`) : '';
  // The labels the timeline gives the target's thread (model/target-thread.ts threadLabel): a
  // member's message to the target (its author neither the reporter nor the target), and the
  // target's own.
  const toTarget = threadLabel({ audience: 'target', author: '' });
  const fromTarget = threadLabel({ audience: 'target', author: 'target' });
  return (
    <section className="target-invitation" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Trans>The target</Trans>
      </h2>
      {target.status === 'trusted' ? (
        <>
          <p>
            <Trans>
              The target was invited by {memberName} on <time dateTime={target.invitedAt}>{invitedAt}</time>.
            </Trans>
          </p>
          <p className="muted">
            <Trans>
              With their own receipt they read and write only their thread with the team, marked “{toTarget}”
              and “{fromTarget}” in the timeline. They never see the report or the reporter’s messages.
            </Trans>
          </p>
        </>
      ) : (
        <p>
          <Trans>
            The server says the target was invited on <time dateTime={target.invitedAt}>{invitedAt}</time>,
            but no member of your team signed their receipt (see the warning at the top of the page). Nothing
            is sent to them from here.
          </Trans>
        </p>
      )}
    </section>
  );
}

/**
 * The target's receipt, shown this once: the member copies it and hands it over privately. Until
 * they say they noted it, closing the tab asks first.
 */
function ReceiptToHandOver({ receipt, onNoted }: { receipt: string; onNoted: () => void }) {
  const { t } = useLingui();
  const headingId = useId();
  const receiptAddress = `${window.location.origin}/receipt`;
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  return (
    <FocusHeading>
      <SecretPanel headingId={headingId} heading={t`The target’s receipt`} tone="secret">
        <p>
          <Trans>The target was invited. Hand them this receipt:</Trans>
        </p>
        <SecretCode literal>{receipt}</SecretCode>
        <p>
          <Trans>
            <strong>It is shown only this once and cannot be recovered.</strong> Give it to the target
            privately, in a message only they read: never on a talk page, a public channel or your team’s
            chat. Anyone who has it can read and write the target’s thread with the team.
          </Trans>
        </p>
        <p>
          <Trans>
            The target opens it at{' '}
            <span className="break" translate="no">
              {receiptAddress}
            </span>
            . They will see only their own thread with the team.
          </Trans>
        </p>
        <ButtonRow>
          <CopyButton text={receipt} label={t`Copy the receipt`} />
          <Button variant="secondary" size="small" onClick={onNoted}>
            <Trans>I have noted it</Trans>
          </Button>
        </ButtonRow>
      </SecretPanel>
    </FocusHeading>
  );
}
