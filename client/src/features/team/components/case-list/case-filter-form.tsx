import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
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

/** Translated where they are shown, so that they follow the page's language. */
const SORT_WORDS: Readonly<Record<CaseSort, MessageDescriptor>> = {
  triage: msg`Most pressing first`,
  newest: msg`Newest first`,
  oldest: msg`Oldest first`,
  activity: msg`Last activity`,
  check_in: msg`Check-in date, soonest first`,
  number: msg`Case number`,
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
  const { t, i18n } = useLingui();
  const searchId = useId();
  const lateId = useId();
  const selectId = useId();
  return (
    <div className="filters" role="search" aria-label={t`Filter cases`}>
      <TextField
        id={searchId}
        label={t`Search`}
        hint={t`Words from the report, or a case number (#42)`}
        type="search"
        value={filters.query}
        maxLength={MAX_QUERY_LENGTH}
        onChange={(e) => onChange({ query: e.target.value })}
        autoComplete="off"
        spellCheck={false}
      />
      <Select
        id={`${selectId}-status`}
        label={t`Status`}
        value={filters.status}
        onChange={(e) => onChange({ status: e.target.value as StatusFilter })}
      >
        <option value="open">{t`Open cases and follow-ups due`}</option>
        <option value="all">{t`All cases`}</option>
        {CASE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_WORDS[status]}
          </option>
        ))}
      </Select>
      <Select
        id={`${selectId}-assigned-to`}
        label={t`Assigned to`}
        value={filters.assignee}
        onChange={(e) => onChange({ assignee: e.target.value })}
      >
        <option value="anyone">{t`Anyone`}</option>
        <option value="me">{t`Me`}</option>
        <option value="nobody">{t`Nobody yet`}</option>
        {others.map((m) => (
          <option key={m.id} value={m.id} translate="no">
            {m.name}
          </option>
        ))}
        {/* From a link: someone no longer in the team, whose open cases need a new assignee. */}
        {!['anyone', 'me', 'nobody'].includes(filters.assignee) &&
          !others.some((m) => m.id === filters.assignee) && (
            <option value={filters.assignee}>{t`A former member`}</option>
          )}
      </Select>
      <Select
        id={`${selectId}-kind`}
        label={t`Kind`}
        value={filters.kind}
        onChange={(e) => onChange({ kind: e.target.value })}
      >
        <option value="any">{t`Any kind`}</option>
        {Object.entries(KIND_WORDS).map(([code, words]) => (
          <option key={code} value={code}>
            {words}
          </option>
        ))}
      </Select>
      <Select
        id={`${selectId}-order`}
        label={t`Order`}
        value={sort}
        onChange={(e) => onSortChange(e.target.value as CaseSort)}
      >
        {CASE_SORTS.map((s) => (
          <option key={s} value={s}>
            {i18n._(SORT_WORDS[s])}
          </option>
        ))}
      </Select>
      <Choice
        compact
        type="checkbox"
        id={lateId}
        label={t`Only late ones (no reply in time, check-in date passed, or follow-up due)`}
        checked={filters.lateOnly}
        onChange={(lateOnly) => onChange({ lateOnly })}
        className="filters__check"
      />
    </div>
  );
}
