import './progress-bar.css';

/**
 * How far a long task got (decrypting the cases, searching inside reports, sharing them with a
 * new member). Without `value` the bar only says that work is going on: for a total not yet known.
 */
export function ProgressBar({
  max,
  value,
  label,
}: {
  max?: number | undefined;
  value?: number | undefined;
  label: string;
}) {
  if (value === undefined || max === undefined) return <progress className="progress" aria-label={label} />;
  return (
    <progress className="progress" max={Math.max(max, 1)} value={Math.min(value, max)} aria-label={label} />
  );
}
