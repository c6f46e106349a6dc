import type { CaseState } from '../../../model/case-state';
import { VOTE_WORDS, WIKI_ACTION_WORDS } from '../../../model/record-words';
import type { SummaryDraft } from './close-form';

/**
 * The closing summary's first draft, from what the records already say: the latest summary
 * (when reopened and closed again), else the investigators and the decision. The member
 * writes the rest.
 */
export function summaryDraft(state: CaseState, names: ReadonlyMap<string, string>): SummaryDraft {
  if (state.summary !== null) {
    const { about, investigators, findings, outcome } = state.summary.record;
    return { about, investigators, findings, outcome };
  }
  const investigators = [...state.records].reverse().find((r) => r.record.type === 'investigators');
  const members = investigators?.record.type === 'investigators' ? investigators.record.members : [];
  const decision = state.decision?.record;
  const actions = decision?.actions.map((a) => `${WIKI_ACTION_WORDS[a.action]}: ${a.target}`) ?? [];
  return {
    about: '',
    investigators: members.map((id) => names.get(id) ?? 'a former member').join(', '),
    findings: '',
    outcome:
      decision === undefined
        ? ''
        : [VOTE_WORDS[decision.outcome], ...actions].join('. ') + (actions.length > 0 ? '.' : ''),
  };
}
