/**
 * The heading of an opened case, which is also the document's title: the reporter's report, a
 * case made from it by a referral the reporter agreed to (docs/protocol.md 10.10), or the case a
 * member invited the target into (docs/protocol.md 8.5).
 */
import type { ReceiptRole } from '#contract/enumerations';

export function caseHeading(role: ReceiptRole, teamName: string, referred = false): string {
  if (role !== 'reporter') return `${teamName} invited you into a case`;
  return referred ? `Your report, referred to ${teamName}` : `Your report to ${teamName}`;
}
