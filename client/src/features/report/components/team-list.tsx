import { useTeams } from '../api/get-teams';

export function TeamList() {
  const { state, retry } = useTeams();

  switch (state.status) {
    case 'loading':
      return (
        <p className="muted" role="status">
          Loading the list of teams…
        </p>
      );
    case 'error':
      return (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">We could not load the list of teams.</p>
          <p>{state.error.message}</p>
          <p>Nothing you have done caused this. You can try again now or come back a little later.</p>
          <button type="button" className="button button--secondary" onClick={retry}>
            Try again
          </button>
        </div>
      );
    case 'ready':
      if (state.teams.length === 0) {
        return (
          <div className="empty-state">
            <p className="empty-state__title">No team has been set up yet</p>
            <p>
              When the people who look after this community set up their team here, it will appear in this
              list.
            </p>
          </div>
        );
      }
      return (
        <ul className="team-list">
          {state.teams.map((team) => (
            <li key={team.id} className="team-card">
              <h3 className="team-card__name">{team.name}</h3>
              {team.description !== '' && <p className="team-card__description">{team.description}</p>}
            </li>
          ))}
        </ul>
      );
  }
}
