/**
 * How most integration suites begin: the real app on a database of its own (rate limits off, so a
 * suite's many requests are not refused), a team made with the service, its admin Ana signed in,
 * and the members a suite names joined by her. Close `t` when the suite ends.
 */
import { ready } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from './app-server.js';
import {
  createTeamWithService,
  injectAgent,
  joinTeam,
  signInFast,
  type CreatedTeam,
  type JoinedMember,
  type MemberSession,
} from './protocol/index.js';

export interface TeamApp<Members extends readonly string[]> {
  readonly t: TestApp;
  readonly team: CreatedTeam;
  /** Ana, the team's admin, signed in. */
  readonly ana: MemberSession;
  /** The members joined, in the order named. */
  readonly members: { readonly [K in keyof Members]: JoinedMember };
}

export async function startTeamApp<const Members extends readonly string[]>(
  memberNames: Members,
): Promise<TeamApp<Members>> {
  await ready();
  const t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  const team = await createTeamWithService(t.db, { adminName: 'Ana' });
  const ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  const members: JoinedMember[] = [];
  // One after another: each joining changes the roster the next one is added to.
  for (const name of memberNames) members.push(await joinTeam(ana, { name }));
  return { t, team, ana, members: members as unknown as TeamApp<Members>['members'] };
}
