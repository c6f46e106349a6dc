import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState } from 'react';

import { Button, FormStatus } from '../../../../components/ui';
import { formatDate } from '../../../../lib/format';
import type { OutgoingReferral } from '../../api/cases';
import type { LoadedCase } from '../../hooks/use-case';
import { referralAvailability, referralStateWords } from '../../model/referral';
import { ReferralForm } from './referral-form';
import './referral-panel.css';

/**
 * Referring the case to another team of the deployment (docs/protocol.md 10.10): the referrals
 * made from it and their state, and, while the team works on the case, a form that seals a
 * packet in this browser to the other team's verified roster and to the reporter, signed with the
 * member's key. Within one community it is released at once and the reporter is told; across
 * communities the reporter is asked first and chooses whom of the other team to leave out.
 */
export function ReferralPanel({ loaded, onChanged }: { loaded: LoadedCase; onChanged: () => void }) {
  const { detail, opened } = loaded;
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const headingId = useId();
  const formId = useId();
  const availability = referralAvailability({
    status: detail.status,
    purgedAt: detail.purgedAt,
    reportOpened: opened.report !== null,
    reporterTrusted: opened.canMessageReporter,
  });
  if (availability === 'finished' && detail.referrals.length === 0) return null;

  return (
    <section className="referral-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Trans>Refer to another team</Trans>
      </h2>
      <ReferralList referrals={detail.referrals} />
      {availability === 'unchecked' && (
        <p className="muted">
          <Trans>
            This case cannot be referred from here: its report or the reporter’s keys did not pass this
            browser’s checks (see the warnings at the top of the page).
          </Trans>
        </p>
      )}
      {availability === 'available' && (
        <>
          {!open && (
            <p>
              <Trans>
                Another team of this deployment may be better placed to handle this case. A referral is
                encrypted in this browser for that team’s members (and for the reporter), and signed with your
                key.
              </Trans>
            </p>
          )}
          <Button
            variant={open ? 'quiet' : 'secondary'}
            size="small"
            aria-expanded={open}
            aria-controls={formId}
            onClick={() => {
              setOpen(!open);
              setSent(null);
            }}
          >
            {open ? <Trans>Cancel the referral</Trans> : <Trans>Refer this case to another team</Trans>}
          </Button>
          <div id={formId} hidden={!open}>
            {open && (
              <ReferralForm
                loaded={loaded}
                onSent={(words) => {
                  setSent(words);
                  setOpen(false);
                  onChanged();
                }}
              />
            )}
          </div>
        </>
      )}
      <FormStatus>{sent !== null && <p>{sent}</p>}</FormStatus>
    </section>
  );
}

/** "Referred to {team} on {date}: {state}", oldest first, as the server lists them. */
function ReferralList({ referrals }: { referrals: readonly OutgoingReferral[] }) {
  const { t } = useLingui();
  if (referrals.length === 0) return null;
  return (
    <ul className="plain-list referral-panel__list" aria-label={t`Referrals of this case`}>
      {referrals.map((r) => (
        <ReferralLine key={r.id} referral={r} />
      ))}
    </ul>
  );
}

function ReferralLine({ referral: r }: { referral: OutgoingReferral }) {
  const teamName = r.to_team.name;
  const referredOn = formatDate(r.created_at);
  const state = referralStateWords(r.state);
  const answeredAt = r.decided_at;
  const answeredOn = answeredAt === null ? '' : formatDate(answeredAt);
  return (
    <li>
      <Trans comment="{state}: “released”, “waiting for the reporter’s consent” or “the reporter refused”">
        Referred to <span translate="no">{teamName}</span> on{' '}
        <time dateTime={r.created_at}>{referredOn}</time>: {state}
      </Trans>
      {answeredAt !== null && r.needs_consent && (
        <span className="muted">
          {' '}
          <Trans>
            (answered on <time dateTime={answeredAt}>{answeredOn}</time>)
          </Trans>
        </span>
      )}
    </li>
  );
}
