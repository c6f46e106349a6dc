import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { formatList } from '../../../../../lib/format';
import type { CaseState } from '../../../model/case-state';
import { VOTE_WORDS, WIKI_ACTION_WORDS } from '../../../model/record-words';
import type { SummaryDraft } from './close-form';

/**
 * The closing summary's first draft, from what the records already say: the latest summary
 * (when reopened and closed again), else the investigators and the decision. The member
 * writes the rest. In the page's language as it is when called.
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
    investigators: formatList(members.map((id) => names.get(id) ?? i18n._(msg`a former member`))),
    findings: '',
    outcome:
      decision === undefined
        ? ''
        : [VOTE_WORDS[decision.outcome], ...actions].join('. ') + (actions.length > 0 ? '.' : ''),
  };
}
