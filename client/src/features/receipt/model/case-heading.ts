/**
 * The heading of an opened case, which is also the document's title: the reporter's report, a
 * case made from it by a referral the reporter agreed to (docs/protocol.md 10.10), or the case a
 * member invited the target into (docs/protocol.md 8.5). In the page's language, as it is now:
 * call it where it is shown.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { ReceiptRole } from '#contract/enumerations';

export function caseHeading(role: ReceiptRole, teamName: string, referred = false): string {
  if (role !== 'reporter') return i18n._(msg`${teamName} invited you into a case`);
  return referred
    ? i18n._(msg`Your report, referred to ${teamName}`)
    : i18n._(msg`Your report to ${teamName}`);
}
