import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { InvolvedAccount, ReportKind } from '#crypto';

/**
 * Kinds of harassment in the reporter's words (PROTOCOL.md codes; the Code of Conduct list first).
 * The labels are translated where they are shown (`i18n._(kind.label)`), in the page's language then.
 */
export const ON_WIKI_KINDS: readonly { code: ReportKind; label: MessageDescriptor }[] = [
  { code: 'personal_attack', label: msg`Personal attacks or insults` },
  { code: 'threat', label: msg`Threats` },
  { code: 'offensive_comment', label: msg`Offensive or hateful comments` },
  { code: 'sexual_content', label: msg`Sexual language or images` },
  { code: 'unwanted_contact', label: msg`Unwanted contact, following or stalking (including wikihounding)` },
  { code: 'doxing', label: msg`Sharing someone’s private information (doxing or outing)` },
  { code: 'private_communication', label: msg`Publishing private messages` },
  { code: 'disruption', label: msg`Repeated disruption or trolling` },
  { code: 'discrimination', label: msg`Discrimination` },
  { code: 'reporting_misuse', label: msg`Misuse of a reporting system against someone` },
];

export const OFF_WIKI_KINDS: readonly { code: ReportKind; label: MessageDescriptor }[] = [
  { code: 'impersonation', label: msg`Pretending to be someone (impersonation)` },
  { code: 'brigading', label: msg`A group acting together against someone (brigading)` },
  { code: 'intimate_images', label: msg`Sharing intimate images` },
  { code: 'contact_offwiki', label: msg`Calls, messages or emails to the person` },
  { code: 'family_or_employer', label: msg`Contacting their family or employer` },
  { code: 'account_compromise', label: msg`Breaking into their accounts` },
  { code: 'image_based', label: msg`Harassment using pictures of them` },
  { code: 'other', label: msg`Something else` },
];

/** What an account involved did, as the reporter chooses it (translated where shown). */
export const INVOLVED_ROLES: readonly { code: InvolvedAccount['role']; label: MessageDescriptor }[] = [
  { code: 'alleged_harasser', label: msg`Harassing someone` },
  { code: 'target', label: msg`Being harassed` },
  { code: 'witness', label: msg`Saw it happen` },
  { code: 'other', label: msg`Other` },
];
