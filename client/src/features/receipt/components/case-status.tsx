import type { CaseStatus } from '#contract/enumerations';
import { formatDate, formatDateTime } from '../../../lib/format';
import type { OpenedCase, OpenedReferredCase } from '../model/open-case';
import './case-status.css';

export const STATUS_WORDS: Record<CaseStatus, { title: string; detail: string }> = {
  received: {
    title: 'Received',
    detail: 'Your report has arrived. Nobody has marked it as read yet.',
  },
  acknowledged: {
    title: 'A person has looked at it',
    detail: 'Someone from the team has read your report.',
  },
  investigating: {
    title: 'The team is looking into it',
    detail: 'The team is checking what happened. This can take time.',
  },
  awaiting_reporter: {
    title: 'Waiting for information from you',
    detail: 'The team has asked you something. Their message is below.',
  },
  referred: {
    title: 'Passed on to another team',
    detail: 'Your report has been referred to a team better placed to help.',
  },
  closed: {
    title: 'Closed',
    detail: 'The team has finished with this report. Their last message should say what happened.',
  },
  withdrawn: {
    title: 'Withdrawn',
    detail: 'You withdrew this report. The team keeps a record that it was made and withdrawn.',
  },
};

/**
 * The status in words, the promised date and an honest word when it has passed. `sentLabel` says
 * when the case began: sent, or (on a case a referral made) shared with the team.
 */
export function CaseStatusPanel({
  opened,
  now,
  sentLabel = 'Sent',
}: {
  opened: OpenedCase | OpenedReferredCase;
  now: number;
  sentLabel?: string;
}) {
  const words = STATUS_WORDS[opened.status];
  const finished = opened.status === 'closed' || opened.status === 'withdrawn';
  const checkIn = opened.checkInBy;
  const checkInPassed = checkIn !== null && Date.parse(checkIn) < now;
  const firstResponsePassed = Date.parse(opened.firstResponseBy) < now;
  return (
    <section className="report-status" aria-labelledby="status-heading">
      <h2 id="status-heading" className="status-panel__heading">
        Status: <span className="status-panel__status">{words.title}</span>
      </h2>
      <p>{words.detail}</p>
      {!finished && checkIn !== null && (
        <p>
          The team said they would update you by <strong>{formatDateTime(checkIn, 'long')}</strong>.
        </p>
      )}
      {!finished && checkIn !== null && checkInPassed && (
        <p className="status-panel__late">
          That date has passed: this is later than promised. The team may simply be behind. Your report has
          not been lost, and you can write to them below to ask.
        </p>
      )}
      {!finished && checkIn === null && opened.status === 'received' && (
        <p>
          {opened.team.name} aims to have a person look at reports within its target time: for yours, by{' '}
          <strong>{formatDateTime(opened.firstResponseBy, 'long')}</strong>.
        </p>
      )}
      {!finished && checkIn === null && opened.status === 'received' && firstResponsePassed && (
        <p className="status-panel__late">
          That time has passed: this is later than the team aims for. Teams are often volunteers and can fall
          behind; your report has not been lost. If anyone is in danger, please contact your local emergency
          services.
        </p>
      )}
      {opened.purgeAfter !== null && (
        <p>
          <strong>This case’s details will be deleted on {formatDate(opened.purgeAfter, 'long')}.</strong>{' '}
          {opened.team.name} deletes the details of finished cases after a while: then your report, the
          messages and any files are gone from this website, and the team keeps only a short record (the
          result, the team’s summary of the outcome, the accounts you named as involved, and whether you
          reported for yourself or for someone else).
        </p>
      )}
      <p className="muted">
        {sentLabel} {formatDateTime(opened.createdAt, 'long')}.
      </p>
    </section>
  );
}
