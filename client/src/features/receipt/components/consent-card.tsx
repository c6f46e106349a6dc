import type { MessageDescriptor } from '@lingui/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import type { VerifiedRoster } from '#crypto';
import { Button, ButtonRow, Notice } from '../../../components/ui';
import { ApiError } from '../../../lib/api-client';
import { describeTrustProblem } from '../../../lib/roster-trust';
import { answerReferral } from '../api/receipt-api';
import { consentDecision, exclusionProblem, type ConsentChoice } from '../model/consent';
import type { OpenedReferral, ReceivingTeam } from '../model/open-case';
import { PACKET_PROBLEM_WORDS } from '../model/open-referral';
import { problemMessage } from '../model/problem-message';
import { ReferralExclusions } from './referral-exclusions';
import { ReferralPacket } from './referral-packet';
import './referrals.css';

interface ConsentCardProps {
  referral: OpenedReferral;
  /** The team that asks: the team of the case the page is on. */
  teamName: string;
  onRefresh: () => Promise<void>;
}

/** The receiving team's roster when it can be encrypted to: verified, trusted, the team named. */
function usableRoster(receiving: ReceivingTeam | undefined): VerifiedRoster | undefined {
  return receiving?.status === 'checked' && receiving.trust.status === 'trusted' && !receiving.problem
    ? receiving.trust.roster
    : undefined;
}

/**
 * The team asks to refer the report to a team of another community (docs/protocol.md 10.10):
 * what that means, what would be shared (opened and checked in this browser), whom on the
 * receiving team to leave out, and the answer. Agreeing is offered only when the request is
 * confirmed as a member's and the receiving team's keys are; saying no is always possible.
 */
export function ConsentCard({ referral, teamName, onRefresh }: ConsentCardProps) {
  const { i18n } = useLingui();
  const [excluded, setExcluded] = useState<readonly string[]>([]);
  const [sending, setSending] = useState<ConsentChoice>();
  // Kept as a message, so it is in the page's language whenever it is shown.
  const [exclusionError, setExclusionError] = useState<MessageDescriptor>();
  const [error, setError] = useState<string>();
  const { packet, toTeam } = referral;
  const toTeamName = toTeam.name;
  const community = toTeam.community;
  const roster = usableRoster(referral.receiving);
  const canAgree = packet?.ok === true && roster !== undefined;
  const headingId = `referral-${referral.id}-heading`;

  async function answer(choice: ConsentChoice) {
    if (sending) return;
    setError(undefined);
    if (choice === 'agree') {
      if (!canAgree) return;
      const problem = exclusionProblem(roster, excluded);
      setExclusionError(problem);
      if (problem) return;
    }
    setSending(choice);
    try {
      await answerReferral(referral.id, consentDecision(choice, excluded, roster));
      await onRefresh();
      // The card gives way to a line saying what happened: take the focus there.
      requestAnimationFrame(() => document.getElementById(`referral-${referral.id}`)?.focus());
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        // Answered meanwhile (another tab), or the receiving team changed: show what is now true.
        await onRefresh();
      }
      setError(problemMessage(caught));
    } finally {
      setSending(undefined);
    }
  }

  return (
    <section className="referral-consent" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Trans>The team asks to refer your report to {toTeamName}</Trans>
      </h2>
      <p className="referral-consent__community">
        {community !== null ? (
          <Trans>
            {toTeamName} looks after another community,{' '}
            <span className="referral-consent__tag">
              <span className="visually-hidden">community: </span>
              <span translate="no">{community}</span>
            </span>
            , so {teamName} needs your agreement first.
          </Trans>
        ) : (
          <Trans>
            {toTeamName} looks after another community, so {teamName} needs your agreement first.
          </Trans>
        )}
      </p>
      <p>
        <Trans>
          {teamName} thinks {toTeamName} may be better placed to help with what happened, or able to help as
          well. Referring your report means sending {toTeamName} a copy of it, with {teamName}’s notes, so
          that you do not have to tell it all again.
        </Trans>
      </p>
      <p>
        <Trans>
          <strong>Nothing is shared unless you agree.</strong> It is your choice, and there is no wrong
          answer. If you say no, {teamName} keeps helping you just as before.
        </Trans>
      </p>
      <p>
        <Trans>
          If you agree, {toTeamName} gets its own case with what is shown below. You can follow it and write
          to them from this page, with the same receipt. You can also leave out anyone at {toTeamName} you do
          not want to read it.
        </Trans>
      </p>
      <p className="muted">
        <Trans>
          There is no hurry: this question stays here until you answer. If you are unsure, you can ask{' '}
          {teamName} about it in a message below.
        </Trans>
      </p>

      {packet?.ok === true ? (
        <ReferralPacket
          packet={packet}
          teamName={teamName}
          toTeamName={toTeamName}
          createdAt={referral.createdAt}
        />
      ) : (
        <Notice
          tone="security"
          title={<Trans>This request could not be confirmed as coming from the team</Trans>}
        >
          {packet !== undefined && <p>{i18n._(PACKET_PROBLEM_WORDS[packet.problem])}</p>}
          <p>
            <Trans>
              So this page does not let you agree to it. You can still say no, and you can ask {teamName}{' '}
              about it in a message below, or through another channel.
            </Trans>
          </p>
        </Notice>
      )}

      {packet?.ok === true &&
        (roster !== undefined ? (
          <ReferralExclusions
            referralId={referral.id}
            roster={roster}
            toTeamName={toTeamName}
            excluded={excluded}
            error={exclusionError && i18n._(exclusionError)}
            disabled={sending !== undefined}
            onChange={(next) => {
              setExcluded(next);
              setExclusionError(undefined);
            }}
          />
        ) : (
          <ReceivingKeysNotice receiving={referral.receiving} toTeamName={toTeamName} teamName={teamName} />
        ))}

      <ButtonRow spaced>
        {canAgree && (
          <Button aria-disabled={sending ? true : undefined} onClick={() => void answer('agree')}>
            {sending === 'agree' ? <Trans>Sharing…</Trans> : <Trans>Agree and share</Trans>}
          </Button>
        )}
        <Button
          variant="secondary"
          aria-disabled={sending ? true : undefined}
          onClick={() => void answer('refuse')}
        >
          {sending === 'refuse' ? <Trans>Saving your answer…</Trans> : <Trans>Do not share</Trans>}
        </Button>
      </ButtonRow>
      <p role="status" className="field__error">
        {error}
      </p>
    </section>
  );
}

/** Why the receiving team's members cannot be listed, so agreeing is not offered. */
function ReceivingKeysNotice({
  receiving,
  toTeamName,
  teamName,
}: {
  receiving: ReceivingTeam | undefined;
  toTeamName: string;
  teamName: string;
}) {
  const { t } = useLingui();
  const reasons: string[] = [];
  if (receiving === undefined) {
    reasons.push(t`${toTeamName}’s member list could not be fetched.`);
  } else if (receiving.status === 'unavailable') {
    const reason = receiving.message;
    reasons.push(t`${toTeamName}’s member list could not be fetched: ${reason}`);
  } else {
    const { trust } = receiving;
    if (trust.status === 'warning')
      reasons.push(...trust.problems.map((p) => describeTrustProblem(p, toTeamName)));
    if (trust.status === 'invalid') {
      const reason = trust.message;
      reasons.push(t`${toTeamName}’s member list does not pass this browser’s security checks (${reason}).`);
    }
    if (receiving.problem) reasons.push(receiving.problem);
  }
  return (
    <Notice tone="security" title={<Trans>Warning: the keys of {toTeamName} cannot be confirmed</Trans>}>
      <ul>
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>
        <Trans>
          So this page cannot show you who would read your report there, and does not let you agree for now.
          You can come back later, say no, or ask {teamName} about it in a message below.
        </Trans>
      </p>
    </Notice>
  );
}
