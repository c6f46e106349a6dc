import { useEffect, useRef, type ReactNode } from 'react';

import { describeTrustProblem } from '../../../lib/roster-trust';
import { attachmentsOf, type OpenedCase, type OpenedItem } from '../model/open-case';
import { AttachmentView } from './attachment-view';

const KIND_WORDS: Record<string, string> = {
  personal_attack: 'Personal attacks or insults',
  threat: 'Threats',
  offensive_comment: 'Offensive or hateful comments',
  sexual_content: 'Sexual language or images',
  unwanted_contact: 'Unwanted contact, following or stalking',
  doxing: 'Sharing private information',
  private_communication: 'Publishing private messages',
  disruption: 'Repeated disruption or trolling',
  discrimination: 'Discrimination',
  reporting_misuse: 'Misuse of a reporting system',
  impersonation: 'Impersonation',
  brigading: 'Brigading',
  intimate_images: 'Sharing intimate images',
  contact_offwiki: 'Calls, messages or emails',
  family_or_employer: 'Contacting family or employer',
  account_compromise: 'Accounts broken into',
  image_based: 'Harassment using pictures',
  other: 'Something else',
};

const ROLE_WORDS: Record<string, string> = {
  alleged_harasser: 'harassing someone',
  target: 'being harassed',
  witness: 'saw it happen',
  other: 'other',
};

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Loud, when the team's keys cannot be trusted: answers are disabled and senders unconfirmed. */
export function TeamKeysNotice({ opened }: { opened: OpenedCase }) {
  const { trust } = opened;
  if (trust.status === 'trusted' && !opened.teamProblem) return null;
  const reasons =
    trust.status === 'warning'
      ? trust.problems.map((p) => describeTrustProblem(p, opened.team.name))
      : trust.status === 'invalid'
        ? [`The team’s member list does not pass this browser’s security checks (${trust.message}).`]
        : [];
  if (opened.teamProblem) reasons.push(opened.teamProblem);
  return (
    <div className="notice notice--error security-warning" role="alert">
      <p className="notice__title">Warning: the team’s keys cannot be confirmed</p>
      <ul>
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>
        Messages below cannot be confirmed as coming from the team, and you cannot send anything from here
        until this is resolved. Do not share personal details in answer to them. If you can, tell the team
        through another channel.
      </p>
    </div>
  );
}

/** The report as the reporter sent it, folded away by default. */
export function ReportDetails({ opened }: { opened: OpenedCase }) {
  const { body } = opened;
  const attachments = attachmentsOf(body);
  return (
    <details className="report-details">
      <summary>The report you sent</summary>
      <dl className="report-details__list">
        {body.summary && (
          <>
            <dt>Summary</dt>
            <dd>{body.summary}</dd>
          </>
        )}
        <dt>What happened</dt>
        <dd className="prewrap">{body.what_happened}</dd>
        {body.where && (
          <>
            <dt>Where</dt>
            <dd>{body.where}</dd>
          </>
        )}
        {body.kinds && body.kinds.length > 0 && (
          <>
            <dt>Kinds of harassment</dt>
            <dd>{body.kinds.map((k) => KIND_WORDS[k] ?? k).join(', ')}</dd>
          </>
        )}
        {body.links && body.links.length > 0 && (
          <>
            <dt>Links</dt>
            <dd>
              <ul>
                {body.links.map((link, i) => (
                  <li key={`${String(i)}-${link.url}`}>
                    <span className="break">{link.url}</span>
                    {link.note && ` — ${link.note}`}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {body.involved && body.involved.length > 0 && (
          <>
            <dt>Accounts involved</dt>
            <dd>
              <ul>
                {body.involved.map((person, i) => (
                  <li key={`${String(i)}-${person.name}`}>
                    {person.name} ({ROLE_WORDS[person.role] ?? person.role})
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {body.private_info_exposed && (
          <>
            <dt>Private information</dt>
            <dd>Published and still visible</dd>
          </>
        )}
        {body.danger && body.danger !== 'none' && (
          <>
            <dt>Danger</dt>
            <dd>
              {body.danger === 'life' ? 'Someone’s life or safety is in danger' : 'A child is involved'}
            </dd>
          </>
        )}
        <dt>How the team can reach you</dt>
        <dd>{body.contact?.by === 'email' ? `Here, and by email at ${body.contact.email}` : 'Only here'}</dd>
        {attachments.length > 0 && (
          <>
            <dt>Files</dt>
            <dd>
              <ul className="sealed-files">
                {attachments.map((a) => (
                  <AttachmentView key={a.id} attachment={a} />
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
    </details>
  );
}

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

/** The conversation: the team's messages and the reporter's own, oldest first. */
export function MessageList({ opened }: { opened: OpenedCase }) {
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
                  <time dateTime={item.createdAt}>{when(item.createdAt)}</time>
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
              {attachments.length > 0 && (
                <ul className="sealed-files">
                  {attachments.map((a) => (
                    <AttachmentView key={a.id} attachment={a} />
                  ))}
                </ul>
              )}
            </article>
          </li>
        );
      })}
    </ol>
  );
}

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question (native <dialog>: focus stays inside, Escape cancels, focus returns after). */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) {
      dialog.showModal();
      // Start on the harmless choice, so Enter never confirms by accident.
      cancelRef.current?.focus();
    }
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      className="reporter-dialog"
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!props.busy) props.onCancel();
      }}
    >
      <h2 id="dialog-title" className="reporter-dialog__title">
        {props.title}
      </h2>
      {props.children}
      <div className="action-row">
        <button
          type="button"
          className="button button--danger"
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
        <button
          ref={cancelRef}
          type="button"
          className="button button--secondary"
          disabled={props.busy}
          onClick={props.onCancel}
        >
          {props.cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
