/**
 * What the composer found in the text before sending: placeholders still to fill (these block
 * sending) and the wording check's flags (a warning the member may overrule), each with the
 * training module's reason.
 */
import { Notice } from '../../../../components/ui';
import { WORDING_FLAG_TITLES, type WordingFlag } from '../../model/wording-check';

/** `{a}`, `{a}` and `{b}`, `{a}`, `{b}` and `{c}`. */
export function placeholderList(names: readonly string[]): string {
  const braced = names.map((n) => `{${n}}`);
  if (braced.length <= 1) return braced.join('');
  return `${braced.slice(0, -1).join(', ')} and ${braced[braced.length - 1] ?? ''}`;
}

export function PlaceholderHint({ names }: { names: readonly string[] }) {
  if (names.length === 0) return null;
  return (
    <p className="composer__placeholders">
      Still to fill in before sending: <strong>{placeholderList(names)}</strong>
    </p>
  );
}

export function WordingFlags({ flags, id }: { flags: readonly WordingFlag[]; id: string }) {
  if (flags.length === 0) return null;
  return (
    <div id={id} className="composer__flags">
      <p className="composer__flags-title">
        {flags.length === 1 ? 'One thing to look at' : `${flags.length} things to look at`} before sending:
      </p>
      <ul className="plain-list composer__flag-list">
        {flags.map((flag) => (
          <li key={`${flag.kind}-${flag.index}`} className="composer__flag">
            <strong>{WORDING_FLAG_TITLES[flag.kind]}:</strong> “{flag.match}”.{' '}
            <span className="muted">{flag.reason}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Asked once the member tries to send a message with flags: edit, or send it as it is. */
export function SendAnywayNotice({ count, children }: { count: number; children: React.ReactNode }) {
  return (
    <Notice
      tone="caution"
      role="alert"
      title={`The wording check found ${count === 1 ? 'one thing' : `${count} things`} the training module warns against.`}
    >
      <p>Read them above. You can change the text, or send it as it is if you are sure.</p>
      {children}
    </Notice>
  );
}
