/**
 * The team's index key (docs/protocol.md 7, fixing review-notes.md R-5): each member's copy is a
 * grant sealed to them and signed by an admin, at the key's epoch (1, then one more at each
 * rotation). The server never sees the key; it checks each grant's signature against the signing
 * admin's stored key before storing it, so that it holds no grant an honest browser would refuse,
 * and it keeps the team's current epoch, which tags (services/case-tags.ts) must be made with.
 *
 * Grants reach the server three ways: the founding admin's at set-up (epoch 1), a new member's
 * with the roster entry adding them (at the team's epoch), and an admin's issue of grants to every
 * active member at once (a new key, or the same key signed again).
 */
import type { IndexKeyGrant, IndexKeyIssue, UntaggedCases } from '#contract/index-keys';
import { MAX_CASES_WITH_TAG, type CasesWithTag } from '#contract/tags';
import { verifyIndexKeyGrant } from '../../crypto/index.js';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { fromB64, toB64 } from '../db/wire.js';
import { AppError, badRequest, conflict } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { listCasesWithTag, listUntaggedCases } from '../repositories/case-tags.js';
import {
  deleteOtherEpochGrants,
  setTeamIndexEpoch,
  teamIndexEpoch,
  upsertIndexKeyGrants,
  type StoredIndexKeyGrant,
} from '../repositories/index-key-grants.js';
import { activeMemberIds, findTeamMember, type MemberContext } from '../repositories/members.js';
import { rosterHeadSeq } from '../repositories/roster-entries.js';
import { lockTeam } from '../repositories/teams.js';
import { teamOfMember } from './team-of-member.js';

/** The epoch of a team's first signed key. */
export const FIRST_INDEX_EPOCH = 1;

/** The refusal of a grant or an issue made for another epoch than the team's (409, with the current one). */
export function indexEpochChanged(current: number, message: string): AppError {
  return conflict('index_epoch_changed', message, { index_epoch: current });
}

const grantInvalid = (message: string): AppError => badRequest('index_key_grant_invalid', message);

/** A grant for this member of this team, as stored once its signature verified. */
function storedGrant(grant: IndexKeyGrant, memberId: string): StoredIndexKeyGrant {
  return {
    memberId,
    epoch: grant.epoch,
    wrap: fromB64(grant.wrap),
    signedBy: grant.by,
    signature: fromB64(grant.sig),
  };
}

/**
 * The founding admin's grant at set-up, checked before the team exists: epoch 1, signed by the
 * founding admin with the key they enrol with, for themself in this team. 400
 * index_key_grant_invalid otherwise.
 */
export function checkFoundingGrant(
  grant: IndexKeyGrant,
  founder: { teamId: string; adminId: string; signPublicKey: string },
): StoredIndexKeyGrant {
  if (grant.epoch !== FIRST_INDEX_EPOCH) {
    throw grantInvalid(`A new team's index key has epoch ${FIRST_INDEX_EPOCH}, not ${grant.epoch}`);
  }
  if (grant.by !== founder.adminId) {
    throw grantInvalid("The team's first index-key grant must be signed by its founding admin");
  }
  if (!verifyIndexKeyGrant(founder.signPublicKey, grant, { team: founder.teamId, member: founder.adminId })) {
    throw grantInvalid(
      "The index-key grant's signature does not verify with the founding admin's key for this team",
    );
  }
  return storedGrant(grant, founder.adminId);
}

/**
 * The grant that comes with a roster entry adding `memberId`, checked in the transaction that
 * locked the team: none when the team has no signed key yet (index_epoch 0), which gets one through
 * an issue; otherwise one at the team's epoch (409 index_epoch_changed, so the browser reloads),
 * signed by the admin who sends the entry for that member of this team (400 otherwise).
 */
export async function checkAddedMemberGrant(
  tx: Db,
  teamId: string,
  admin: { id: string; signPublicKey: Buffer },
  memberId: string,
  grant: IndexKeyGrant | undefined,
): Promise<StoredIndexKeyGrant | undefined> {
  const current = await teamIndexEpoch(tx, teamId);
  if (current === 0) {
    if (grant === undefined) return undefined;
    throw indexEpochChanged(
      current,
      'The team has no signed index key yet, so a new member is added without one; an admin gives everyone the first key afterwards. Reload and try again.',
    );
  }
  if (grant === undefined) {
    throw badRequest(
      'index_key_grant_missing',
      "Adding a member must include their grant of the team's index key, signed by you",
    );
  }
  if (grant.epoch !== current) {
    throw indexEpochChanged(
      current,
      `The team's index key changed in the meantime (it is now at epoch ${current}); reload and try again`,
    );
  }
  if (grant.by !== admin.id) {
    throw grantInvalid('The index-key grant must be signed by the admin who signs the roster entry');
  }
  if (!verifyIndexKeyGrant(toB64(admin.signPublicKey), grant, { team: teamId, member: memberId })) {
    throw grantInvalid(
      "The index-key grant's signature does not verify with your key for this member of this team",
    );
  }
  return storedGrant(grant, memberId);
}

/** Why `grants` do not name exactly the team's active members, each once; null when they do. */
function rosterMismatch(
  members: readonly string[],
  active: ReadonlySet<string>,
): { repeated: boolean; message: string } | null {
  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member)) {
      return {
        repeated: true,
        message: `The grants name member ${member} more than once: give each member one grant.`,
      };
    }
    seen.add(member);
    if (!active.has(member)) {
      return {
        repeated: false,
        message: `Member ${member} is not an active member of the team: give a grant to each active member and no one else. Reload the members and try again.`,
      };
    }
  }
  const missing = [...active].filter((id) => !seen.has(id));
  if (missing.length === 0) return null;
  const listed = missing.slice(0, 5).join(', ');
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  return {
    repeated: false,
    message: `The grants leave out ${missing.length === 1 ? 'an active member' : `${missing.length} active members`} (${listed}${more}): every active member, you included, needs one. Reload the members and try again.`,
  };
}

/**
 * PUT /api/teams/{slug}/index-key: the admin gives every active member (themself included) a grant
 * of the key of `issue.epoch`, all signed by them. A new key is one epoch past the team's; the
 * team's own epoch (from 1) is the same key signed again, after the admin who signed the grants lost
 * that role. In one transaction with the team locked, so that no roster change lands between the
 * check of the members and the grants' storage: the grants of other epochs go, the team's epoch
 * moves, and `index_key.issued` is audited.
 */
export async function issueIndexKey(
  db: Database,
  admin: MemberContext,
  slug: string,
  issue: IndexKeyIssue,
): Promise<void> {
  const team = await teamOfMember(db, slug, admin);
  await db.transaction().execute(async (tx) => {
    // Serialised with roster changes: the set of active members is the one checked here.
    await lockTeam(tx, team.id);
    const current = await teamIndexEpoch(tx, team.id);
    const newKey = issue.epoch === current + 1;
    if (!newKey && !(current >= FIRST_INDEX_EPOCH && issue.epoch === current)) {
      throw indexEpochChanged(
        current,
        current === 0
          ? `The team has no signed index key yet: its first key has epoch ${FIRST_INDEX_EPOCH}. Reload and try again.`
          : `The team's index key is at epoch ${current}: send grants of epoch ${current} (the same key) or ${current + 1} (a new key). Reload and try again.`,
      );
    }
    // The session's role was read before the lock: a demotion that landed since counts.
    const signer = await findTeamMember(tx, admin.id, team.id);
    if (signer?.status !== 'active' || signer.role !== 'admin') {
      throw new AppError(403, 'admin_only', 'Only a team admin can do this');
    }
    const mismatch = rosterMismatch(
      issue.grants.map((grant) => grant.member),
      new Set(await activeMemberIds(tx, team.id)),
    );
    // A member named twice is a malformed request; otherwise a member was added or removed since
    // the admin's page read the roster: a conflict, as for reports.
    if (mismatch?.repeated === true) throw badRequest('grants_do_not_match_roster', mismatch.message);
    if (mismatch !== null) {
      throw conflict('grants_do_not_match_roster', mismatch.message, {
        roster_seq: await rosterHeadSeq(tx, team.id),
      });
    }

    const signerKey = toB64(signer.sign_pk);
    const grants = issue.grants.map((issued) => {
      const grant = { epoch: issue.epoch, wrap: issued.wrap, by: admin.id, sig: issued.sig };
      if (!verifyIndexKeyGrant(signerKey, grant, { team: team.id, member: issued.member })) {
        throw grantInvalid(
          `The grant for member ${issued.member} does not verify with your key for that member of this team`,
        );
      }
      return storedGrant(grant, issued.member);
    });
    await deleteOtherEpochGrants(tx, team.id, issue.epoch);
    await upsertIndexKeyGrants(tx, team.id, grants);
    await setTeamIndexEpoch(tx, team.id, issue.epoch, newKey);
    await recordAudit(tx, {
      teamId: team.id,
      memberId: admin.id,
      action: 'index_key.issued',
      details: { epoch: issue.epoch, new_key: newKey },
    });
  });
}

/**
 * GET /api/teams/{slug}/cases-with-tag: the newest cases the member's case list shows that carry
 * `tag` under the team's current key (the list's filter by account). A team without a signed key
 * has no tags: epoch null, no cases.
 */
export async function casesWithTag(
  db: Db,
  member: MemberContext,
  slug: string,
  tag: string,
): Promise<CasesWithTag> {
  const team = await teamOfMember(db, slug, member);
  const epoch = await teamIndexEpoch(db, team.id);
  if (epoch === 0) return { epoch: null, cases: [], more: false };
  const { ids, more } = await listCasesWithTag(db, member, epoch, fromB64(tag), MAX_CASES_WITH_TAG);
  return { epoch, cases: ids, more };
}

/**
 * GET /api/teams/{slug}/untagged-cases: up to `limit` cases, newest first, that the member's case
 * list shows and that carry no tags of the team's current key, so the member's browser can tag them.
 * A team without a signed key has nothing to tag with: epoch null, no cases.
 */
export async function untaggedCases(
  db: Db,
  member: MemberContext,
  slug: string,
  limit: number,
): Promise<UntaggedCases> {
  const team = await teamOfMember(db, slug, member);
  const epoch = await teamIndexEpoch(db, team.id);
  if (epoch === 0) return { epoch: null, cases: [], more: false };
  const { ids, more } = await listUntaggedCases(db, member, epoch, limit);
  return { epoch, cases: ids, more };
}
