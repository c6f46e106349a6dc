/**
 * The case's records (issue 10 item 4): checklists, investigators, the decision and its on-wiki
 * actions, notices, support, debrief and the public announcement draft. Each is an encrypted,
 * signed `confide/record/v1` item written in this browser; the server never reads them.
 */
import { Trans } from '@lingui/react/macro';

import type { LoadState } from '../../../../../hooks/use-load';
import type { TeamSettings } from '../../../api/settings';
import type { LoadedCase } from '../../../hooks/use-case';
import type { CaseState } from '../../../model/case-state';
import { AnnouncementPanel } from './announcement-panel';
import { ChecklistsPanel } from './checklists-panel';
import { DebriefPanel } from './debrief-panel';
import { DecisionPanel } from './decision-panel';
import { InvestigatorsPanel } from './investigators-panel';
import { NoticesPanel } from './notices-panel';
import { SupportPanel } from './support-panel';
import './records.css';

export { describeRecord } from './describe-record';

export function RecordsPanel({
  loaded,
  state,
  names,
  settings,
  onChanged,
}: {
  loaded: LoadedCase;
  /** The case's records, folded once for the whole page (model/case-state.ts). */
  state: CaseState;
  names: ReadonlyMap<string, string>;
  settings: LoadState<TeamSettings>;
  onChanged: () => void;
}) {
  const props = { loaded, entries: state.records, names, onChanged };
  return (
    <section aria-labelledby="records-heading" className="records">
      <h2 id="records-heading">
        <Trans>Records</Trans>
      </h2>
      <p className="field__hint">
        <Trans>Encrypted and signed like notes; only members who can see this case read them.</Trans>
      </p>
      <ChecklistsPanel {...props} />
      <InvestigatorsPanel {...props} />
      <DecisionPanel {...props} />
      <NoticesPanel {...props} closingOrder={state.closingOrder} />
      <SupportPanel {...props} settings={settings} />
      <DebriefPanel {...props} />
      <AnnouncementPanel {...props} />
    </section>
  );
}
