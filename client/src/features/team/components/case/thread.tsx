import { formatDateTime } from '../../../../lib/format';
import type { OpenedItem } from '../../../../lib/keyring/keyring';
import { Card, CardList } from '../card';
import { AttachmentList } from './attachment-list';
import './thread.css';

/**
 * Messages with the reporter and internal notes, oldest first. An item whose checks failed is
 * listed with the reason, and its content withheld.
 */
export function Thread({
  items,
  names,
}: {
  items: readonly OpenedItem[];
  names: ReadonlyMap<string, string>;
}) {
  return (
    <section aria-labelledby="thread-heading">
      <h2 id="thread-heading">Messages and notes</h2>
      {items.length === 0 ? (
        <p className="muted">Nothing yet. Replies to the reporter and internal notes appear here.</p>
      ) : (
        <CardList as="ol" className="thread">
          {items.map((item) =>
            item.verified ? (
              <VerifiedItem key={item.id} item={item} names={names} />
            ) : (
              <Card key={item.id} className="thread-item thread-item--unverified">
                <p className="thread-item__head">
                  <strong>Could not be verified</strong> ·{' '}
                  <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                </p>
                <p>Its content is withheld because {item.problem}.</p>
              </Card>
            ),
          )}
        </CardList>
      )}
    </section>
  );
}

function VerifiedItem({
  item,
  names,
}: {
  item: Extract<OpenedItem, { verified: true }>;
  names: ReadonlyMap<string, string>;
}) {
  const internal = item.audience === 'team';
  const fromReporter = item.author === 'reporter';
  const who = fromReporter ? 'The reporter' : (names.get(item.author) ?? 'A former member');
  const tone = internal ? 'note' : fromReporter ? 'reporter' : 'team';
  return (
    <Card className={`thread-item thread-item--${tone}`}>
      <p className="thread-item__head">
        <strong>{who}</strong>
        <span className="thread-item__label">
          {internal
            ? 'Internal note — never shown to the reporter'
            : fromReporter
              ? 'From the reporter'
              : 'To the reporter'}
        </span>
        <time dateTime={item.createdAt} className="muted">
          {formatDateTime(item.createdAt)}
        </time>
      </p>
      <div className="prewrap">{item.text}</div>
      {item.attachments.length > 0 && <AttachmentList attachments={item.attachments} />}
    </Card>
  );
}
