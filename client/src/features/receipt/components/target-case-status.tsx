import type { CaseStatus } from '#contract/enumerations';
import { formatDate } from '../../../lib/format';
import type { OpenedTargetCase } from '../model/open-case';
import './case-status.css';

/**
 * The status as the target reads it. The statuses tell the reporter's story, so a few are said
 * from the target's side: waiting for the reporter is the team still looking into it, and the
 * dates the team promised the reporter are not the target's to read.
 */
export const TARGET_STATUS_WORDS: Record<CaseStatus, { title: string; detail: string }> = {
  received: {
    title: 'Received',
    detail: 'The team has received the report.',
  },
  acknowledged: {
    title: 'The team has read the report',
    detail: 'Someone from the team has read the report.',
  },
  investigating: {
    title: 'The team is looking into it',
    detail: 'The team is checking what happened. This can take time.',
  },
  awaiting_reporter: {
    title: 'The team is looking into it',
    detail: 'The team is checking what happened. This can take time.',
  },
  referred: {
    title: 'Passed on to another team',
    detail: 'The report has been referred to a team better placed to help.',
  },
  closed: {
    title: 'Closed',
    detail:
      'The team has finished with this case. If they have written to you about what happened, their message is below.',
  },
  withdrawn: {
    title: 'Withdrawn',
    detail:
      'The person who made the report withdrew it. The team is no longer working on it, and new messages cannot be added here.',
  },
};

/** The case's status in words, and when retention deletes its details. */
export function TargetStatusPanel({ opened }: { opened: OpenedTargetCase }) {
  const words = TARGET_STATUS_WORDS[opened.status];
  return (
    <section className="report-status" aria-labelledby="status-heading">
      <h2 id="status-heading" className="status-panel__heading">
        Status: <span className="status-panel__status">{words.title}</span>
      </h2>
      <p>{words.detail}</p>
      {opened.purgeAfter !== null && (
        <p>
          <strong>This case’s details will be deleted on {formatDate(opened.purgeAfter, 'long')}.</strong>{' '}
          {opened.team.name} deletes the details of finished cases after a while: then the messages here and
          any files are gone from this website.
        </p>
      )}
    </section>
  );
}
