import { msg } from '@lingui/core/macro';

/**
 * The seed's four debrief questions ("After a case: Debriefing"), by the record's field. The
 * label and hint are translated where they are shown (`i18n._(q.label)`).
 */
export const DEBRIEF_QUESTIONS = [
  { field: 'best_result', label: msg`Was the result the best possible given the circumstances?` },
  {
    field: 'went_well',
    label: msg`What went well in this case?`,
    hint: msg`Things you did or said which were received well, or which led to progress.`,
  },
  {
    field: 'went_badly',
    label: msg`What didn’t go well in this case?`,
    hint: msg`Areas where progress was slow, or where processes made things difficult.`,
  },
  {
    field: 'improve',
    label: msg`How could you work to make things better for next time?`,
    hint: msg`Are there policies that could be improved or discussed?`,
  },
] as const;

export type DebriefField = (typeof DEBRIEF_QUESTIONS)[number]['field'];
