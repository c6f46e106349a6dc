import { Button, EmptyState, Notice } from '../../../components/ui';
import type { Team, TeamsState } from '../api/get-teams';
import './team-list.css';

/** The team's own first-response target, in words ("36 hours", "3 days"). */
export function replyTarget(hours: number): string {
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

interface TeamCardProps {
  team: Team;
  chosen: boolean;
  onChoose: ((team: Team) => void) | undefined;
}

function TeamCard({ team, chosen, onChoose }: TeamCardProps) {
  return (
    <li className={chosen ? 'team-card team-card--chosen' : 'team-card'}>
      <div className="team-card__heading">
        <h3 className="team-card__name">{team.name}</h3>
        {team.community !== null && (
          <p className="tag tag--community" translate="no">
            <span className="visually-hidden">Community: </span>
            {team.community}
          </p>
        )}
      </div>
      {team.description !== '' && <p className="team-card__description">{team.description}</p>}
      <ul className="team-card__facts">
        {team.handles_life_threats && <li className="tag">Handles threats to someone’s life</li>}
        {team.handles_child_safety && <li className="tag">Handles child safety</li>}
        <li>Aims to reply within {replyTarget(team.first_response_hours)}</li>
      </ul>
      {onChoose && (
        <p className="team-card__choose">
          {chosen ? (
            <span className="team-card__chosen">You are writing to this team.</span>
          ) : (
            <Button variant="secondary" onClick={() => onChoose(team)}>
              Report to {team.name}
            </Button>
          )}
        </p>
      )}
    </li>
  );
}

interface TeamListProps {
  state: TeamsState;
  retry: () => void;
  chosenSlug?: string | undefined;
  onChoose?: (team: Team) => void;
}

export function TeamList({ state, retry, chosenSlug, onChoose }: TeamListProps) {
  switch (state.status) {
    case 'loading':
      return (
        <p className="muted" role="status">
          Loading the list of teams…
        </p>
      );
    case 'error':
      return (
        <Notice tone="error" role="alert" title="We could not load the list of teams.">
          <p>{state.error.message}</p>
          <p>Nothing you have done caused this. You can try again now or come back a little later.</p>
          <Button variant="secondary" onClick={retry}>
            Try again
          </Button>
        </Notice>
      );
    case 'ready':
      if (state.teams.length === 0) {
        return (
          <EmptyState title="No team has been set up yet">
            <p>
              When the people who look after this community set up their team here, it will appear in this
              list.
            </p>
          </EmptyState>
        );
      }
      return (
        <ul className="team-list">
          {state.teams.map((team) => (
            <TeamCard key={team.id} team={team} chosen={team.slug === chosenSlug} onChoose={onChoose} />
          ))}
        </ul>
      );
  }
}
