/**
 * The audit log's filters (what kind of action, who, which case number), as kept in the page's
 * address and as sent to GET /api/audit (AuditQuery in the contract). Pure: unit-tested under Node.
 */

export interface AuditFilters {
  /** An action ("case.status"), a category (the part before the dot: "case"), or '' for any. */
  readonly action: string;
  /** A member id, or '' for anyone. */
  readonly member: string;
  /** A case number as typed, without "#", or '' for any case. */
  readonly caseNumber: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { action: '', member: '', caseNumber: '' };

// The contract's patterns (AuditQuery): a value the server would refuse is never sent.
const ACTION = /^[a-z_]{1,40}(\.[a-z_]{1,40})?$/;
const MEMBER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASE_NUMBER = /^[1-9][0-9]{0,8}$/;

/** "#42", " 42 " → "42"; null for anything that is not a case number. */
export function parseCaseNumber(typed: string): string | null {
  const bare = typed.trim().replace(/^#/, '');
  return CASE_NUMBER.test(bare) ? bare : null;
}

/** The filters an address asks for; a malformed one is dropped (an old or hand-edited link). */
export function auditFiltersFromParams(params: URLSearchParams): AuditFilters {
  const action = params.get('action') ?? '';
  const member = params.get('member') ?? '';
  return {
    action: ACTION.test(action) ? action : '',
    member: MEMBER_ID.test(member) ? member.toLowerCase() : '',
    caseNumber: parseCaseNumber(params.get('case') ?? '') ?? '',
  };
}

/** The address's query for the filters, empty ones left out. */
export function paramsFromAuditFilters(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.action !== '') params.set('action', filters.action);
  if (filters.member !== '') params.set('member', filters.member);
  if (filters.caseNumber !== '') params.set('case', filters.caseNumber);
  return params;
}

/** The query string for GET /api/audit, in the contract's names; '' without filters. */
export function auditQueryString(filters: AuditFilters): string {
  const query = new URLSearchParams();
  if (ACTION.test(filters.action)) query.set('action', filters.action);
  if (MEMBER_ID.test(filters.member)) query.set('member', filters.member);
  const number = parseCaseNumber(filters.caseNumber);
  if (number !== null) query.set('case_number', number);
  return query.toString();
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return filters.action !== '' || filters.member !== '' || filters.caseNumber !== '';
}
