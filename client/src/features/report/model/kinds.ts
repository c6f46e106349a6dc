import type { InvolvedAccount, ReportKind } from '#crypto';

/** Kinds of harassment in the reporter's words (PROTOCOL.md codes; the Code of Conduct list first). */
export const ON_WIKI_KINDS: readonly { code: ReportKind; label: string }[] = [
  { code: 'personal_attack', label: 'Personal attacks or insults' },
  { code: 'threat', label: 'Threats' },
  { code: 'offensive_comment', label: 'Offensive or hateful comments' },
  { code: 'sexual_content', label: 'Sexual language or images' },
  { code: 'unwanted_contact', label: 'Unwanted contact, following or stalking (including wikihounding)' },
  { code: 'doxing', label: 'Sharing someone’s private information (doxing or outing)' },
  { code: 'private_communication', label: 'Publishing private messages' },
  { code: 'disruption', label: 'Repeated disruption or trolling' },
  { code: 'discrimination', label: 'Discrimination' },
  { code: 'reporting_misuse', label: 'Misuse of a reporting system against someone' },
];

export const OFF_WIKI_KINDS: readonly { code: ReportKind; label: string }[] = [
  { code: 'impersonation', label: 'Pretending to be someone (impersonation)' },
  { code: 'brigading', label: 'A group acting together against someone (brigading)' },
  { code: 'intimate_images', label: 'Sharing intimate images' },
  { code: 'contact_offwiki', label: 'Calls, messages or emails to the person' },
  { code: 'family_or_employer', label: 'Contacting their family or employer' },
  { code: 'account_compromise', label: 'Breaking into their accounts' },
  { code: 'image_based', label: 'Harassment using pictures of them' },
  { code: 'other', label: 'Something else' },
];

export const INVOLVED_ROLES: readonly { code: InvolvedAccount['role']; label: string }[] = [
  { code: 'alleged_harasser', label: 'Harassing someone' },
  { code: 'target', label: 'Being harassed' },
  { code: 'witness', label: 'Saw it happen' },
  { code: 'other', label: 'Other' },
];
