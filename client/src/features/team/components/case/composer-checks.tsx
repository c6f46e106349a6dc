/**
 * What the composer found in the text before sending: placeholders still to fill (these block
 * sending) and the wording check's flags (a warning the member may overrule), each with the
 * training module's reason.
 */
import { plural } from '@lingui/core/macro';
import { Plural, Trans, useLingui } from '@lingui/react/macro';

import { Notice } from '../../../../components/ui';
import { formatList } from '../../../../lib/format';
import { WORDING_FLAG_TITLES, type WordingFlag } from '../../model/wording-check';

/** `{a}`, `{a}, {b}`, `{a}, {b}, {c}`: written as the page's language writes a short list. */
export function placeholderList(names: readonly string[]): string {
  return formatList(names.map((n) => `{${n}}`));
}

export function PlaceholderHint({ names }: { names: readonly string[] }) {
  if (names.length === 0) return null;
  const placeholders = placeholderList(names);
  return (
    <p className="composer__placeholders">
      <Trans>
        Still to fill in before sending: <strong>{placeholders}</strong>
      </Trans>
    </p>
  );
}

export function WordingFlags({ flags, id }: { flags: readonly WordingFlag[]; id: string }) {
  if (flags.length === 0) return null;
  const count = flags.length;
  return (
    <div id={id} className="composer__flags">
      <p className="composer__flags-title">
        <Plural
          value={count}
          _1="One thing to look at before sending:"
          other="# things to look at before sending:"
        />
      </p>
      <ul className="plain-list composer__flag-list">
        {flags.map((flag) => (
          <li key={`${flag.kind}-${flag.index}`} className="composer__flag">
            <FlagLine flag={flag} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function FlagLine({ flag }: { flag: WordingFlag }) {
  const title = WORDING_FLAG_TITLES[flag.kind];
  const match = flag.match;
  const reason = flag.reason;
  // The words as the member wrote them, in whatever language: not to be translated.
  return (
    <Trans>
      <strong>{title}:</strong> “<span translate="no">{match}</span>”. <span className="muted">{reason}</span>
    </Trans>
  );
}

/** Asked once the member tries to send a message with flags: edit, or send it as it is. */
export function SendAnywayNotice({ count, children }: { count: number; children: React.ReactNode }) {
  const { t } = useLingui();
  return (
    <Notice
      tone="caution"
      role="alert"
      title={t`The wording check found ${plural(count, { 1: 'one thing', other: '# things' })} the training module warns against.`}
    >
      <p>
        <Trans>Read them above. You can change the text, or send it as it is if you are sure.</Trans>
      </p>
      {children}
    </Notice>
  );
}
