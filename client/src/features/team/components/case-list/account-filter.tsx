import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useState, type SubmitEvent } from 'react';

import { Button, TextField } from '../../../../components/ui';
import { errorText } from '../../../../lib/error-words';
import type { AccountMatches } from '../../hooks/use-account-matches';
import { MAX_ACCOUNT_LENGTH } from '../../model/case-list';
import './account-filter.css';

/**
 * The case list's filter by account (docs/protocol.md 12): a name typed here becomes a blind-index
 * tag in this browser, and the list keeps the cases the server finds carrying it. Applied when the
 * member asks (not at each letter): each search is a tag and a request.
 */
export function AccountFilter({
  account,
  found,
  onApply,
}: {
  /** The account the list is filtered by now ('' for none). */
  account: string;
  found: AccountMatches;
  onApply: (account: string) => void;
}) {
  const { t } = useLingui();
  const id = useId();
  const [typed, setTyped] = useState(account);
  // A link or "back" changes the filter by itself: the box follows.
  useEffect(() => setTyped(account), [account]);

  function apply(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(typed.trim());
  }

  return (
    <form className="account-filter" onSubmit={apply} role="search" aria-label={t`Cases naming an account`}>
      <TextField
        id={id}
        label={t`Cases naming an account`}
        hint={t`An account name as a report gives it. Letter case, underscores and spaces are ignored.`}
        value={typed}
        maxLength={MAX_ACCOUNT_LENGTH}
        onChange={(e) => setTyped(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      <div className="account-filter__actions">
        <Button type="submit" variant="secondary" size="small">
          <Trans>Find cases</Trans>
        </Button>
        {account !== '' && (
          <Button
            variant="secondary"
            size="small"
            onClick={() => {
              setTyped('');
              onApply('');
            }}
          >
            <Trans>Show all accounts</Trans>
          </Button>
        )}
      </div>
      {account !== '' && (
        <p className="account-filter__status muted" role="status">
          {accountStatus(account, found)}
        </p>
      )}
    </form>
  );
}

/**
 * What the filter says about `account` once applied, in the page's language (the form that shows
 * it renders again on a switch of language).
 */
export function accountStatus(account: string, found: AccountMatches): string {
  switch (found.status) {
    case 'off':
    case 'finding':
      return i18n._(msg`Finding the cases that name “${account}”…`);
    case 'found': {
      const n = found.ids.size;
      return found.more
        ? i18n._(
            msg`${plural(n, {
              0: `No case you can see names “${account}” (the newest shown; older ones name it too).`,
              one: `One case you can see names “${account}” (the newest shown; older ones name it too).`,
              other: `# cases you can see name “${account}” (the newest shown; older ones name it too).`,
            })} Cases not yet indexed are found once this console has indexed them.`,
          )
        : i18n._(
            msg`${plural(n, {
              0: `No case you can see names “${account}”.`,
              one: `One case you can see names “${account}”.`,
              other: `# cases you can see name “${account}”.`,
            })} Cases not yet indexed are found once this console has indexed them.`,
          );
    }
    case 'no-name':
      return i18n._(msg`“${account}” is not an account name: it has only spaces or underscores.`);
    case 'no-key':
      return i18n._(
        msg`This browser holds no key of the team’s account index, so it cannot look up accounts. An admin’s console gives the team one when an admin signs in.`,
      );
    case 'failed': {
      const reason = errorText(found.error, i18n._(msg`please try again.`));
      return i18n._(msg`The cases naming “${account}” could not be found: ${reason}`);
    }
  }
}
