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
    <Field id={id} label="Team">
      {(control) => (
        <>
          {teams?.length === 0 && (
            <p className="field__hint">
              No team is set up on this server yet. The server’s administrator has a one-time set-up link.
            </p>
          )}
          {state.status === 'error' ? (
            <Notice tone="caution" title="We could not load the list of teams.">
              <p>Reload the page to try again.</p>
            </Notice>
          ) : (
            <select
              {...control}
              className="select"
              name="team"
              value={value}
              onChange={(e) => {
                const slug = e.target.value;
                onChange(slug, teams?.find((t) => t.slug === slug)?.name ?? '');
              }}
              disabled={teams === null}
            >
              <option value="">{teams === null ? 'Loading teams…' : 'Choose your team'}</option>
              {teams?.map((t) => (
                <option key={t.id} value={t.slug}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </>
      )}
    </Field>
  );
}
