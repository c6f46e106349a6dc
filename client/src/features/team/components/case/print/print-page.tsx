/**
 * /team/cases/:id/print — the case decrypted in this browser, laid out for printing, with
 * "Print" and "Export" actions. Each is told to the audit log first (POST local-actions), then
 * done here: the server never sees what was printed or written to the file.
 */
import { Trans, useLingui } from '@lingui/react/macro';
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
  const { t } = useLingui();
  const { state, reload } = useCase(id, team.slug, keyring);
  useDocumentTitle(t`Print or export a case`);

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
  if (state.status === 'error') {
    return (
      <>
        <PageHeading>
          <Trans>The case could not be opened</Trans>
        </PageHeading>
        <Notice tone="error" role="alert" title={errorText(state.error, t`The case could not be opened.`)} />
        <Button variant="secondary" onClick={reload}>
          <Trans>Try again</Trans>
        </Button>
      </>
    );
  }
  return <PrintView loaded={state.value} />;
}

function PrintView({ loaded }: { loaded: LoadedCase }) {
  const { t, i18n } = useLingui();
  const { member, team } = useUnlockedSession();
  const names = useMemberNames(loaded.team);
  const [busy, setBusy] = useState<CaseLocalAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The document holds words (each record's and change's), so it is made again in a new language.
  const language = i18n.locale;
  const doc = useMemo(
    () => buildCaseExport(loaded, names, { id: member.id, name: member.name }, team.name),
    [loaded, names, member, team.name, language],
  );
  const caseId = loaded.detail.id;
  const caseNumber = loaded.detail.number;

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
        errorText(caught, t`This could not be recorded in the audit log, so it was not done. Try again.`),
      );
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <div className="no-print">
        <PageHeading>
          <Trans>Print or export case #{caseNumber}</Trans>
        </PageHeading>
        <p>
          <Trans>
            Decrypted in this browser. Printing or exporting is recorded in the team’s audit log; what the
            copy says is not. Keep paper and files as safe as the case itself, and delete them when they are
            no longer needed.
          </Trans>
        </p>
        <ButtonRow>
          <Button
            disabled={busy !== null}
            onClick={() => void act('printed', () => window.print(), t`Sent to the printer dialog.`)}
          >
            {busy === 'printed' ? t`Recording…` : t`Print`}
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
                t`The case was exported as a JSON file.`,
              )
            }
          >
            <Trans>Export as JSON</Trans>
          </Button>
          <Button
            variant="secondary"
            disabled={busy !== null}
            onClick={() =>
              void act(
                'exported',
                () => downloadText(caseExportMarkdown(doc), exportFileName(doc, 'md'), 'text/markdown'),
                t`The case was exported as a text (Markdown) file.`,
              )
            }
          >
            <Trans>Export as text</Trans>
          </Button>
          <Link to={`/team/cases/${encodeURIComponent(caseId)}`}>
            <Trans>Back to the case</Trans>
          </Link>
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
      <Trans>Print or export</Trans>
    </Link>
  );
}
