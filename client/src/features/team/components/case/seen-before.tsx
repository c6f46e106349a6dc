import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Plural, Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { Button, Notice } from '../../../../components/ui';
import { formatDate } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import type { LoadedCase } from '../../hooks/use-case';
import { useSeenBefore, type NoIndexKey, type SeenBeforeResult } from '../../hooks/use-seen-before';
import {
  accountWords,
  misuseWords,
  quotedNames,
  type SeenAccount,
  type SeenCase,
} from '../../model/seen-before';
import { STATUS_WORDS } from '../../model/words';
import { useUnlockedSession } from '../../session/use-team-session';
import './seen-before.css';

/** Why accounts cannot be compared here, in words a member can act on. */
const NO_KEY_WORDS: Readonly<Record<NoIndexKey, MessageDescriptor>> = {
  'team-has-none': msg`Your team has no account index yet, so this browser cannot tell whether other cases name these accounts. It is made when an admin signs in.`,
  'no-grant': msg`You have no copy of the team’s account index key, so this browser cannot tell whether other cases name these accounts. Ask an admin.`,
  refused: msg`Your copy of the team’s account index key could not be verified, so this browser does not use it to compare accounts with other cases. Ask an admin.`,
  'old-key': msg`The team’s account index key changed since you signed in. Sign in again to compare these accounts with other cases.`,
};

/**
 * "Seen before" (docs/protocol.md 12): which other cases the member may see name the accounts of
 * this case, found through the blind index, with the names as each case writes them side by
 * side, since the index folds letter case, underscores and spaces.
 */
export function SeenBefore({ loaded }: { loaded: LoadedCase }) {
  const { t } = useLingui();
  const { keyring, indexEpoch } = useUnlockedSession();
  const { state, reload } = useSeenBefore(loaded, keyring, indexEpoch);
  // A report that names no account has nothing to look for (it is tagged all the same).
  if (state.status === 'ready' && state.value.status === 'no-names') return null;

  return (
    <section aria-labelledby="seen-before-heading" className="seen-before">
      <h2 id="seen-before-heading">
        <Trans>Seen before</Trans>
      </h2>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          <Trans>Looking for other cases that name these accounts…</Trans>
        </p>
      )}
      {state.status === 'error' && (
        <div role="alert">
          <p>
            <Trans>Other cases naming these accounts could not be looked up.</Trans>{' '}
            {errorText(state.error, t`The server or the keyring did not answer.`)}
          </p>
          <Button variant="secondary" size="small" onClick={reload}>
            <Trans>Try again</Trans>
          </Button>
        </div>
      )}
      {state.status === 'ready' && <SeenBeforeAnswer loaded={loaded} result={state.value} />}
    </section>
  );
}

function SeenBeforeAnswer({ loaded, result }: { loaded: LoadedCase; result: SeenBeforeResult }) {
  const { t, i18n } = useLingui();
  switch (result.status) {
    case 'no-names':
      return null;
    case 'no-key':
      return <p>{i18n._(NO_KEY_WORDS[result.why])}</p>;
    case 'not-indexed':
      return (
        <p>
          <Trans>
            This case’s accounts are not in the team’s account index yet, so they could not be compared with
            other cases.
          </Trans>
        </p>
      );
    case 'ready':
      break;
  }
  if (result.accounts.length === 0) {
    return (
      <p role="status">
        <Trans>No other case you can see names these accounts.</Trans>
      </p>
    );
  }
  const { number } = loaded.detail;
  const unread = result.unread;
  return (
    <>
      {result.misuse.length > 0 && (
        <Notice tone="caution" title={t`Earlier reports by this reporter`} role="status">
          <p>{misuseWords(result.misuse)}</p>
          <ul>
            {result.misuse.map((m) => (
              <li key={m.id}>
                <CaseLink id={m.id} number={m.number} />
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <p className="muted">
        <Trans>
          Names are matched ignoring letter case, underscores and spaces; compare them before acting.
        </Trans>
      </p>
      <ul className="seen-before__accounts">
        {result.accounts.map((account) => (
          <li key={account.tag}>
            <p className="seen-before__account">{accountWords(account, number)}</p>
            <ul className="seen-before__cases">
              {account.cases.map((c) => (
                <SeenCaseItem key={c.id} seen={c} account={account} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {unread > 0 && (
        <p className="muted">
          <Plural
            value={unread}
            _1="The names of one older case are not shown here: open it to compare."
            other="The names of # older cases are not shown here: open them to compare."
          />
        </p>
      )}
    </>
  );
}

/** "Case #12", a link to it. */
function CaseLink({ id, number }: { id: string; number: number }) {
  const caseNumber = String(number);
  return (
    <Link to={`/team/cases/${encodeURIComponent(id)}`}>
      <Trans>Case #{caseNumber}</Trans>
    </Link>
  );
}

/** One other case: a link, its status and date, and the account's names as written there. */
function SeenCaseItem({ seen, account }: { seen: SeenCase; account: SeenAccount }) {
  const status = STATUS_WORDS[seen.status];
  const received = formatDate(seen.createdAt);
  const namesThere = seen.names === null ? '' : quotedNames(seen.names);
  const namesHere = quotedNames(account.names);
  return (
    <li className="seen-before__case">
      <CaseLink id={seen.id} number={seen.number} /> ·{' '}
      <Trans>
        {status} · received <time dateTime={seen.createdAt}>{received}</time>
      </Trans>
      {seen.reporter && (
        <>
          {' · '}
          <Trans>its reporter’s own account</Trans>
        </>
      )}
      <br />
      <span className="seen-before__compare">
        {seen.names === null || seen.names.length === 0 ? (
          // Not read (one of many, or unreadable here), or read with names that no longer match.
          <span className="muted">
            <Trans>Its names are not shown here: open it to compare.</Trans>
          </span>
        ) : (
          <>
            <Trans>
              Written there:{' '}
              <span className="seen-before__name" translate="no">
                {namesThere}
              </span>
            </Trans>
            {account.names.length > 0 && (
              <>
                {' '}
                <Trans>
                  · in this case:{' '}
                  <span className="seen-before__name" translate="no">
                    {namesHere}
                  </span>
                </Trans>
              </>
            )}
          </>
        )}
      </span>
    </li>
  );
}
