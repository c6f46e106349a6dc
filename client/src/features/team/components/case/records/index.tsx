/**
 * The case's records (issue 10 item 4): checklists, investigators, the decision and its on-wiki
 * actions, notices, support, debrief and the public announcement draft. Each is an encrypted,
 * signed `confide/record/v1` item written in this browser; the server never reads them.
 */
import type { LoadedCase } from '../../../hooks/use-case';
import { useMemberNames } from '../../../hooks/use-member-names';
import { AnnouncementPanel } from './announcement-panel';
import { ChecklistsPanel } from './checklists-panel';
import { DebriefPanel } from './debrief-panel';
import { DecisionPanel } from './decision-panel';
import { InvestigatorsPanel } from './investigators-panel';
import { NoticesPanel } from './notices-panel';
import { recordEntries } from './record-entries';
import { SupportPanel } from './support-panel';
import './records.css';

export { describeRecord } from './describe-record';

export function RecordsPanel({ loaded, onChanged }: { loaded: LoadedCase; onChanged: () => void }) {
  const names = useMemberNames(loaded.team);
  const entries = recordEntries(loaded.opened.items);
  const props = { loaded, entries, names, onChanged };
  return (
    <section aria-labelledby="records-heading" className="records">
      <h2 id="records-heading">Records</h2>
      <p className="field__hint">
        Encrypted and signed like notes; only members who can see this case read them.
      </p>
      <ChecklistsPanel {...props} />
      <InvestigatorsPanel {...props} />
      <DecisionPanel {...props} />
      <NoticesPanel {...props} />
      <SupportPanel {...props} />
      <DebriefPanel {...props} />
      <AnnouncementPanel {...props} />
    </section>
  );
}
