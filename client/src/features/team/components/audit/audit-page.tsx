import { Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { errorText } from '../../../../lib/format';
import { getAudit } from '../../api/audit';
import { useMemberNames } from '../../hooks/use-member-names';
import { useTeamLoad } from '../../hooks/use-team-load';
import { useUnlockedSession } from '../../session/use-team-session';
import { AuditTable } from './audit-table';

/** /team/audit — admins only: who opened, changed or shared what. */
export function AuditPage() {
  useDocumentTitle('Audit log');
  const { verifiedTeam, member } = useUnlockedSession();
  const { state } = useTeamLoad(() => getAudit(), []);
  const names = useMemberNames(verifiedTeam);

  if (member.role !== 'admin') {
    return (
      <>
        <PageHeading>Audit log</PageHeading>
        <p>Only admins can read the audit log.</p>
      </>
    );
  }
  return (
    <>
      <PageHeading>Audit log</PageHeading>
      <p className="lead">
        Who opened, changed or shared what, most recent first (the latest 500). No IP addresses are recorded.
      </p>
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, 'The audit log could not be loaded.')}
        />
      )}
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {state.status === 'ready' && state.value.length === 0 && <p>Nothing has happened yet.</p>}
      {state.status === 'ready' && state.value.length > 0 && (
        <AuditTable events={state.value} names={names} />
      )}
    </>
  );
}
