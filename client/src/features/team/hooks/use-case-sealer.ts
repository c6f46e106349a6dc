import { useMemo } from 'react';

import type { MessageThread, RecordFields, SealedItemOutput } from '../../../lib/keyring/keyring';
import { caseRecipients } from '../lib/roster-keys';
import { useUnlockedSession } from '../session/use-team-session';
import type { LoadedCase } from './use-case';

/** What to seal: a message in the reporter's or the target's thread, an internal note, or a record. */
export type ItemToSeal =
  | { readonly kind: 'message'; readonly to: MessageThread; readonly text: string }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'record'; readonly record: RecordFields };

/**
 * Who receives a new item of the case: the active members, minus the members the reporter
 * excluded (as this browser reads the report) and minus those who recused themselves, whom
 * the server refuses as recipients anyway.
 */
export function handlingRecipients(loaded: LoadedCase): { id: string; enc_pk: string }[] {
  const { detail, opened, team } = loaded;
  return caseRecipients(team.rows, team.roster, [...opened.excluded.effective, ...detail.recused]);
}

/** Seals an item of this case in the keyring, for the handling actions to send with a request. */
export function useCaseSealer(loaded: LoadedCase): (item: ItemToSeal) => Promise<SealedItemOutput> {
  const { keyring } = useUnlockedSession();
  return useMemo(() => {
    const recipients = handlingRecipients(loaded);
    return (item: ItemToSeal) =>
      keyring.sealItem({ team: loaded.team.id, caseId: loaded.detail.id, recipients, ...item });
  }, [keyring, loaded]);
}
