import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useState } from 'react';

import { ApiError } from '../../../../../lib/api-client';
import { errorText } from '../../../../../lib/error-words';
import type { RecordFields } from '../../../../../lib/keyring/keyring';
import { postItem } from '../../../api/cases';
import type { LoadedCase } from '../../../hooks/use-case';
import { caseRecipients } from '../../../lib/roster-keys';
import { useUnlockedSession } from '../../../session/use-team-session';

/**
 * Members who recused themselves from the case (GET /api/cases/{id} `recused`). Read defensively:
 * an older server sends no such field, and then nobody is left out.
 */
export function recusedMembers(detail: LoadedCase['detail']): readonly string[] {
  const recused: unknown = (detail as { recused?: unknown }).recused;
  return Array.isArray(recused) ? recused.filter((id): id is string => typeof id === 'string') : [];
}

/** Why a record was not saved, in the page's language. */
function writeErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    return errorText(
      error,
      i18n._(
        msg`The case changed since this page loaded (the team, a recusal or its status). Reload the page and try again.`,
      ),
    );
  }
  return errorText(error, i18n._(msg`The record could not be saved. Please try again.`));
}

export interface RecordWriter {
  readonly busy: boolean;
  readonly error: string | null;
  readonly done: string | null;
  /** Seals `record` to the case's members, posts it and reloads the case; true when saved. */
  write(record: RecordFields, doneText: string): Promise<boolean>;
  /** Shows a refusal the form found itself, without writing. */
  refuse(message: string): void;
}

/**
 * Writes one record of the case, encrypted in this browser to the active members minus the
 * reporter's exclusions and the recused members (the server refuses grants for those anyway).
 */
export function useRecordWriter(loaded: LoadedCase, onChanged: () => void): RecordWriter {
  const { detail, opened, team } = loaded;
  const { keyring } = useUnlockedSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function write(record: RecordFields, doneText: string): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const leftOut = [...opened.excluded.effective, ...recusedMembers(detail)];
      const item = await keyring.sealItem({
        team: team.id,
        caseId: detail.id,
        kind: 'record',
        record,
        recipients: caseRecipients(team.rows, team.roster, leftOut),
      });
      await postItem(detail.id, item);
      setDone(doneText);
      onChanged();
      return true;
    } catch (caught) {
      setError(writeErrorText(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function refuse(message: string) {
    setDone(null);
    setError(message);
  }

  return { busy, error, done, write, refuse };
}
