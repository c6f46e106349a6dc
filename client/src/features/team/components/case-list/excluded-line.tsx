/** Who must not see the case, by the server's list and the report's own together. */
export function ExcludedLine({
  excluded,
  names,
}: {
  excluded: readonly string[];
  names: ReadonlyMap<string, string>;
}) {
  if (excluded.length === 0) return null;
  return (
    <p className="case-card__excluded">
      <strong>Not visible to:</strong> {excluded.map((id) => names.get(id) ?? 'an unknown member').join(', ')}{' '}
      <span className="muted">(do not discuss this case with them)</span>
    </p>
  );
}
