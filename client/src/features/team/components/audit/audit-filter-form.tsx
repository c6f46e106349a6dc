import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';

import { Button, Select, TextField } from '../../../../components/ui';
import { hasAuditFilters, parseCaseNumber, type AuditFilters } from '../../model/audit-filters';
import { actionWords, AUDIT_CATEGORIES, KNOWN_ACTIONS } from '../../model/audit-words';
import './audit-filter-form.css';

/**
 * The audit log's filters. The two menus apply as they change; the case number applies when
 * submitted (each change asks the server again, so not at every key).
 */
export function AuditFilterForm({
  filters,
  members,
  onChange,
}: {
  filters: AuditFilters;
  /** Everyone the roster has listed, removed members included (the log names them too). */
  members: readonly { readonly id: string; readonly name: string }[];
  onChange: (filters: AuditFilters) => void;
}) {
  const { t, i18n } = useLingui();
  const caseId = useId();
  const selectId = useId();
  const [typed, setTyped] = useState(filters.caseNumber);
  // Whether the number typed is not one: its words are made at each render, in the page's language.
  const [invalid, setInvalid] = useState(false);

  // The address changed under the form (back button, a link): show what it asks for.
  useEffect(() => {
    setTyped(filters.caseNumber);
    setInvalid(false);
  }, [filters.caseNumber]);

  function applyCaseNumber(event: SyntheticEvent) {
    event.preventDefault();
    if (typed.trim() === '') {
      setInvalid(false);
      onChange({ ...filters, caseNumber: '' });
      return;
    }
    const number = parseCaseNumber(typed);
    if (number === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onChange({ ...filters, caseNumber: number });
  }

  const knownAction = filters.action === '' || isListed(filters.action);
  return (
    <form
      className="audit-filters"
      role="search"
      aria-label={t`Filter the audit log`}
      onSubmit={applyCaseNumber}
    >
      <Select
        id={`${selectId}-what`}
        label={t`What`}
        value={filters.action}
        onChange={(e) => onChange({ ...filters, action: e.target.value })}
      >
        <option value="">{t`Everything`}</option>
        <optgroup label={t`Kinds of action`}>
          {AUDIT_CATEGORIES.map((c) => (
            <option key={c.value} value={c.value}>
              {i18n._(c.words)}
            </option>
          ))}
        </optgroup>
        <optgroup label={t`One action`}>
          {KNOWN_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {actionWords(action)}
            </option>
          ))}
        </optgroup>
        {!knownAction && <option value={filters.action}>{filters.action}</option>}
      </Select>
      <Select
        id={`${selectId}-who`}
        label={t`Who`}
        value={filters.member}
        onChange={(e) => onChange({ ...filters, member: e.target.value })}
      >
        <option value="">{t`Anyone`}</option>
        {members.map((m) => (
          <option key={m.id} value={m.id} translate="no">
            {m.name}
          </option>
        ))}
        {filters.member !== '' && !members.some((m) => m.id === filters.member) && (
          <option value={filters.member}>{t`An unknown member`}</option>
        )}
      </Select>
      <div className="audit-filters__case">
        <TextField
          id={caseId}
          label={t`Case number`}
          width="short"
          inputMode="numeric"
          autoComplete="off"
          value={typed}
          maxLength={10}
          error={invalid ? t`Enter a case number, such as 42 or #42.` : undefined}
          alertError
          onChange={(e) => setTyped(e.target.value)}
        />
        <Button type="submit" variant="secondary">
          <Trans>Show</Trans>
        </Button>
      </div>
      {hasAuditFilters(filters) && (
        <p className="audit-filters__clear">
          <Link to="/team/audit">
            <Trans>Show the whole log</Trans>
          </Link>
        </p>
      )}
    </form>
  );
}

function isListed(action: string): boolean {
  return KNOWN_ACTIONS.includes(action) || AUDIT_CATEGORIES.some((c) => c.value === action);
}
