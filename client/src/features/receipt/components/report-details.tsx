import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import type { ReactNode } from 'react';

import { attachmentsOf, type OpenedCase, type OpenedReportBody } from '../model/open-case';
import { SealedFiles } from './attachment-view';
import './report-details.css';

/** The report form's kinds of harassment, translated where shown; a kind not listed shows as sent. */
const KIND_WORDS: Readonly<Record<string, MessageDescriptor>> = {
  personal_attack: msg`Personal attacks or insults`,
  threat: msg`Threats`,
  offensive_comment: msg`Offensive or hateful comments`,
  sexual_content: msg`Sexual language or images`,
  unwanted_contact: msg`Unwanted contact, following or stalking`,
  doxing: msg`Sharing private information`,
  private_communication: msg`Publishing private messages`,
  disruption: msg`Repeated disruption or trolling`,
  discrimination: msg`Discrimination`,
  reporting_misuse: msg`Misuse of a reporting system`,
  impersonation: msg`Impersonation`,
  brigading: msg`Brigading`,
  intimate_images: msg`Sharing intimate images`,
  contact_offwiki: msg`Calls, messages or emails`,
  family_or_employer: msg`Contacting family or employer`,
  account_compromise: msg`Accounts broken into`,
  image_based: msg`Harassment using pictures`,
  other: msg`Something else`,
};

/** What an account involved did, as the reporter said, translated where shown. */
const ROLE_WORDS: Readonly<Record<string, MessageDescriptor>> = {
  alleged_harasser: msg`harassing someone`,
  target: msg`being harassed`,
  witness: msg`saw it happen`,
  other: msg`other`,
};

/** The word of KIND_WORDS or ROLE_WORDS for a value as sent; undefined when it has none. */
function wordFor(
  words: Readonly<Record<string, MessageDescriptor>>,
  value: string,
): MessageDescriptor | undefined {
  // Own keys only: a value such as "constructor" is not one of ours.
  return Object.hasOwn(words, value) ? words[value] : undefined;
}

/** The report as the reporter sent it, folded away by default. */
export function ReportDetails({ opened }: { opened: OpenedCase }) {
  const attachments = attachmentsOf(opened.body);
  return (
    <details className="report-details">
      <summary>
        <Trans>The report you sent</Trans>
      </summary>
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
  const { i18n } = useLingui();
  const kindWord = (kind: string) => {
    const word = wordFor(KIND_WORDS, kind);
    return word === undefined ? kind : i18n._(word);
  };
  const email = body.contact?.by === 'email' ? body.contact.email : undefined;
  return (
    <dl className="report-details__list">
      {body.summary && (
        <>
          <dt>
            <Trans>Summary</Trans>
          </dt>
          <dd translate="no">{body.summary}</dd>
        </>
      )}
      <dt>
        <Trans>What happened</Trans>
      </dt>
      <dd className="prewrap" translate="no">
        {body.what_happened}
      </dd>
      {body.where && (
        <>
          <dt>
            <Trans>Where</Trans>
          </dt>
          <dd translate="no">{body.where}</dd>
        </>
      )}
      {body.kinds && body.kinds.length > 0 && (
        <>
          <dt>
            <Trans>Kinds of harassment</Trans>
          </dt>
          <dd>{body.kinds.map(kindWord).join(', ')}</dd>
        </>
      )}
      {body.links && body.links.length > 0 && (
        <>
          <dt>
            <Trans>Links</Trans>
          </dt>
          <dd>
            <ul translate="no">
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
          <dt>
            <Trans>Accounts involved</Trans>
          </dt>
          <dd>
            <ul>
              {body.involved.map((person, i) => (
                <li key={`${String(i)}-${person.name}`}>
                  <InvolvedAccount name={person.name} role={person.role} />
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {body.private_info_exposed && (
        <>
          <dt>
            <Trans>Private information</Trans>
          </dt>
          <dd>
            <Trans>Published and still visible</Trans>
          </dd>
        </>
      )}
      {body.danger && body.danger !== 'none' && (
        <>
          <dt>
            <Trans>Danger</Trans>
          </dt>
          <dd>
            {body.danger === 'life' ? (
              <Trans>Someone’s life or safety is in danger</Trans>
            ) : (
              <Trans>A child is involved</Trans>
            )}
          </dd>
        </>
      )}
      <dt>
        <Trans>How the team can reach you</Trans>
      </dt>
      <dd>
        {email !== undefined ? (
          <Trans>
            Here, and by email at <span translate="no">{email}</span>
          </Trans>
        ) : (
          <Trans>Only here</Trans>
        )}
      </dd>
      {files !== undefined && (
        <>
          <dt>
            <Trans>Files</Trans>
          </dt>
          <dd>{files}</dd>
        </>
      )}
      {children}
    </dl>
  );
}

/** An account the reporter named, and what it did: the name is theirs, never translated. */
function InvolvedAccount({ name, role }: { name: string; role: string }) {
  const { i18n } = useLingui();
  const word = wordFor(ROLE_WORDS, role);
  const what = word === undefined ? role : i18n._(word);
  return (
    <Trans>
      <span translate="no">{name}</span> ({what})
    </Trans>
  );
}
