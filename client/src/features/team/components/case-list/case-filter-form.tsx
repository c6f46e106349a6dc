import { useId, type ReactNode } from 'react';

import { Choice, Field, TextField } from '../../../../components/ui';
import { CASE_STATUSES } from '#contract/enumerations';
import type { CaseFilters, StatusFilter } from '../../model/case-list';
import { KIND_WORDS, STATUS_WORDS } from '../../model/words';
import './case-filter-form.css';

/** The case list's search and filters; every change is applied as it is made. */
export function CaseFilterForm({
  filters,
  onChange,
  others,
}: {
  filters: CaseFilters;
  onChange: (change: Partial<CaseFilters>) => void;
  /** Active members other than the one signed in ("Me" is its own choice). */
  others: readonly { readonly id: string; readonly name: string }[];
}) {
  const searchId = useId();
  const lateId = useId();
  return (
    <div className="filters" role="search" aria-label="Filter cases">
      <TextField
        id={searchId}
        label="Search"
        type="search"
        value={filters.query}
        onChange={(e) => onChange({ query: e.target.value })}
        autoComplete="off"
        spellCheck={false}
      />
      <FilterSelect
        label="Status"
        value={filters.status}
        onChange={(value) => onChange({ status: value as StatusFilter })}
      >
        <option value="open">All open cases</option>
        <option value="all">All cases</option>
        {CASE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_WORDS[status]}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label="Assigned to"
        value={filters.assignee}
        onChange={(value) => onChange({ assignee: value })}
      >
        <option value="anyone">Anyone</option>
        <option value="me">Me</option>
        <option value="nobody">Nobody yet</option>
        {others.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect label="Kind" value={filters.kind} onChange={(value) => onChange({ kind: value })}>
        <option value="any">Any kind</option>
        {Object.entries(KIND_WORDS).map(([code, words]) => (
          <option key={code} value={code}>
            {words}
          </option>
        ))}
      </FilterSelect>
      <Choice
        compact
        type="checkbox"
        id={lateId}
        label="Only late ones (no reply in time, or check-in date passed)"
        checked={filters.lateOnly}
        onChange={(lateOnly) => onChange({ lateOnly })}
        className="filters__check"
      />
    </div>
  );
}

function FilterSelect({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <Field id={id} label={label}>
      {(control) => (
        <select {...control} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}
