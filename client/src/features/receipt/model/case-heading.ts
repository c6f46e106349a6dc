/**
 * The heading of an opened case, which is also the document's title: the reporter's report, or
 * the case a member invited the target into (docs/protocol.md 8.5).
 */
import type { ReceiptRole } from '#contract/enumerations';

export function caseHeading(role: ReceiptRole, teamName: string): string {
  return role === 'reporter' ? `Your report to ${teamName}` : `${teamName} invited you into a case`;
}
