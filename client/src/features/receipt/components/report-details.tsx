import type { ReactNode } from 'react';

import { attachmentsOf, type OpenedCase, type OpenedReportBody } from '../model/open-case';
import { SealedFiles } from './attachment-view';
import './report-details.css';

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

/** The report as the reporter sent it, folded away by default. */
export function ReportDetails({ opened }: { opened: OpenedCase }) {
  const attachments = attachmentsOf(opened.body);
  return (
    <details className="report-details">
      <summary>The report you sent</summary>
      <ReportBodyList
        body={opened.body}
        files={attachments.length > 0 ? <SealedFiles attachments={attachments} /> : undefined}
      />
    </details>
  );
}

/**
 * A report body's fields in words, as a list; `files` shows its files (the reporter's own report
 * lets them open them, a referral packet only names them), `children` adds fields at the end.
 */
export function ReportBodyList({
  body,
  files,
  children,
}: {
  body: OpenedReportBody;
  files: ReactNode;
  children?: ReactNode;
}) {
  return (
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
          <dd>{body.danger === 'life' ? 'Someone’s life or safety is in danger' : 'A child is involved'}</dd>
        </>
      )}
      <dt>How the team can reach you</dt>
      <dd>{body.contact?.by === 'email' ? `Here, and by email at ${body.contact.email}` : 'Only here'}</dd>
      {files !== undefined && (
        <>
          <dt>Files</dt>
          <dd>{files}</dd>
        </>
      )}
      {children}
    </dl>
  );
}
