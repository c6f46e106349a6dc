import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { CopyButton } from '../../../../../components/copy-button';
import { Button, Notice, TextArea, TextField } from '../../../../../components/ui';
import type { LoadedCase } from '../../../hooks/use-case';
import { checkAnnouncement, type AnnouncementDraft } from '../../../model/announcement-check';
import { ByLine, RecordsPart, WriterStatus } from './panel';
import { latestRecordOfType, type RecordEntry } from '../../../model/case-state';
import { useRecordWriter } from './use-record-writer';

/**
 * The announcement as posted: the three things the seed says it should contain, nothing else. Its
 * labels are in the page's language as it is now: call it where the text is shown.
 */
export function announcementText(draft: AnnouncementDraft): string {
  const username = draft.username.trim();
  const basis = draft.basis.trim();
  const outcome = draft.outcome.trim();
  return i18n._(msg`User: ${username}\nBasis: ${basis}\nOutcome: ${outcome}`);
}

/** The single alleged harasser the report names, as a starting point for the username. */
function suggestedUsername(loaded: LoadedCase): string {
  const harassers = (loaded.opened.report?.involved ?? []).filter((p) => p.role === 'alleged_harasser');
  return harassers.length === 1 ? (harassers[0]?.name ?? '') : '';
}

/**
 * A draft of the public announcement (the seed, "Reporting out"): the sanctioned user's name, the
 * basis and the outcome. The check runs as the member types and lists each problem; saving and
 * copying are refused while any remains.
 */
export function AnnouncementPanel({
  loaded,
  entries,
  names,
  onChanged,
}: {
  loaded: LoadedCase;
  entries: readonly RecordEntry[];
  names: ReadonlyMap<string, string>;
  onChanged: () => void;
}) {
  const { t } = useLingui();
  const writer = useRecordWriter(loaded, onChanged);
  const latest = latestRecordOfType(entries, 'announcement');
  const [draft, setDraft] = useState<AnnouncementDraft>(
    latest?.record ?? { username: suggestedUsername(loaded), basis: '', outcome: '' },
  );
  const id = useId();
  const report = loaded.opened.report;
  const problems = checkAnnouncement(draft, { involved: report?.involved ?? [], links: report?.links ?? [] });
  const missing = (['username', 'basis', 'outcome'] as const).filter((f) => draft[f].trim() === '');
  const fieldError = (field: keyof AnnouncementDraft) =>
    problems.filter((p) => p.field === field).length > 0 ? t`See the problems listed below.` : undefined;
  const problemCount = problems.length;
  const clean = problemCount === 0 && missing.length === 0;

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (missing.length > 0) {
      writer.refuse(t`Fill in the username, the basis and the outcome.`);
      return;
    }
    if (problems.length > 0) {
      const first = problems[0]?.message ?? '';
      writer.refuse(
        t`The draft cannot be saved while it has ${plural(problemCount, { one: 'a problem', other: '# problems' })}: ${first}`,
      );
      return;
    }
    await writer.write(
      {
        type: 'announcement',
        username: draft.username.trim(),
        basis: draft.basis.trim(),
        outcome: draft.outcome.trim(),
      },
      t`The announcement draft was saved.`,
    );
  }

  return (
    <RecordsPart title={t`Public announcement draft`} state={latest === null ? t`no draft` : t`draft saved`}>
      <p className="field__hint">
        <Trans>
          Only where your project announces outcomes. Name the sanctioned user, the basis (“harassment”) and
          the outcome (“user is banned”): no personal details, no other parties, no links to the harassment,
          no explicit descriptions of what you believe they did.
        </Trans>
      </p>
      {latest !== null && <ByLine act="saved" author={latest.author} at={latest.at} names={names} />}
      <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={writer.busy}>
        <TextField
          id={`${id}-username`}
          label={t`Username of the sanctioned user`}
          maxLength={255}
          value={draft.username}
          error={fieldError('username')}
          onChange={(e) => setDraft((d) => ({ ...d, username: e.target.value }))}
        />
        <TextArea
          id={`${id}-basis`}
          label={t`Basis of the case`}
          hint={t`For example: “harassment”, “misuse of private information”.`}
          rows={2}
          maxLength={500}
          value={draft.basis}
          error={fieldError('basis')}
          onChange={(e) => setDraft((d) => ({ ...d, basis: e.target.value }))}
        />
        <TextArea
          id={`${id}-outcome`}
          label={t`Outcome`}
          hint={t`For example: “user is banned”, “administrator rights are revoked”.`}
          rows={2}
          maxLength={500}
          value={draft.outcome}
          error={fieldError('outcome')}
          onChange={(e) => setDraft((d) => ({ ...d, outcome: e.target.value }))}
        />
        <div role="status" aria-live="polite">
          {problems.length > 0 && (
            <Notice
              tone="error"
              title={t`${plural(problemCount, { one: 'One problem', other: '# problems' })}`}
            >
              <ul>
                {problems.map((p) => (
                  <li key={`${p.field}-${p.kind}-${p.found}`}>{p.message}</li>
                ))}
              </ul>
            </Notice>
          )}
        </div>
        <Button type="submit" disabled={writer.busy}>
          {writer.busy ? t`Saving…` : t`Save the draft`}
        </Button>
        <WriterStatus done={writer.done} error={writer.error} />
      </form>
      {clean ? (
        <>
          <p className="records__draft">{announcementText(draft)}</p>
          <CopyButton text={announcementText(draft)} label={t`Copy text`} />
        </>
      ) : (
        <p className="muted">
          <Trans>The text can be copied once the three parts are filled in and no problem remains.</Trans>
        </p>
      )}
    </RecordsPart>
  );
}
