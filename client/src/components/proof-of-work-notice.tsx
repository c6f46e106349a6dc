import { useLingui } from '@lingui/react/macro';

import { PROOF_OF_WORK_NOTICE, proofOfWorkProgress, type SolvingState } from '../lib/proof-of-work/notice';
import { Notice } from './ui';
import './proof-of-work-notice.css';

/**
 * Tells the person their browser is doing a proof of work. Render it always, so its live region
 * exists before there is anything to say: screen readers announce changes to a live region,
 * not one that appears with its text already in it.
 */
export function ProofOfWorkNotice({ solving }: { solving: SolvingState | undefined }) {
  const { t, i18n } = useLingui();
  return (
    <div className="proof-of-work" role="status">
      {solving && (
        <Notice className="proof-of-work__notice" title={t`One moment, please`}>
          <p>{i18n._(PROOF_OF_WORK_NOTICE)}</p>
          <progress
            className="proof-of-work__progress"
            max={1}
            value={proofOfWorkProgress(solving.attempts, solving.expected)}
            aria-label={t`Check in progress`}
          />
        </Notice>
      )}
    </div>
  );
}
