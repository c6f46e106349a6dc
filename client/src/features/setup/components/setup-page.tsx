import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';
import { Link } from 'react-router';

import { Button, Notice, PageHeading } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { useLoad } from '../../../hooks/use-load';
import { ApiError } from '../../../lib/api-client';
import { errorText } from '../../../lib/error-words';
import { readFragmentToken } from '../../../lib/fragment-token';
import { checkSetupLink } from '../api/setup';
import { SetupDone, type Created } from './setup-done';
import { SetupForm } from './setup-form';

/** The first team on a server, made by whoever holds the one-time set-up link. */
export function SetupPage() {
  const { t } = useLingui();
  useDocumentTitle(t`Set up your team`);
  // Read once, then dropped from the address bar: it is single-use and needs no history entry.
  const [token] = useState(readFragmentToken);
  const [created, setCreated] = useState<Created | null>(null);

  if (created) return <SetupDone created={created} />;
  if (token === null) {
    return (
      <>
        <PageHeading>
          <Trans>Set up your team</Trans>
        </PageHeading>
        <Notice tone="caution" title={t`This page needs the set-up link from the server.`}>
          <p>
            <Trans>
              When Confide starts for the first time, it prints a one-time link ending in{' '}
              <code translate="no">/setup#…</code>. Open that exact link. An administrator of the server can
              make a new one with <code translate="no">npm run confide -- setup-link</code>.
            </Trans>
          </p>
        </Notice>
      </>
    );
  }
  return <CheckedSetupForm token={token} onCreated={setCreated} />;
}

/** The form, once the server says the link can still create a team: a used one is said first. */
function CheckedSetupForm({ token, onCreated }: { token: string; onCreated: (created: Created) => void }) {
  const { t } = useLingui();
  const { state, reload } = useLoad((signal) => checkSetupLink(token, { signal }), [token]);

  if (state.status === 'loading') {
    return (
      <>
        <PageHeading>
          <Trans>Set up your team</Trans>
        </PageHeading>
        <p className="muted" role="status">
          <Trans>Checking your set-up link…</Trans>
        </p>
      </>
    );
  }
  if (state.status === 'error') {
    const error = state.error;
    const refused = error instanceof ApiError && (error.status === 404 || error.status === 410);
    return (
      <>
        <PageHeading>
          <Trans>Set up your team</Trans>
        </PageHeading>
        {refused ? (
          <Notice
            tone="caution"
            role="alert"
            title={
              error.code === 'setup_link_used'
                ? t`This set-up link was already used: a team was created with it.`
                : t`This set-up link is not valid: it has expired, or a newer link replaced it.`
            }
          >
            {error.code === 'setup_link_used' ? (
              <p>
                <Trans>
                  Its admin signs in from the <Link to="/team">team sign-in</Link>. A link makes one team
                  only; an administrator of the server can make a new one with{' '}
                  <code translate="no">npm run confide -- setup-link</code>.
                </Trans>
              </p>
            ) : (
              <p>
                <Trans>
                  An administrator of the server can make a new one with{' '}
                  <code translate="no">npm run confide -- setup-link</code>.
                </Trans>
              </p>
            )}
          </Notice>
        ) : (
          <Notice
            tone="error"
            role="alert"
            title={errorText(error, t`The set-up link could not be checked.`)}
          >
            <Button variant="secondary" onClick={reload}>
              <Trans>Try again</Trans>
            </Button>
          </Notice>
        )}
      </>
    );
  }
  return <SetupForm token={token} onCreated={onCreated} />;
}
