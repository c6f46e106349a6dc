// The seeded cases are sealed by sodium-native (bench/reference/native.ts), not by the project's
// crypto. A composition that differed from the protocol by one byte would make the console list
// every case as "could not be decrypted" and the bench would time an error page. So before any
// run, a few cases of each team (the oldest, one in the middle, the newest) are read back from
// the database in their served form and opened with crypto/index.ts as the console opens them:
// the grant, the reporter's signature over the body and the summary, the body, the summary, and
// the summary's agreement with the body.

import type { Kysely } from 'kysely';
import {
  openReportSummary,
  signPublicKeyFromBase64,
  summaryDisagreements,
  verifyAndOpenReport,
} from '../../../crypto/index.js';
import type { DB } from '../../../server/db/schema.js';
import type { CreatedTeam } from '../../../tests/helpers/protocol/teams.js';

const b64 = (bytes: Buffer): string => bytes.toString('base64url');

/** Throws unless the team's oldest, middle and newest cases open with the project's crypto. */
export async function checkSeededCases(db: Kysely<DB>, team: CreatedTeam, count: number): Promise<void> {
  const numbers = [...new Set([1, Math.ceil(count / 2), count])];
  const rows = await db
    .selectFrom('cases')
    .innerJoin('grants', (join) =>
      join.onRef('grants.object_id', '=', 'cases.id').on('grants.recipient', '=', team.admin.id),
    )
    .select([
      'cases.id',
      'cases.number',
      'cases.payload_nonce',
      'cases.payload_ct',
      'cases.summary_nonce',
      'cases.summary_ct',
      'cases.sig',
      'cases.reporter_sign_pk',
      'grants.sealed',
    ])
    .where('cases.team_id', '=', team.id)
    .where('cases.number', 'in', numbers)
    .execute();
  if (rows.length !== numbers.length)
    throw new Error(`seeded cases ${numbers.join(', ')}: ${rows.length} found with a grant to the admin`);
  for (const row of rows) {
    if (!row.payload_nonce || !row.payload_ct || !row.summary_nonce || !row.summary_ct)
      throw new Error(`seeded case #${row.number} has no body or no summary`);
    const summary = { v: 1, n: b64(row.summary_nonce), c: b64(row.summary_ct) } as const;
    // Throws SIGNATURE_INVALID, TAMPERED, BAD_PADDING... where the composition is wrong.
    const { body, reportKey } = verifyAndOpenReport(
      {
        team: team.id,
        id: row.id,
        payload: { v: 1, n: b64(row.payload_nonce), c: b64(row.payload_ct) },
        sig: b64(row.sig),
        grant: b64(row.sealed),
        summary,
      },
      team.admin.keys.enc,
      signPublicKeyFromBase64(b64(row.reporter_sign_pk)),
    );
    const opened = openReportSummary({ team: team.id, id: row.id, summary }, reportKey);
    const disagreements = summaryDisagreements(opened, body);
    if (disagreements.length > 0)
      throw new Error(`seeded case #${row.number}: its summary disagrees on ${disagreements.join(', ')}`);
  }
}
