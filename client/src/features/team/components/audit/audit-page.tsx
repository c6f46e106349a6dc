import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { formatCount } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import { getAudit } from '../../api/audit';
import { useMemberNames } from '../../hooks/use-member-names';
import { useTeamLoad } from '../../hooks/use-team-load';
import {
  auditFiltersFromParams,
  auditQueryString,
  hasAuditFilters,
  paramsFromAuditFilters,
  type AuditFilters,
} from '../../model/audit-filters';
import { useUnlockedSession } from '../../session/use-team-session';
import { AuditFilterForm } from './audit-filter-form';
import { AuditTable } from './audit-table';

/** /team/audit — admins only: who opened, changed or shared what. */
export function AuditPage() {
  useDocumentTitle('Audit log');
  const { member } = useUnlockedSession();
  if (member.role !== 'admin') {
    return (
      <>
        <PageHeading>Audit log</PageHeading>
        <p>Only admins can read the audit log.</p>
      </>
    );
  }
  return <AdminAuditLog />;
}

/**
 * The log itself, filtered by the server. The filters live in the address (?action=case&case=42),
 * so a reload, a shared link and the back button keep them; each change asks the server again.
 */
function AdminAuditLog() {
  const { verifiedTeam } = useUnlockedSession();
  const names = useMemberNames(verifiedTeam);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => auditFiltersFromParams(params), [params]);
  // One load per distinct query: the string, not the object, is what changes it.
  const query = auditQueryString(filters);
  const { state } = useTeamLoad((signal) => getAudit(filters, signal), [query]);
  const members = useMemo(
    () => [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    [names],
  );
  const onChange = useCallback((next: AuditFilters) => setParams(paramsFromAuditFilters(next)), [setParams]);
  const filtered = hasAuditFilters(filters);

  return (
    <>
      <PageHeading>Audit log</PageHeading>
      <p className="lead">
        Who opened, changed or shared what, most recent first (the latest 500). No IP addresses are recorded.
      </p>
      <AuditFilterForm filters={filters} members={members} onChange={onChange} />
      <div role="status" className="muted">
        {state.status === 'loading' && <p>Loading…</p>}
        {state.status === 'ready' && state.value.length > 0 && (
          <p>
            {formatCount(state.value.length)} {state.value.length === 1 ? 'event' : 'events'}
            {filtered && ' match these filters'}
          </p>
        )}
      </div>
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, 'The audit log could not be loaded.')}
        />
      )}
      {state.status === 'ready' &&
        state.value.length === 0 &&
        (filtered ? <p>No event matches these filters.</p> : <p>Nothing has happened yet.</p>)}
      {state.status === 'ready' && state.value.length > 0 && (
        <AuditTable events={state.value} names={names} />
      )}
    </>
  );
}
