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
  return (
    <details className="report-details referral-packet">
      <summary>What would be shared</summary>
      <p className="referral-packet__intro">
        <span translate="no">{referrer.name}</span> of {teamName} asked on {formatDate(createdAt, 'long')}.
        This is exactly what {toTeamName} would receive. Besides you and {teamName}, only members of{' '}
        {toTeamName} could read it.
      </p>
      <ReportBodyList
        body={body}
        files={
          fileNames.length > 0 ? (
            <ul>
              {fileNames.map((name, i) => (
                <li key={`${String(i)}-${name}`} className="break">
                  {name}
                </li>
              ))}
            </ul>
          ) : undefined
        }
      >
        <dt>Who asks</dt>
        <dd>
          <span translate="no">{referrer.name}</span>, {teamName}
        </dd>
        {note.contactReferrer && (
          <>
            <dt>
              How {toTeamName} can reach <span translate="no">{referrer.name}</span>
            </dt>
            <dd className="prewrap">{note.contactReferrer}</dd>
          </>
        )}
        {note.contactReporter && (
          <>
            <dt>How {toTeamName} can reach you</dt>
            <dd className="prewrap">{note.contactReporter}</dd>
          </>
        )}
        {note.preliminaryWork && (
          <>
            <dt>What {teamName} has done so far</dt>
            <dd className="prewrap">{note.preliminaryWork}</dd>
          </>
        )}
        <LinkList title="Diffs (individual edits)" links={note.diffs} />
        <LinkList title={`Links from ${teamName}`} links={note.links} />
      </ReportBodyList>
    </details>
  );
}

function LinkList({ title, links }: { title: string; links: readonly ReferralLink[] }) {
  if (links.length === 0) return null;
  return (
    <>
      <dt>{title}</dt>
      <dd>
        <ul>
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
