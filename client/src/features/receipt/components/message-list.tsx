import { formatDateTime } from '../../../lib/format';
import { attachmentsOf, type OpenedItem, type OpenedThread } from '../model/open-case';
import { SealedFiles } from './attachment-view';
import './message-list.css';

function authorLine(item: OpenedItem, teamName: string): string {
  switch (item.author.kind) {
    case 'you':
      return 'You';
    case 'member':
      return `${item.author.name}, ${teamName}`;
    case 'unverified':
      return 'Sender not confirmed';
  }
}

/** The conversation: the team's messages and the receipt holder's own, oldest first. */
export function MessageList({ opened }: { opened: OpenedThread }) {
  if (opened.items.length === 0) {
    return (
      <p className="muted">No messages yet. When the team writes to you, their messages will appear here.</p>
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
                {authorLine(item, opened.team.name)}{' '}
                <span className="reporter-message__time">
                  <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                </span>
              </h3>
              {item.author.kind === 'unverified' && (
                <p className="reporter-message__warning">
                  <strong>Warning:</strong> this message could not be confirmed as written by a member of the
                  team. {item.author.reason} Treat it with care, and do not send personal details because of
                  it.
                </p>
              )}
              {item.problem && <p className="reporter-message__warning">{item.problem}</p>}
              {item.body && <p className="reporter-message__text prewrap">{item.body.text}</p>}
              {attachments.length > 0 && <SealedFiles attachments={attachments} />}
            </article>
          </li>
        );
      })}
    </ol>
  );
}
