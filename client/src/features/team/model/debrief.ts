/** The seed's four debrief questions ("After a case: Debriefing"), by the record's field. */
export const DEBRIEF_QUESTIONS = [
  { field: 'best_result', label: 'Was the result the best possible given the circumstances?' },
  {
    field: 'went_well',
    label: 'What went well in this case?',
    hint: 'Things you did or said which were received well, or which led to progress.',
  },
  {
    field: 'went_badly',
    label: 'What didn’t go well in this case?',
    hint: 'Areas where progress was slow, or where processes made things difficult.',
  },
  {
    field: 'improve',
    label: 'How could you work to make things better for next time?',
    hint: 'Are there policies that could be improved or discussed?',
  },
] as const;

export type DebriefField = (typeof DEBRIEF_QUESTIONS)[number]['field'];
