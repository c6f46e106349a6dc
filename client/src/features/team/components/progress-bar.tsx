import './progress-bar.css';

/** How far a long task got (decrypting the cases, sharing them with a new member). */
export function ProgressBar({ max, value, label }: { max: number; value: number; label: string }) {
  return <progress className="progress" max={max} value={value} aria-label={label} />;
}
