import type { TemplateKind } from '#contract/enumerations';
import { getTeamSettings } from '../api/settings';
import { templateText } from '../model/templates';
import { useTeamLoad } from './use-team-load';

/**
 * The text of one of the team's templates for a case action: the team's own wording where an
 * admin saved one, the built-in text otherwise; null while the settings load. If they cannot be
 * loaded the built-in text stands in: a member can always acknowledge.
 */
export function useCaseTemplate(kind: TemplateKind): string | null {
  const { state } = useTeamLoad(
    (signal) =>
      getTeamSettings({ signal }).then(
        (s) => s.templates,
        () => null,
      ),
    [],
  );
  if (state.status === 'loading') return null;
  return templateText(kind, state.status === 'ready' ? state.value : null);
}
