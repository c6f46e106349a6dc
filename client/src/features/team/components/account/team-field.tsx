import { Trans, useLingui } from '@lingui/react/macro';
import { useId } from 'react';

import { Field, Notice } from '../../../../components/ui';
import { useLoad } from '../../../../hooks/use-load';
import { getTeams } from '../../api/teams';

/**
 * The team a member signs in to (or recovers an account in), chosen from the server's list. A
 * deployment with one team chooses it, unless a team was already given.
 */
export function TeamField({
  value,
  onChange,
}: {
  value: string;
  /** The chosen team's slug, and its name (for what the page says about it). */
  onChange: (slug: string, teamName: string) => void;
}) {
  const { t } = useLingui();
  const id = useId();
  const { state } = useLoad(async (signal) => {
    const list = await getTeams({ signal });
    const only = list[0];
    if (list.length === 1 && only && value === '') onChange(only.slug, only.name);
    return list;
    // Loaded once: the choice made meanwhile is the person's.
  }, []);
  const teams = state.status === 'ready' ? state.value : null;

  return (
    <Field id={id} label={t`Team`}>
      {(control) => (
        <>
          {teams?.length === 0 && (
            <p className="field__hint">
              <Trans>
                No team is set up on this server yet. The server’s administrator has a one-time set-up link.
              </Trans>
            </p>
          )}
          {state.status === 'error' ? (
            <Notice tone="caution" title={t`We could not load the list of teams.`}>
              <p>
                <Trans>Reload the page to try again.</Trans>
              </p>
            </Notice>
          ) : (
            <select
              {...control}
              className="select"
              name="team"
              value={value}
              onChange={(e) => {
                const slug = e.target.value;
                onChange(slug, teams?.find((team) => team.slug === slug)?.name ?? '');
              }}
              disabled={teams === null}
            >
              <option value="">{teams === null ? t`Loading teams…` : t`Choose your team`}</option>
              {teams?.map((team) => (
                <option key={team.id} value={team.slug} translate="no">
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </>
      )}
    </Field>
  );
}
