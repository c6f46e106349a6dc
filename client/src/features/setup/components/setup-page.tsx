import { useState } from 'react';

import { Notice, PageHeading } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { readFragmentToken } from '../../../lib/fragment-token';
import { SetupDone, type Created } from './setup-done';
import { SetupForm } from './setup-form';

/** The first team on a server, made by whoever holds the one-time set-up link. */
export function SetupPage() {
  useDocumentTitle('Set up your team');
  // Read once, then dropped from the address bar: it is single-use and needs no history entry.
  const [token] = useState(readFragmentToken);
  const [created, setCreated] = useState<Created | null>(null);

  if (created) return <SetupDone created={created} />;
  if (token === null) {
    return (
      <>
        <PageHeading>Set up your team</PageHeading>
        <Notice tone="caution" title="This page needs the set-up link from the server.">
          <p>
            When Confide starts for the first time, it prints a one-time link ending in <code>/setup#…</code>.
            Open that exact link. An administrator of the server can make a new one with{' '}
            <code>npm run confide -- setup-link</code>.
          </p>
        </Notice>
      </>
    );
  }
  return <SetupForm token={token} onCreated={setCreated} />;
}
