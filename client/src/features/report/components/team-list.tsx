import { Plural, Trans, useLingui } from '@lingui/react/macro';

import { Button, EmptyState, Notice } from '../../../components/ui';
import { errorText } from '../../../lib/error-words';
import { primarySubtag, variantFor } from '../../../lib/language-variant';
import type { Team, TeamsState } from '../api/get-teams';
import './team-list.css';

/**
 * The team's own first-response target in the unit people say it in: hours up to two days
 * ("36 hours"), days from then on ("3 days"). Each sentence that states it has one message per
 * unit, with the count as a plural, so that it reads whole in every language.
 */
export function replyTarget(hours: number): { readonly unit: 'hour' | 'day'; readonly count: number } {
  return hours < 48 ? { unit: 'hour', count: hours } : { unit: 'day', count: Math.round(hours / 24) };
}

/** "Aims to reply within 24 hours". */
function ReplyWithin({ hours }: { hours: number }) {
  const { unit, count } = replyTarget(hours);
  return unit === 'hour' ? (
    <Trans>
      Aims to reply within <Plural value={count} one="# hour" other="# hours" />
    </Trans>
  ) : (
    <Trans>
      Aims to reply within <Plural value={count} one="# day" other="# days" />
    </Trans>
  );
}

interface TeamCardProps {
  team: Team;
  chosen: boolean;
  onChoose: ((team: Team) => void) | undefined;
}

/**
 * The team's description in the page's language where the team wrote one in it (matched on the
 * primary subtag), with that language's tag; else its default wording, whose language the team
 * does not name. A reporter picks a team before choosing the language they write in, so the
 * page's language is the one they read.
 */
function teamDescription(team: Team, pageLanguage: string): { text: string; lang: string | undefined } {
  const variant = variantFor(pageLanguage, team.description_translations);
  return variant !== null && variant.trim() !== ''
    ? { text: variant, lang: primarySubtag(pageLanguage) ?? undefined }
    : { text: team.description, lang: undefined };
}

function TeamCard({ team, chosen, onChoose }: TeamCardProps) {
  // Read again when the reader switches language.
  const { i18n } = useLingui();
  const teamName = team.name;
  const community = team.community;
  const description = teamDescription(team, i18n.locale);
  return (
    <li className={chosen ? 'team-card team-card--chosen' : 'team-card'}>
      <div className="team-card__heading">
        <h3 className="team-card__name" translate="no">
          {teamName}
        </h3>
        {community !== null && (
          <p className="tag tag--community">
            <Trans>
              <span className="visually-hidden">Community: </span>
              <span translate="no">{community}</span>
            </Trans>
          </p>
        )}
      </div>
      {description.text !== '' && (
        <p className="team-card__description" translate="no" lang={description.lang}>
          {description.text}
        </p>
      )}
      <ul className="team-card__facts">
        {team.handles_life_threats && (
          <li className="tag">
            <Trans>Handles threats to someone’s life</Trans>
          </li>
        )}
        {team.handles_child_safety && (
          <li className="tag">
            <Trans>Handles child safety</Trans>
          </li>
        )}
        <li>
          <ReplyWithin hours={team.first_response_hours} />
        </li>
      </ul>
      {onChoose && (
        <p className="team-card__choose">
          {chosen ? (
            <span className="team-card__chosen">
              <Trans>You are writing to this team.</Trans>
            </span>
          ) : (
            <Button variant="secondary" onClick={() => onChoose(team)}>
              <Trans>Report to {teamName}</Trans>
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
  const { t } = useLingui();
  switch (state.status) {
    case 'loading':
      return (
        <p className="muted" role="status">
          <Trans>Loading the list of teams…</Trans>
        </p>
      );
    case 'error':
      return (
        <Notice tone="error" role="alert" title={t`We could not load the list of teams.`}>
          <p>{errorText(state.error, t`Something unexpected went wrong on this page.`)}</p>
          <p>
            <Trans>
              Nothing you have done caused this. You can try again now or come back a little later.
            </Trans>
          </p>
          <Button variant="secondary" onClick={retry}>
            <Trans>Try again</Trans>
          </Button>
        </Notice>
      );
    case 'ready':
      if (state.teams.length === 0) {
        return (
          <EmptyState title={t`No team has been set up yet`}>
            <p>
              <Trans>
                When the people who look after this community set up their team here, it will appear in this
                list.
              </Trans>
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
