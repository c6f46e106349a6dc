import { Trans } from '@lingui/react/macro';

import { formatDateTime } from '../../../lib/format';
import { attachmentsOf, type OpenedItem, type OpenedThread } from '../model/open-case';
import { SealedFiles } from './attachment-view';
import './message-list.css';

/** Who wrote it: a member's name (as the verified roster gives it) is theirs, never translated. */
function AuthorLine({ item, teamName }: { item: OpenedItem; teamName: string }) {
  switch (item.author.kind) {
    case 'you':
      return <Trans>You</Trans>;
    case 'member': {
      const memberName = item.author.name;
      return (
        <Trans>
          <span translate="no">{memberName}</span>, {teamName}
        </Trans>
      );
    }
    case 'unverified':
      return <Trans>Sender not confirmed</Trans>;
  }
}

/** The conversation: the team's messages and the receipt holder's own, oldest first. */
export function MessageList({ opened }: { opened: OpenedThread }) {
  if (opened.items.length === 0) {
    return (
      <p className="muted">
        <Trans>No messages yet. When the team writes to you, their messages will appear here.</Trans>
      </p>
    );
  }
  return (
    <ol className="reporter-thread">
      {opened.items.map((item) => {
        const attachments = attachmentsOf(item.body);
        const fromYou = item.author.kind === 'you';
        const unverified = item.author.kind === 'unverified';
        return (
          <li
            key={item.id}
            className={`reporter-message${fromYou ? ' reporter-message--yours' : ''}${unverified ? ' reporter-message--unverified' : ''}`}
          >
            <article aria-labelledby={`message-${item.id}`}>
              <h3 className="reporter-message__from" id={`message-${item.id}`}>
                <AuthorLine item={item} teamName={opened.team.name} />{' '}
                <span className="reporter-message__time">
                  <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                </span>
              </h3>
              {item.author.kind === 'unverified' && <UnverifiedWarning reason={item.author.reason} />}
              {item.problem && <p className="reporter-message__warning">{item.problem}</p>}
              {item.body && (
                <p className="reporter-message__text prewrap" translate="no">
                  {item.body.text}
                </p>
              )}
              {attachments.length > 0 && <SealedFiles attachments={attachments} />}
            </article>
          </li>
        );
      })}
    </ol>
  );
}

function UnverifiedWarning({ reason }: { reason: string }) {
  return (
    <p className="reporter-message__warning">
      <Trans>
        <strong>Warning:</strong> this message could not be confirmed as written by a member of the team.{' '}
        {reason} Treat it with care, and do not send personal details because of it.
      </Trans>
    </p>
  );
}
