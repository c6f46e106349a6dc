import { Trans, useLingui } from '@lingui/react/macro';

import type { RecordBody } from '#contract/records';
import { formatDateTime } from '../../../../lib/format';
import type { OpenedItem } from '../../../../lib/keyring/keyring';
import type { TimelineEntry } from '../../model/case-state';
import { itemProblemMessage } from '../../model/integrity-words';
import { internalNoteLabel, messageHeading, threadAuthorName, threadLabel } from '../../model/target-thread';
import { caseEventWords } from '../../model/words';
import { Card, CardList } from '../card';
import { AttachmentList } from './attachment-list';
import { describeRecord, recordDetails } from './records/describe-record';
import { RecordDetailsList } from './records/record-details-list';
import './thread.css';

type VerifiedItem = Extract<OpenedItem, { verified: true }>;

/**
 * The case's timeline, oldest first: messages with the reporter (and with the target, once a
 * member invited them in, each marked as the target's thread), internal notes, records, and
 * every change the server made (status, assignment, dates, recusals, vote rounds and votes). An
 * item whose checks failed is listed with the reason, and its content withheld.
 */
export function Thread({
  entries,
  names,
}: {
  entries: readonly TimelineEntry[];
  names: ReadonlyMap<string, string>;
}) {
  return (
    <section aria-labelledby="thread-heading">
      <h2 id="thread-heading">
        <Trans>Timeline</Trans>
      </h2>
      {entries.length === 0 ? (
        <p className="muted">
          <Trans>Nothing yet. Replies to the reporter, internal notes and changes appear here.</Trans>
        </p>
      ) : (
        <CardList as="ol" className="thread">
          {entries.map((entry) =>
            entry.type === 'event' ? (
              <EventLine key={`event-${entry.event.id}`} entry={entry} names={names} />
            ) : entry.item.verified ? (
              entry.item.record !== null ? (
                <RecordLine key={entry.item.id} item={entry.item} record={entry.item.record} names={names} />
              ) : (
                <VerifiedItemCard key={entry.item.id} item={entry.item} names={names} />
              )
            ) : (
              <UnverifiedItemCard key={entry.item.id} item={entry.item} />
            ),
          )}
        </CardList>
      )}
    </section>
  );
}

type UnverifiedItem = Extract<OpenedItem, { verified: false }>;

/** An item whose checks failed: when it came, and why its content is withheld. */
function UnverifiedItemCard({ item }: { item: UnverifiedItem }) {
  const { i18n } = useLingui();
  const created = formatDateTime(item.createdAt);
  // The keyring's reason, in the page's words.
  const problem = i18n._(itemProblemMessage(item.problem));
  return (
    <Card className="thread-item thread-item--unverified">
      <p className="thread-item__head">
        <Trans>
          <strong>Could not be verified</strong> · <time dateTime={item.createdAt}>{created}</time>
        </Trans>
      </p>
      <p>
        <Trans>Its content is withheld because {problem}.</Trans>
      </p>
    </Card>
  );
}

/** `formerMember`: the words for a member no longer on the roster. */
function authorName(author: string, names: ReadonlyMap<string, string>, formerMember: string): string {
  return threadAuthorName(author, (id) => names.get(id) ?? formerMember);
}

/** A change the server made, with the item that came with it (a note, a summary, a vote). */
function EventLine({
  entry,
  names,
}: {
  entry: Extract<TimelineEntry, { type: 'event' }>;
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useLingui();
  const { event, item } = entry;
  const withItem = item !== null && (item.record !== null || item.text !== '');
  return (
    <li className="thread-event">
      <p className="thread-event__line">
        <span>{caseEventWords(event, (id) => names.get(id) ?? t`a former member`)}</span>{' '}
        <time dateTime={event.at} className="muted">
          {formatDateTime(event.at)}
        </time>
      </p>
      {withItem && (
        <div className={`thread-event__item thread-event__item--${item.audience}`}>
          {item.record !== null ? (
            <>
              {describeRecord(item.record, names)}
              <RecordDetailsList details={recordDetails(item.record)} />
            </>
          ) : (
            <>
              <p className="thread-item__label">
                {item.audience === 'team' ? internalNoteLabel() : messageHeading(item)}
              </p>
              <div className="prewrap" translate="no">
                {item.text}
              </div>
            </>
          )}
          {item.attachments.length > 0 && <AttachmentList attachments={item.attachments} />}
        </div>
      )}
    </li>
  );
}

/** A record, in one line: what was ticked, decided, noticed, offered. */
function RecordLine({
  item,
  record,
  names,
}: {
  item: VerifiedItem;
  record: RecordBody;
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useLingui();
  return (
    <li className="thread-event thread-event--record">
      <p className="thread-event__line">
        <span>
          <strong>{authorName(item.author, names, t`A former member`)}</strong> ·{' '}
          {describeRecord(record, names)}
        </span>{' '}
        <time dateTime={item.createdAt} className="muted">
          {formatDateTime(item.createdAt)}
        </time>
      </p>
      <RecordDetailsList details={recordDetails(record)} />
      {item.attachments.length > 0 && <AttachmentList attachments={item.attachments} />}
    </li>
  );
}

/** The card's look: notes, the reporter's words, the target's words, the team's messages. */
function toneOf(item: VerifiedItem): string {
  if (item.audience === 'team') return 'note';
  if (item.author === 'reporter' || item.author === 'target') return item.author;
  return item.audience === 'target' ? 'to-target' : 'team';
}

function VerifiedItemCard({ item, names }: { item: VerifiedItem; names: ReadonlyMap<string, string> }) {
  const { t } = useLingui();
  return (
    <Card className={`thread-item thread-item--${toneOf(item)}`}>
      <p className="thread-item__head">
        <strong>{authorName(item.author, names, t`A former member`)}</strong>
        <span className="thread-item__label">{threadLabel(item)}</span>
        <time dateTime={item.createdAt} className="muted">
          {formatDateTime(item.createdAt)}
        </time>
      </p>
      <div className="prewrap" translate="no">
        {item.text}
      </div>
      {item.attachments.length > 0 && <AttachmentList attachments={item.attachments} />}
    </Card>
  );
}
