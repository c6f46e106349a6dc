import { Plural, Trans, useLingui } from '@lingui/react/macro';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
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
  const { t } = useLingui();
  useDocumentTitle(t`Audit log`);
  const { member } = useUnlockedSession();
  if (member.role !== 'admin') {
    return (
      <>
        <PageHeading>
          <Trans>Audit log</Trans>
        </PageHeading>
        <p>
          <Trans>Only admins can read the audit log.</Trans>
        </p>
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
  const { t } = useLingui();
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
  const events = state.status === 'ready' ? state.value.length : 0;

  return (
    <>
      <PageHeading>
        <Trans>Audit log</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          Who opened, changed or shared what, most recent first (the latest 500). No IP addresses are
          recorded.
        </Trans>
      </p>
      <AuditFilterForm filters={filters} members={members} onChange={onChange} />
      <div role="status" className="muted">
        {state.status === 'loading' && (
          <p>
            <Trans>Loading…</Trans>
          </p>
        )}
        {events > 0 && (
          <p>
            {filtered ? (
              <Plural value={events} one="# event match these filters" other="# events match these filters" />
            ) : (
              <Plural value={events} one="# event" other="# events" />
            )}
          </p>
        )}
      </div>
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, t`The audit log could not be loaded.`)}
        />
      )}
      {state.status === 'ready' &&
        state.value.length === 0 &&
        (filtered ? (
          <p>
            <Trans>No event matches these filters.</Trans>
          </p>
        ) : (
          <p>
            <Trans>Nothing has happened yet.</Trans>
          </p>
        ))}
      {state.status === 'ready' && state.value.length > 0 && (
        <AuditTable events={state.value} names={names} />
      )}
    </>
  );
}
