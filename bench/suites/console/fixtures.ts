// A team with many cases, for the console benchmark: the team made the way the command line
// makes it (a real signed genesis, the admin's real wrapped keys and Argon2id parameters), and
// N reports sealed to the admin and their reporter the way a reporter's browser seals them.
// The reports are sealed with sodium-native and written straight into the database in batches:
// seeding 10,000 through the API and WebAssembly would take minutes and measure nothing.

import { sql, type Insertable, type Kysely } from 'kysely';
import { keyToBase64 } from '../../../crypto/index.js';
import type { DB } from '../../../server/db/schema.js';
import { cheapKdf } from '../../../tests/helpers/protocol/identities.js';
import { createTeamWithService, type CreatedTeam } from '../../../tests/helpers/protocol/teams.js';
import { nativeBoxKeyPair, nativeSealReport, nativeSignKeyPair } from '../../reference/native.js';
import { native } from '../../reference/sodium-native.js';

export const ADMIN_NAME = 'Ana';
export const ADMIN_PASSPHRASE = 'bench violet tractor umbrella 7';

const KINDS = ['personal_attack', 'doxxing', 'stalking', 'threats', 'sexual_harassment'] as const;

/** A protocol report body of about `bytes` bytes of JSON, different for every `n`. */
function reportBody(n: number, team: CreatedTeam, bytes: number): Uint8Array {
  const body = {
    schema: 'confide/report/v1',
    reporter_role: n % 3 === 0 ? 'third_party' : 'target',
    kinds: [KINDS[n % KINDS.length]],
    summary: `Report ${n}: repeated comments on a talk page`,
    what_happened: '',
    where: 'en.wikipedia.org, User talk',
    links: [],
    involved: [{ name: `Account${n % 97}`, role: 'harasser' }],
    private_info_exposed: n % 11 === 0,
    danger: 'none',
    contact: { by: 'receipt' },
    language: 'en',
    attachments: [],
    submitted_at: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
    excluded: [],
    team_fingerprint: team.fingerprint,
  };
  const base = JSON.stringify(body).length;
  body.what_happened = 'They keep leaving insulting comments. '
    .repeat(40)
    .slice(0, Math.max(0, bytes - base));
  return new TextEncoder().encode(JSON.stringify(body));
}

export interface ConsoleFixture {
  readonly team: CreatedTeam;
  readonly cases: number;
}

/** Creates the team and `count` cases of about `bodyBytes` each, granted to the admin. */
export async function seedCases(db: Kysely<DB>, count: number, bodyBytes: number): Promise<ConsoleFixture> {
  const team = await createTeamWithService(db, {
    slug: 'stewards',
    name: 'Stewards',
    adminName: ADMIN_NAME,
    passphrase: ADMIN_PASSPHRASE,
    kdf: cheapKdf(),
  });
  const admin = { id: team.admin.id, publicKey: Buffer.from(team.admin.keys.enc.publicKey) };
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const cases: Insertable<DB['cases']>[] = [];
    const grants: Insertable<DB['grants']>[] = [];
    for (let n = start; n < Math.min(count, start + BATCH); n++) {
      const id = crypto.randomUUID();
      const reporterBox = nativeBoxKeyPair();
      const reporterSign = nativeSignKeyPair();
      const sealed = nativeSealReport({
        team: team.id,
        id,
        body: reportBody(n, team, bodyBytes),
        recipients: [admin, { id: 'reporter', publicKey: reporterBox.publicKey }],
        signKeyPair: reporterSign,
      });
      const lookupHash = Buffer.alloc(32);
      native.randombytes_buf(lookupHash);
      cases.push({
        id,
        team_id: team.id,
        roster_seq: 0,
        payload_v: 1,
        payload_nonce: Buffer.from(sealed.payload.n, 'base64url'),
        payload_ct: Buffer.from(sealed.payload.c, 'base64url'),
        sig: Buffer.from(sealed.sig, 'base64url'),
        reporter_box_pk: reporterBox.publicKey,
        reporter_sign_pk: reporterSign.publicKey,
        lookup_hash: lookupHash,
        urgent: n % 50 === 0,
        // Spread over the last weeks, so the list sorts real dates.
        created_at: new Date(Date.now() - (count - n) * 90_000),
      });
      for (const g of sealed.grants) {
        grants.push({ case_id: id, object_id: id, recipient: g.to, sealed: Buffer.from(g.k, 'base64url') });
      }
    }
    await db.insertInto('cases').values(cases).execute();
    await db.insertInto('grants').values(grants).execute();
  }
  // Statistics, as autovacuum keeps them on a database that has been in use: without them the
  // planner guesses a handful of rows and hashes the whole team's cases for every page.
  await sql`analyze`.execute(db);
  return { team, cases: count };
}

/** The admin's X25519 key pair as base64url, for the Node reference run. */
export function adminBoxKeys(team: CreatedTeam): { publicKey: Buffer; secretKey: Buffer } {
  return {
    publicKey: Buffer.from(keyToBase64(team.admin.keys.enc.publicKey), 'base64url'),
    secretKey: Buffer.from(keyToBase64(team.admin.keys.enc.secretKey), 'base64url'),
  };
}
