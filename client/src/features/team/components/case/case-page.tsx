import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';

import { Button, Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { ApiError } from '../../../../lib/api-client';
import { errorText } from '../../../../lib/error-words';
import { isKeyringError } from '../../../../lib/keyring/keyring';
import { useCase } from '../../hooks/use-case';
import { useUnlockedSession } from '../../session/use-team-session';
import { CaseView } from './case-view';
import { PurgedCaseView } from './purged-case-view';

/** /team/cases/:id — one case, fetched, checked and decrypted in this browser. */
export function CasePage() {
  const { t } = useLingui();
  const { id = '' } = useParams();
  const { keyring, team } = useUnlockedSession();
  const { state, reload, refresh } = useCase(id, team.slug, keyring);

  useDocumentTitle(state.status === 'ready' ? t`Case` : t`Opening case`);

  // The layout focused the "Opening the case…" heading on arrival; when the case replaces it,
  // hand focus on to the case's own heading instead of leaving it nowhere.
  useEffect(() => {
    if (state.status === 'loading') return;
    const active = document.activeElement;
    if (active === null || active === document.body) {
      document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
    }
  }, [state.status]);

  if (state.status === 'loading') {
    return (
      <>
        <PageHeading>
          <Trans>Opening the case…</Trans>
        </PageHeading>
        <p className="muted" role="status">
          <Trans>Checking signatures and decrypting in this browser.</Trans>
        </p>
      </>
    );
  }
  if (state.status === 'error' && state.error instanceof ApiError && state.error.status === 404) {
    return (
      <>
        <PageHeading>
          <Trans>Case not found</Trans>
        </PageHeading>
        <p>
          <Trans>There is no case with this address, or it is not visible to you.</Trans>
        </p>
        <p>
          <Link to="/team/cases">
            <Trans>Back to the cases</Trans>
          </Link>
        </p>
      </>
    );
  }
  if (state.status === 'error') {
    // Shown when the keyring could not open the case at all. The keyring's own message is written
    // for developers ("Decryption failed"); what it means for the reader is that the case, or the
    // roster it was checked against, may have been altered.
    const unreadable = t`This case could not be checked and decrypted in this browser. The team roster or the case may have been altered.`;
    return (
      <>
        <PageHeading>
          <Trans>The case could not be opened</Trans>
        </PageHeading>
        <Notice
          tone="error"
          role="alert"
          title={isKeyringError(state.error) ? unreadable : errorText(state.error, unreadable)}
        />
        <Button variant="secondary" onClick={reload}>
          <Trans>Try again</Trans>
        </Button>
      </>
    );
  }
  const { purgedAt, id: caseId } = state.value.detail;
  // Keyed by the case: following a link from an appeal to its original starts the page afresh
  // (a draft or an appeal reference is of one case only).
  if (purgedAt !== null) return <PurgedCaseView key={caseId} loaded={state.value} purgedAt={purgedAt} />;
  return <CaseView key={caseId} loaded={state.value} onChanged={refresh} />;
}
