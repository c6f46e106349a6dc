/**
 * Report bodies read in the background (GET /api/cases/bodies): a member's console fetches the
 * whole reports of many cases to read them in its own workers (search inside whole reports, the
 * exclusions an admin's re-grant compares, the names the blind index tags: docs/protocol.md 12),
 * a few dozen a request instead of one case page each.
 *
 * Like GET /api/cases/{id}?background=1, a read records nothing: no member looked at the cases, so
 * neither their read marks nor the audit log change. The server sees which bodies a console
 * fetched, as it would case by case (docs/protocol.md 13).
 */
import type { CaseBodies } from '#contract/cases';
import type { Db } from '../db/executor.js';
import { envelopeOrNull, toB64 } from '../db/wire.js';
import { badRequest } from '../errors.js';
import { listCaseBodiesFor } from '../repositories/cases.js';
import type { MemberContext } from '../repositories/members.js';

/**
 * The bodies of the cases of `ids` (the query's comma-separated list, its form checked by the
 * route's schema) that GET /api/cases/{id} would serve the member, in the order asked, with the
 * same `id`, `excluded`, `payload` and `grant`. A case the member may not see, a purged one and
 * an unknown id are left out, never refused, so a reply says no more than that route's 404s would
 * (and nothing at all of another team's cases). A repeated id is a 400.
 */
export async function caseBodies(db: Db, member: MemberContext, ids: string): Promise<CaseBodies> {
  const asked = ids.split(',');
  if (new Set(asked).size !== asked.length) {
    throw badRequest('invalid_request', 'ids names a case more than once; ask for each case once');
  }
  const rows = await listCaseBodiesFor(db, asked, member);
  const found = new Map(rows.map((row) => [row.id, row]));
  return {
    cases: asked.flatMap((id) => {
      const row = found.get(id);
      const payload = row ? envelopeOrNull(row) : null;
      if (!row || payload === null) return [];
      return [{ id, excluded: row.excluded, payload, grant: toB64(row.sealed) }];
    }),
  };
}
