import { Trans, useLingui } from '@lingui/react/macro';

import { Button, Notice } from '../../../../components/ui';
import type { Team } from '../../api/get-teams';
import type { Danger } from '../../model/draft';

interface UrgentGuidanceProps {
  danger: Danger;
  team: Team;
  teams: readonly Team[];
  onChooseTeam: (team: Team) => void;
}

/**
 * What to do now, shown the moment someone says a life is in danger or a child is involved
 * (WORKFLOW.md §1). It is an alert: screen readers announce it straight away.
 */
export function UrgentGuidance({ danger, team, teams, onChooseTeam }: UrgentGuidanceProps) {
  const { t } = useLingui();
  if (danger === 'none') return null;
  const childSafety = teams.filter((other) => other.handles_child_safety);
  const lifeTeams = teams.filter((other) => other.handles_life_threats);
  const teamName = team.name;
  return (
    <Notice tone="urgent" role="alert" title={t`What to do now`}>
      {danger === 'life' ? (
        <>
          <p>
            <Trans>
              <strong>If someone could be hurt soon, contact your local emergency services now</strong> (for
              example 112 in Europe, 911 in North America, 999 in the United Kingdom). The people who read
              reports here are often volunteers and may not see yours straight away.
            </Trans>
          </p>
          {!team.handles_life_threats && lifeTeams.length > 0 && (
            <p>
              <Trans>
                {teamName} does not say it handles threats to life. These teams do:{' '}
                <TeamChoices teams={lifeTeams} onChooseTeam={onChooseTeam} />
              </Trans>
            </p>
          )}
        </>
      ) : (
        <>
          <p>
            <strong>
              <Trans>
                If a child is in danger right now, contact your local emergency services or the police.
              </Trans>
            </strong>
          </p>
          {childSafety.length > 0 ? (
            team.handles_child_safety ? (
              <p>
                <Trans>{teamName} handles child safety, so you are writing to the right team.</Trans>
              </p>
            ) : (
              <p>
                <Trans>
                  On this site, child safety is handled by:{' '}
                  <TeamChoices teams={childSafety} onChooseTeam={onChooseTeam} />. You can switch to that team
                  now; what you have written so far stays.
                </Trans>
              </p>
            )
          ) : (
            <p>
              <Trans>
                No team on this site says it handles child safety. You can still send this report, and you can
                also contact a child-protection hotline in your country.
              </Trans>
            </p>
          )}
        </>
      )}
      <p>
        <Trans>
          Your report will be marked <strong>urgent</strong>, so the team sees it before others.
        </Trans>
      </p>
    </Notice>
  );
}

function TeamChoices({
  teams,
  onChooseTeam,
}: {
  teams: readonly Team[];
  onChooseTeam: (team: Team) => void;
}) {
  return (
    <span className="inline-choices">
      {teams.map((t, i) => (
        <span key={t.id}>
          {i > 0 && ', '}
          <Button variant="link" onClick={() => onChooseTeam(t)} translate="no">
            {t.name}
          </Button>
        </span>
      ))}
    </span>
  );
}
