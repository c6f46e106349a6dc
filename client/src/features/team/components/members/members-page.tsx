import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { Button, Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { errorText } from '../../../../lib/error-words';
import { useMembers } from '../../hooks/use-members';
import { useUnlockedSession } from '../../session/use-team-session';
import { KeyNotRenewed } from './key-not-renewed';
import { MembersView } from './members-view';

/** /team/members — admins only: invitations, requests to join, the roster and its changes. */
export function MembersPage() {
  const { t } = useLingui();
  useDocumentTitle(t`Members`);
  const session = useUnlockedSession();
  const { state, reload, refresh } = useMembers(session.team.slug);
  const [keyNotRenewed, setKeyNotRenewed] = useState<{ name: string; error: unknown } | null>(null);

  if (session.member.role !== 'admin') {
    return (
      <>
        <PageHeading>
          <Trans>Members</Trans>
        </PageHeading>
        <p>
          <Trans>Only admins manage the team’s members.</Trans>
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeading>
        <Trans>Members</Trans>
      </PageHeading>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          <Trans>Loading and checking the member list…</Trans>
        </p>
      )}
      {state.status === 'error' && (
        <Notice tone="error" role="alert" title={errorText(state.error, t`The members could not be loaded.`)}>
          <Button variant="secondary" onClick={reload}>
            <Trans>Try again</Trans>
          </Button>
        </Notice>
      )}
      {keyNotRenewed !== null && (
        <KeyNotRenewed
          removedName={keyNotRenewed.name}
          error={keyNotRenewed.error}
          onRenewed={() => setKeyNotRenewed(null)}
        />
      )}
      {state.status === 'ready' && (
        <MembersView
          loaded={state.value}
          onChanged={refresh}
          onKeyNotRenewed={(name, error) => setKeyNotRenewed({ name, error })}
        />
      )}
    </>
  );
}
