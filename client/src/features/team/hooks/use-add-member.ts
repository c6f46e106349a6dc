import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useState } from 'react';

import { errorText } from '../../../lib/error-words';
import type { Progress } from '../../../lib/keyring/keyring';
import {
  appendRoster,
  discardInvitee,
  getRegrantWork,
  postRegrants,
  REGRANT_BATCH,
  type MemberRow,
} from '../api/members';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../api/roster';
import { publicKeysById } from '../lib/roster-keys';
import { hasHiddenCharacters } from '../model/lookalike-names';
import { planRegrant } from '../model/regrant-policy';
import { useUnlockedSession } from '../session/use-team-session';

export type AddState =
  | { readonly step: 'idle' }
  | { readonly step: 'adding' }
  | { readonly step: 'checking' }
  | { readonly step: 'regranting'; readonly progress: Progress; readonly stored: number }
  | { readonly step: 'done'; readonly granted: number; readonly skipped: number; readonly failed: number }
  /** `added`: the roster entry was stored, only sharing earlier cases failed (it can be tried again). */
  | { readonly step: 'error'; readonly message: string; readonly added: boolean };

/**
 * Adding a pending member, after the admin compared fingerprints: a roster entry signed on top
 * of a head verified just now, the team's index key sealed to them, then the earlier cases
 * shared with them (re-grants) as far as the reporters' exclusions allow (regrant-policy.ts).
 */
export function useAddMember(member: MemberRow, team: VerifiedTeam, onChanged: () => void) {
  const { keyring } = useUnlockedSession();
  const [state, setState] = useState<AddState>({ step: 'idle' });

  async function add(): Promise<void> {
    // a name with invisible or direction-changing characters can pose as another.
    if (hasHiddenCharacters(member.name)) {
      setState({
        step: 'error',
        message: i18n._(
          msg`This name contains hidden characters that can make it look like another name. Discard this request and ask them to join again with a plain name.`,
        ),
        added: false,
      });
      return;
    }
    setState({ step: 'adding' });
    let added = false;
    try {
      // Sign on top of a head verified just now, never on a stale one.
      const fresh = await loadVerifiedTeam(team.slug);
      const previous = fresh.rows.at(-1);
      if (!previous) throw new RosterTrustError(i18n._(msg`The team has no roster.`));
      const row = await keyring.signRosterChange({
        previous,
        op: 'add',
        member: {
          id: member.id,
          name: member.name,
          role: member.role,
          enc_pk: member.enc_pk,
          sign_pk: member.sign_pk,
        },
      });
      // The new member's grant of the index key, when this admin holds it; a team without one
      // gets its key from index-key-upkeep.ts, which gives every active member a grant.
      const held = await keyring.indexKeyState();
      const indexKeyGrant =
        held.status === 'held' ? await keyring.grantIndexKeyTo(member.id, member.enc_pk) : undefined;
      await appendRoster(team.slug, row, indexKeyGrant);
      added = true;
      await regrant(fresh);
    } catch (caught) {
      setState({ step: 'error', message: errorText(caught, i18n._(msg`Adding failed.`)), added });
    }
  }

  /** Existing cases become readable to the new member, except those closed to them. */
  async function regrant(fresh: VerifiedTeam): Promise<void> {
    setState({ step: 'checking' });
    const work = await getRegrantWork(member.id);
    let plan = { objects: work, skippedCases: 0 };
    if (work.length > 0) {
      // The exclusions as the reporters wrote them are inside the reports, not in the list's
      // summaries: read each case's body. A case that cannot be read gets no entry, and
      // planRegrant keeps it closed.
      const caseIds = [...new Set(work.map((o) => o.case))];
      const read = await keyring.readReportExclusions(fresh.id, caseIds);
      const byId = new Map(read.map((r) => [r.id, r]));
      const cases = caseIds.map((id) => {
        const found = byId.get(id);
        return found
          ? {
              row: { id, excluded: found.served },
              opened: { ok: true as const, view: { excluded: found.body } },
            }
          : { row: { id, excluded: [] }, opened: { ok: false as const } };
      });
      plan = planRegrant(member, work, cases, {
        known: fresh.roster.known,
        keys: publicKeysById(fresh.rows),
      });
    }
    const { objects, skippedCases } = plan;
    let stored = 0;
    setState({ step: 'regranting', progress: { done: 0, total: objects.length }, stored });
    const { grants, failed } = await keyring.regrant(
      objects,
      { id: member.id, enc_pk: member.enc_pk },
      (progress) => setState({ step: 'regranting', progress, stored }),
    );
    for (let i = 0; i < grants.length; i += REGRANT_BATCH) {
      stored += await postRegrants(member.id, grants.slice(i, i + REGRANT_BATCH));
      setState({ step: 'regranting', progress: { done: objects.length, total: objects.length }, stored });
    }
    setState({ step: 'done', granted: stored, skipped: skippedCases, failed });
  }

  /** After a failed re-grant: the member is on the roster; share the cases again. */
  function retryRegrant(): void {
    loadVerifiedTeam(team.slug)
      .then(regrant)
      .catch((caught: unknown) =>
        setState({
          step: 'error',
          message: errorText(caught, i18n._(msg`Sharing cases failed.`)),
          added: true,
        }),
      );
  }

  async function discard(): Promise<void> {
    try {
      await discardInvitee(team.slug, member.id);
      onChanged();
    } catch (caught) {
      setState({ step: 'error', message: errorText(caught, i18n._(msg`Discarding failed.`)), added: false });
    }
  }

  return { state, add, retryRegrant, discard };
}
