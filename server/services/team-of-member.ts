/**
 * The team at an address, for a member's request about their own team (its members, roster, index
 * key, tags): any other team is a 404, so a member of one team learns nothing about another beyond
 * its public page.
 */
import type { Db } from '../db/executor.js';
import { notFound } from '../errors.js';
import type { MemberContext } from '../repositories/members.js';
import { findTeamBySlug, type TeamRow } from '../repositories/teams.js';

export async function teamOfMember(db: Db, slug: string, member: MemberContext): Promise<TeamRow> {
  const team = await findTeamBySlug(db, slug);
  if (!team || team.id !== member.teamId) throw notFound('There is no such team');
  return team;
}
