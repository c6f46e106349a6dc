import { Trans, useLingui } from '@lingui/react/macro';

import { Button } from '../../../../../components/ui';
import type { CaseStatus } from '#contract/enumerations';
import { memberEventFor, memberMovesFrom } from '#contract/status-machine';
import type { LoadState } from '../../../../../hooks/use-load';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import type { TeamSettings } from '../../../api/settings';
import { patchCase } from '../../../api/cases';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';
import type { CloseBlocker } from '../../../model/case-state';
import { moveWords, STATUS_WORDS } from '../../../model/words';
import { AcknowledgeForm } from './acknowledge-form';
import { CloseForm, type SummaryDraft } from './close-form';
import { Disclosure } from './disclosure';
import { ReopenForm } from './reopen-form';

/**
 * The status, and only the moves the status machine allows from it: moves that need an item
 * (acknowledge, close, reopen) open their form; the others are one button each.
 */
export function StatusMoves({
  caseId,
  teamName,
  settings,
  status,
  action,
  seal,
  canMessage,
  closeBlockers,
  summaryDraft,
}: {
  caseId: string;
  teamName: string;
  settings: LoadState<TeamSettings>;
  status: CaseStatus;
  action: CaseAction;
  seal: (item: ItemToSeal) => Promise<SealedItemOutput>;
  canMessage: boolean;
  closeBlockers: readonly CloseBlocker[];
  summaryDraft: SummaryDraft;
}) {
  const { t } = useLingui();
  const moves = memberMovesFrom(status);
  const statusName = STATUS_WORDS[status];
  return (
    <div className="handling-status">
      <p>
        <Trans>
          Status: <strong>{statusName}</strong>
        </Trans>
      </p>
      {moves.length === 0 && (
        <p className="field__hint">
          {status === 'withdrawn'
            ? t`The reporter withdrew this report: nothing about it can change any more.`
            : t`No change of status is possible from here.`}
        </p>
      )}
      {moves.map((to) => {
        const label = moveWords(status, to);
        // What the move means decides its form: the status machine names it once.
        const event = memberEventFor(status, to);
        switch (event.type) {
          case 'acknowledge':
            return (
              <Disclosure key={to} label={label} cancelLabel={t`Cancel: acknowledge`} variant="primary">
                {(close) => (
                  <AcknowledgeForm
                    caseId={caseId}
                    teamName={teamName}
                    settings={settings}
                    action={action}
                    seal={seal}
                    canMessage={canMessage}
                    onDone={close}
                  />
                )}
              </Disclosure>
            );
          case 'close':
            return (
              <Disclosure key={to} label={label} cancelLabel={t`Cancel: close the case`}>
                {(close) => (
                  <CloseForm
                    caseId={caseId}
                    action={action}
                    seal={seal}
                    blockers={closeBlockers}
                    initial={summaryDraft}
                    onDone={close}
                  />
                )}
              </Disclosure>
            );
          case 'reopen':
            // A reopening needs its reason.
            return (
              <Disclosure key={to} label={label} cancelLabel={t`Cancel: reopen`}>
                {(close) => <ReopenForm caseId={caseId} action={action} seal={seal} onDone={close} />}
              </Disclosure>
            );
          default: {
            const newStatus = STATUS_WORDS[to];
            return (
              <Button
                key={to}
                variant="secondary"
                size="small"
                disabled={action.busy}
                onClick={() =>
                  void action.run(
                    () => patchCase(caseId, { status: to }),
                    t`Status changed to “${newStatus}”.`,
                    t`The status could not be changed.`,
                  )
                }
              >
                {label}
              </Button>
            );
          }
        }
      })}
    </div>
  );
}
