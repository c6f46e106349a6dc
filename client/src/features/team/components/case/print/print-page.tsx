/**
 * /team/cases/:id/print — the case decrypted in this browser, laid out for printing, with
 * "Print" and "Export" actions. Each is told to the audit log first (POST local-actions), then
 * done here: the server never sees what was printed or written to the file.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';

import { Button, ButtonRow, ErrorAlert, FormStatus, Notice, PageHeading } from '../../../../../components/ui';
import { useDocumentTitle } from '../../../../../hooks/use-document-title';
import type { CaseLocalAction } from '#contract/enumerations';
import { errorText } from '../../../../../lib/error-words';
import { useCase, type LoadedCase } from '../../../hooks/use-case';
import { useMemberNames } from '../../../hooks/use-member-names';
import { useUnlockedSession } from '../../../session/use-team-session';
import { buildCaseExport, caseExportMarkdown, exportFileName } from './case-export';
import { downloadText, recordLocalAction } from './local-action';
import { PrintableCase } from './printable-case';
import './print.css';

export function CasePrintPage() {
  const { id = '' } = useParams();
  const { keyring, team } = useUnlockedSession();
  const { state, reload } = useCase(id, team.slug, keyring);
  useDocumentTitle('Print or export a case');

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
  if (state.status === 'error') {
    return (
      <>
        <PageHeading>The case could not be opened</PageHeading>
        <Notice tone="error" role="alert" title={errorText(state.error, 'The case could not be opened.')} />
        <Button variant="secondary" onClick={reload}>
          Try again
        </Button>
      </>
    );
  }
  return <PrintView loaded={state.value} />;
}

function PrintView({ loaded }: { loaded: LoadedCase }) {
  const { member, team } = useUnlockedSession();
  const names = useMemberNames(loaded.team);
  const [busy, setBusy] = useState<CaseLocalAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doc = useMemo(
    () => buildCaseExport(loaded, names, { id: member.id, name: member.name }, team.name),
    [loaded, names, member, team.name],
  );
  const caseId = loaded.detail.id;

  /** Records the action, then does it; nothing is printed or written if the log refused. */
  async function act(action: CaseLocalAction, run: () => void, doneText: string) {
    if (busy !== null) return;
    setBusy(action);
    setError(null);
    setDone(null);
    try {
      await recordLocalAction(caseId, action);
      run();
      setDone(doneText);
    } catch (caught) {
      setError(
        errorText(caught, 'This could not be recorded in the audit log, so it was not done. Try again.'),
      );
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <div className="no-print">
        <PageHeading>Print or export case #{loaded.detail.number}</PageHeading>
        <p>
          Decrypted in this browser. Printing or exporting is recorded in the team’s audit log; what the copy
          says is not. Keep paper and files as safe as the case itself, and delete them when they are no
          longer needed.
        </p>
        <ButtonRow>
          <Button
            disabled={busy !== null}
            onClick={() => void act('printed', () => window.print(), 'Sent to the printer dialog.')}
          >
            {busy === 'printed' ? 'Recording…' : 'Print'}
          </Button>
          <Button
            variant="secondary"
            disabled={busy !== null}
            onClick={() =>
              void act(
                'exported',
                () =>
                  downloadText(
                    `${JSON.stringify(doc, null, 2)}\n`,
                    exportFileName(doc, 'json'),
                    'application/json',
                  ),
                'The case was exported as a JSON file.',
              )
            }
          >
            Export as JSON
          </Button>
          <Button
            variant="secondary"
            disabled={busy !== null}
            onClick={() =>
              void act(
                'exported',
                () => downloadText(caseExportMarkdown(doc), exportFileName(doc, 'md'), 'text/markdown'),
                'The case was exported as a text (Markdown) file.',
              )
            }
          >
            Export as text
          </Button>
          <Link to={`/team/cases/${encodeURIComponent(caseId)}`}>Back to the case</Link>
        </ButtonRow>
        <FormStatus>{done !== null && <p>{done}</p>}</FormStatus>
        <ErrorAlert message={error} />
      </div>
      <PrintableCase doc={doc} />
    </>
  );
}

/** The link the case page shows to this view. */
export function PrintLink({ caseId }: { caseId: string }) {
  return (
    <Link className="no-print" to={`/team/cases/${encodeURIComponent(caseId)}/print`}>
      Print or export
    </Link>
  );
}
