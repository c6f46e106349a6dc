import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';

import type { CaseStatus } from '#contract/enumerations';
import { formatDate } from '../../../lib/format';
import type { OpenedTargetCase } from '../model/open-case';
import './case-status.css';

/**
 * The status as the target reads it. The statuses tell the reporter's story, so a few are said
 * from the target's side: waiting for the reporter is the team still looking into it, and the
 * dates the team promised the reporter are not the target's to read. Translated where shown.
 */
export const TARGET_STATUS_WORDS: Readonly<
  Record<CaseStatus, { title: MessageDescriptor; detail: MessageDescriptor }>
> = {
  received: {
    title: msg`Received`,
    detail: msg`The team has received the report.`,
  },
  acknowledged: {
    title: msg`The team has read the report`,
    detail: msg`Someone from the team has read the report.`,
  },
  investigating: {
    title: msg`The team is looking into it`,
    detail: msg`The team is checking what happened. This can take time.`,
  },
  awaiting_reporter: {
    title: msg`The team is looking into it`,
    detail: msg`The team is checking what happened. This can take time.`,
  },
  referred: {
    title: msg`Passed on to another team`,
    detail: msg`The report has been referred to a team better placed to help.`,
  },
  closed: {
    title: msg`Closed`,
    detail: msg`The team has finished with this case. If they have written to you about what happened, their message is below.`,
  },
  withdrawn: {
    title: msg`Withdrawn`,
    detail: msg`The person who made the report withdrew it. The team is no longer working on it, and new messages cannot be added here.`,
  },
};

/** The case's status in words, and when retention deletes its details. */
export function TargetStatusPanel({ opened }: { opened: OpenedTargetCase }) {
  const { i18n } = useLingui();
  const words = TARGET_STATUS_WORDS[opened.status];
  const title = i18n._(words.title);
  const teamName = opened.team.name;
  const purgeDate = opened.purgeAfter === null ? '' : formatDate(opened.purgeAfter, 'long');
  return (
    <section className="report-status" aria-labelledby="status-heading">
      <h2 id="status-heading" className="status-panel__heading">
        <Trans>
          Status: <span className="status-panel__status">{title}</span>
        </Trans>
      </h2>
      <p>{i18n._(words.detail)}</p>
      {opened.purgeAfter !== null && (
        <p>
          <Trans>
            <strong>This case’s details will be deleted on {purgeDate}.</strong> {teamName} deletes the
            details of finished cases after a while: then the messages here and any files are gone from this
            website.
          </Trans>
        </p>
      )}
    </section>
  );
}
