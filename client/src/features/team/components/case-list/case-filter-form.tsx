import { useId } from 'react';

import { Choice, Select, TextField } from '../../../../components/ui';
import { CASE_STATUSES } from '#contract/enumerations';
import {
  CASE_SORTS,
  MAX_QUERY_LENGTH,
  type CaseFilters,
  type CaseSort,
  type StatusFilter,
} from '../../model/case-list';
import { KIND_WORDS, STATUS_WORDS } from '../../model/words';
import './case-filter-form.css';

const SORT_WORDS: Readonly<Record<CaseSort, string>> = {
  triage: 'Most pressing first',
  newest: 'Newest first',
  oldest: 'Oldest first',
  activity: 'Last activity',
  check_in: 'Check-in date, soonest first',
  number: 'Case number',
};

/** The case list's search, filters and order; every change is applied as it is made. */
export function CaseFilterForm({
  filters,
  sort,
  onChange,
  onSortChange,
  others,
}: {
  filters: CaseFilters;
  sort: CaseSort;
  onChange: (change: Partial<CaseFilters>) => void;
  onSortChange: (sort: CaseSort) => void;
  /** Active members other than the one signed in ("Me" is its own choice). */
  others: readonly { readonly id: string; readonly name: string }[];
}) {
  const searchId = useId();
  const lateId = useId();
  const selectId = useId();
  return (
    <div className="filters" role="search" aria-label="Filter cases">
      <TextField
        id={searchId}
        label="Search"
        hint="Words from the report, or a case number (#42)"
        type="search"
        value={filters.query}
        maxLength={MAX_QUERY_LENGTH}
        onChange={(e) => onChange({ query: e.target.value })}
        autoComplete="off"
        spellCheck={false}
      />
      <Select
        id={`${selectId}-status`}
        label="Status"
        value={filters.status}
        onChange={(e) => onChange({ status: e.target.value as StatusFilter })}
      >
        <option value="open">Open cases and follow-ups due</option>
        <option value="all">All cases</option>
        {CASE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_WORDS[status]}
          </option>
        ))}
      </Select>
      <Select
        id={`${selectId}-assigned-to`}
        label="Assigned to"
        value={filters.assignee}
        onChange={(e) => onChange({ assignee: e.target.value })}
      >
        <option value="anyone">Anyone</option>
        <option value="me">Me</option>
        <option value="nobody">Nobody yet</option>
        {others.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
        {/* From a link: someone no longer in the team, whose open cases need a new assignee. */}
        {!['anyone', 'me', 'nobody'].includes(filters.assignee) &&
          !others.some((m) => m.id === filters.assignee) && (
            <option value={filters.assignee}>A former member</option>
          )}
      </Select>
      <Select
        id={`${selectId}-kind`}
        label="Kind"
        value={filters.kind}
        onChange={(e) => onChange({ kind: e.target.value })}
      >
        <option value="any">Any kind</option>
        {Object.entries(KIND_WORDS).map(([code, words]) => (
          <option key={code} value={code}>
            {words}
          </option>
        ))}
      </Select>
      <Select
        id={`${selectId}-order`}
        label="Order"
        value={sort}
        onChange={(e) => onSortChange(e.target.value as CaseSort)}
      >
        {CASE_SORTS.map((s) => (
          <option key={s} value={s}>
            {SORT_WORDS[s]}
          </option>
        ))}
      </Select>
      <Choice
        compact
        type="checkbox"
        id={lateId}
        label="Only late ones (no reply in time, check-in date passed, or follow-up due)"
        checked={filters.lateOnly}
        onChange={(lateOnly) => onChange({ lateOnly })}
        className="filters__check"
      />
    </div>
  );
}
