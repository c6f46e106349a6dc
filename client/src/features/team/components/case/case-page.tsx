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

/**
 * Shown when the keyring could not open the case at all. The keyring's own message is written
 * for developers ("Decryption failed"); what it means for the reader is that the case, or the
 * roster it was checked against, may have been altered.
 */
const UNREADABLE =
  'This case could not be checked and decrypted in this browser. The team roster or the case may have been altered.';

/** /team/cases/:id — one case, fetched, checked and decrypted in this browser. */
export function CasePage() {
  const { id = '' } = useParams();
  const { keyring, team } = useUnlockedSession();
  const { state, reload, refresh } = useCase(id, team.slug, keyring);

  useDocumentTitle(state.status === 'ready' ? 'Case' : 'Opening case');

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
        <PageHeading>Opening the case…</PageHeading>
        <p className="muted" role="status">
          Checking signatures and decrypting in this browser.
        </p>
      </>
    );
  }
  if (state.status === 'error' && state.error instanceof ApiError && state.error.status === 404) {
    return (
      <>
        <PageHeading>Case not found</PageHeading>
        <p>There is no case with this address, or it is not visible to you.</p>
        <p>
          <Link to="/team/cases">Back to the cases</Link>
        </p>
      </>
    );
  }
  if (state.status === 'error') {
    return (
      <>
        <PageHeading>The case could not be opened</PageHeading>
        <Notice
          tone="error"
          role="alert"
          title={isKeyringError(state.error) ? UNREADABLE : errorText(state.error, UNREADABLE)}
        />
        <Button variant="secondary" onClick={reload}>
          Try again
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
