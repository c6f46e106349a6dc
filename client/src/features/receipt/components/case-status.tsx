import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';

import type { CaseStatus } from '#contract/enumerations';
import { formatDate, formatDateTime } from '../../../lib/format';
import type { OpenedCase, OpenedReferredCase } from '../model/open-case';
import './case-status.css';

/** Each status as the reporter reads it, translated where it is shown (`i18n._`). */
export const STATUS_WORDS: Readonly<
  Record<CaseStatus, { title: MessageDescriptor; detail: MessageDescriptor }>
> = {
  received: {
    title: msg`Received`,
    detail: msg`Your report has arrived. Nobody has marked it as read yet.`,
  },
  acknowledged: {
    title: msg`A person has looked at it`,
    detail: msg`Someone from the team has read your report.`,
  },
  investigating: {
    title: msg`The team is looking into it`,
    detail: msg`The team is checking what happened. This can take time.`,
  },
  awaiting_reporter: {
    title: msg`Waiting for information from you`,
    detail: msg`The team has asked you something. Their message is below.`,
  },
  referred: {
    title: msg`Passed on to another team`,
    detail: msg`Your report has been referred to a team better placed to help.`,
  },
  closed: {
    title: msg`Closed`,
    detail: msg`The team has finished with this report. Their last message should say what happened.`,
  },
  withdrawn: {
    title: msg`Withdrawn`,
    detail: msg`You withdrew this report. The team keeps a record that it was made and withdrawn.`,
  },
};

/**
 * The status in words, the promised date and an honest word when it has passed. The last line
 * says when the case began: sent, or (on a case a referral made, `sharedWith` its team) shared.
 */
export function CaseStatusPanel({
  opened,
  now,
  sharedWith,
}: {
  opened: OpenedCase | OpenedReferredCase;
  now: number;
  sharedWith?: string;
}) {
  const { i18n } = useLingui();
  const words = STATUS_WORDS[opened.status];
  const title = i18n._(words.title);
  const teamName = opened.team.name;
  const finished = opened.status === 'closed' || opened.status === 'withdrawn';
  const checkIn = opened.checkInBy;
  const checkInPassed = checkIn !== null && Date.parse(checkIn) < now;
  const firstResponsePassed = Date.parse(opened.firstResponseBy) < now;
  const checkInDate = checkIn === null ? '' : formatDateTime(checkIn, 'long');
  const firstResponseDate = formatDateTime(opened.firstResponseBy, 'long');
  const purgeDate = opened.purgeAfter === null ? '' : formatDate(opened.purgeAfter, 'long');
  const sentDate = formatDateTime(opened.createdAt, 'long');
  return (
    <section className="report-status" aria-labelledby="status-heading">
      <h2 id="status-heading" className="status-panel__heading">
        <Trans>
          Status: <span className="status-panel__status">{title}</span>
        </Trans>
      </h2>
      <p>{i18n._(words.detail)}</p>
      {!finished && checkIn !== null && (
        <p>
          <Trans>
            The team said they would update you by <strong>{checkInDate}</strong>.
          </Trans>
        </p>
      )}
      {!finished && checkIn !== null && checkInPassed && (
        <p className="status-panel__late">
          <Trans>
            That date has passed: this is later than promised. The team may simply be behind. Your report has
            not been lost, and you can write to them below to ask.
          </Trans>
        </p>
      )}
      {!finished && checkIn === null && opened.status === 'received' && (
        <p>
          <Trans>
            {teamName} aims to have a person look at reports within its target time: for yours, by{' '}
            <strong>{firstResponseDate}</strong>.
          </Trans>
        </p>
      )}
      {!finished && checkIn === null && opened.status === 'received' && firstResponsePassed && (
        <p className="status-panel__late">
          <Trans>
            That time has passed: this is later than the team aims for. Teams are often volunteers and can
            fall behind; your report has not been lost. If anyone is in danger, please contact your local
            emergency services.
          </Trans>
        </p>
      )}
      {opened.purgeAfter !== null && (
        <p>
          <Trans>
            <strong>This case’s details will be deleted on {purgeDate}.</strong> {teamName} deletes the
            details of finished cases after a while: then your report, the messages and any files are gone
            from this website, and the team keeps only a short record (the result, the team’s summary of the
            outcome, the accounts you named as involved, and whether you reported for yourself or for someone
            else).
          </Trans>
        </p>
      )}
      <p className="muted">
        {sharedWith === undefined ? (
          <Trans>Sent {sentDate}.</Trans>
        ) : (
          <Trans>
            Shared with {sharedWith} {sentDate}.
          </Trans>
        )}
      </p>
    </section>
  );
}
