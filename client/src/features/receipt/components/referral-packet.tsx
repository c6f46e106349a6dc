import { Trans } from '@lingui/react/macro';
import type { ReactNode } from 'react';

import type { ReferralLink } from '../model/open-referral';
import type { OpenedPacket } from '../model/open-referral';
import { formatDate } from '../../../lib/format';
import { ReportBodyList } from './report-details';
import './report-details.css';

type OpenPacket = Extract<OpenedPacket, { ok: true }>;

/**
 * "What would be shared": the referral packet as the reporter's browser opened and checked it
 * (open-referral.ts), folded away by default. Its files are named, not opened: they are the
 * receiving team's to download once shared.
 */
export function ReferralPacket({
  packet,
  teamName,
  toTeamName,
  createdAt,
}: {
  packet: OpenPacket;
  teamName: string;
  toTeamName: string;
  createdAt: string;
}) {
  const { body, note, referrer, fileNames } = packet;
  const referrerName = referrer.name;
  const askedDate = formatDate(createdAt, 'long');
  return (
    <details className="report-details referral-packet">
      <summary>
        <Trans>What would be shared</Trans>
      </summary>
      <p className="referral-packet__intro">
        <Trans>
          <span translate="no">{referrerName}</span> of {teamName} asked on {askedDate}. This is exactly what{' '}
          {toTeamName} would receive. Besides you and {teamName}, only members of {toTeamName} could read it.
        </Trans>
      </p>
      <ReportBodyList
        body={body}
        files={
          fileNames.length > 0 ? (
            <ul translate="no">
              {fileNames.map((name, i) => (
                <li key={`${String(i)}-${name}`} className="break">
                  {name}
                </li>
              ))}
            </ul>
          ) : undefined
        }
      >
        <dt>
          <Trans>Who asks</Trans>
        </dt>
        <dd>
          <Trans>
            <span translate="no">{referrerName}</span>, {teamName}
          </Trans>
        </dd>
        {note.contactReferrer && (
          <>
            <dt>
              <Trans>
                How {toTeamName} can reach <span translate="no">{referrerName}</span>
              </Trans>
            </dt>
            <dd className="prewrap">{note.contactReferrer}</dd>
          </>
        )}
        {note.contactReporter && (
          <>
            <dt>
              <Trans>How {toTeamName} can reach you</Trans>
            </dt>
            <dd className="prewrap">{note.contactReporter}</dd>
          </>
        )}
        {note.preliminaryWork && (
          <>
            <dt>
              <Trans>What {teamName} has done so far</Trans>
            </dt>
            <dd className="prewrap">{note.preliminaryWork}</dd>
          </>
        )}
        <LinkList title={<Trans>Diffs (individual edits)</Trans>} links={note.diffs} />
        <LinkList title={<Trans>Links from {teamName}</Trans>} links={note.links} />
      </ReportBodyList>
    </details>
  );
}

function LinkList({ title, links }: { title: ReactNode; links: readonly ReferralLink[] }) {
  if (links.length === 0) return null;
  return (
    <>
      <dt>{title}</dt>
      <dd>
        <ul translate="no">
          {links.map((link, i) => (
            <li key={`${String(i)}-${link.url}`}>
              <span className="break">{link.url}</span>
              {link.note && ` — ${link.note}`}
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
}
