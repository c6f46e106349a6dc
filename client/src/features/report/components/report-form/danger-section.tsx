import { Trans, useLingui } from '@lingui/react/macro';

import { ChoiceGroup, RadioChoices, type RadioOption } from '../../../../components/ui';
import type { Team } from '../../api/get-teams';
import { fieldIds, type Danger } from '../../model/draft';
import type { SectionProps } from '../../model/use-report-form';
import { UrgentGuidance } from './urgent-guidance';

/** The choices; `<Trans>` elements, translated when they render (in the page's language then). */
const DANGERS: readonly RadioOption<Danger>[] = [
  { value: 'none', id: fieldIds.danger, label: <Trans>No one is in immediate danger</Trans> },
  {
    value: 'life',
    id: 'report-danger-life',
    label: <Trans>Someone’s life or physical safety is in danger</Trans>,
  },
  {
    value: 'minor',
    id: 'report-danger-minor',
    label: <Trans>A child or young person under 18 is involved</Trans>,
  },
];

interface DangerSectionProps extends Omit<SectionProps, 'errorFor'> {
  team: Team;
  teams: readonly Team[];
  onChooseTeam: (team: Team) => void;
}

/** "Is anyone in danger?", with what to do now as soon as someone is. */
export function DangerSection({ draft, set, team, teams, onChooseTeam }: DangerSectionProps) {
  const { t } = useLingui();
  return (
    <ChoiceGroup legend={t`Is anyone in danger?`}>
      <RadioChoices name="danger" options={DANGERS} value={draft.danger} onChange={(d) => set('danger', d)} />
      <UrgentGuidance danger={draft.danger} team={team} teams={teams} onChooseTeam={onChooseTeam} />
    </ChoiceGroup>
  );
}
