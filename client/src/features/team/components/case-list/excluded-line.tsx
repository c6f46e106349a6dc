import { Trans, useLingui } from '@lingui/react/macro';

import { formatList } from '../../../../lib/format';

/** Who must not see the case, by the server's list and the report's own together. */
export function ExcludedLine({
  excluded,
  names,
}: {
  excluded: readonly string[];
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useLingui();
  if (excluded.length === 0) return null;
  const memberNames = formatList(excluded.map((id) => names.get(id) ?? t`an unknown member`));
  return (
    <p className="case-card__excluded">
      <Trans>
        <strong>Not visible to:</strong> {memberNames}{' '}
        <span className="muted">(do not discuss this case with them)</span>
      </Trans>
    </p>
  );
}
