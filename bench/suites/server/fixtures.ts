// Data for the ingest benchmark: a team of five active members (a signed roster through the
// project's crypto), one sealed 12 KB report as a template, and a pool of unique
// (id, lookup_hash, signature) triples so every request is a new, valid report.
// Signatures for the pool are made with sodium-native: the load generator must not be the
// bottleneck, and what is measured is the server.

import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import {
  enrolMember,
  foundTeam,
  generateId,
  ready,
  recipientsFromRoster,
  sealReport,
  signedRosterChange,
  verifyRoster,
  deriveReceiptKeys,
  generateReceipt,
  reporterPublicKeys,
  type RosterRow,
} from '../../../crypto/index.js';
import { createTeam } from '../../../server/services/teams.js';
import { fromB64 } from '../../../server/db/wire.js';
import type { DB } from '../../../server/db/schema.js';
import { cheapKdf } from '../../../tests/helpers/protocol/identities.js';
import { defaultReportBody } from '../../../tests/helpers/protocol/reports.js';

const require = createRequire(import.meta.url);
const sodium = require('sodium-native') as {
  crypto_sign_keypair(pk: Buffer, sk: Buffer): void;
  crypto_sign_detached(sig: Buffer, message: Buffer, sk: Buffer): void;
  crypto_generichash(out: Buffer, input: Buffer): void;
  randombytes_buf(buf: Buffer): void;
};

export interface IngestFixture {
  teamId: string;
  rosterSeq: number;
  /** Everything but id, lookup_hash and sig, which each request fills in. */
  template: Record<string, unknown>;
  payloadHashB64: string;
}

/** Creates the team (with 5 active members) in `db` and returns a report template for it. */
export async function seedTeam(db: Kysely<DB>): Promise<IngestFixture> {
  await ready();
  const teamId = generateId();
  const founded = foundTeam({
    team: teamId,
    adminName: 'admin',
    passphrase: 'bench passphrase one',
    kdf: cheapKdf(),
    recoveryKdf: cheapKdf(),
  });
  await createTeam(db, {
    team: { id: teamId, slug: `bench-${teamId.slice(0, 8)}`, name: 'Bench team', description: '' },
    genesis: founded.genesis,
    admin: founded.admin.credentials,
    indexKeyGrant: founded.indexKeyGrant,
  });
  const rows: RosterRow[] = [founded.genesis];
  for (let i = 1; i < 5; i++) {
    const joiner = enrolMember({
      team: teamId,
      name: `member${i}`,
      passphrase: 'bench passphrase two',
      kdf: cheapKdf(),
      recoveryKdf: cheapKdf(),
    });
    const previous = rows.at(-1);
    if (!previous) throw new Error('roster is empty');
    const row = signedRosterChange({
      previous,
      op: 'add',
      member: {
        id: joiner.credentials.id,
        name: joiner.credentials.name,
        role: 'member',
        enc_pk: joiner.credentials.enc_pk,
        sign_pk: joiner.credentials.sign_pk,
      },
      admin: { id: founded.admin.credentials.id, keys: founded.admin.keys },
    });
    rows.push(row);
    await db
      .insertInto('members')
      .values({
        id: joiner.credentials.id,
        team_id: teamId,
        name: joiner.credentials.name,
        role: 'member',
        status: 'active',
        enc_pk: fromB64(joiner.credentials.enc_pk),
        sign_pk: fromB64(joiner.credentials.sign_pk),
        kdf: JSON.stringify(joiner.credentials.kdf),
        verifier: Buffer.alloc(32),
        key_bundle: JSON.stringify(joiner.credentials.keys),
      })
      .execute();
    await db
      .insertInto('roster_entries')
      .values({
        team_id: teamId,
        seq: row.entry.seq,
        entry: JSON.stringify(row.entry),
        sig: fromB64(row.sig),
        hash: fromB64(row.hash),
      })
      .execute();
  }
  const roster = verifyRoster(rows, { team: teamId });
  const receipt = deriveReceiptKeys(generateReceipt());
  const id = generateId();
  const body = {
    ...defaultReportBody(),
    summary: 'bench',
    what_happened: 'x'.repeat(12 * 1024 - 200),
    where: '',
    attachments: [],
    submitted_at: '2026-11-24T00:00:00Z',
  };
  const { report: submission } = sealReport({
    team: teamId,
    id,
    body: new TextEncoder().encode(JSON.stringify(body)),
    recipients: recipientsFromRoster(roster),
    reporter: receipt,
  });
  const hash = Buffer.alloc(32);
  sodium.crypto_generichash(hash, Buffer.from(submission.payload.c, 'base64url'));
  return {
    teamId,
    rosterSeq: rows.length - 1,
    template: {
      team: teamId,
      roster_seq: rows.length - 1,
      payload: submission.payload,
      grants: submission.grants,
      reporter: reporterPublicKeys(receipt),
      urgent: false,
      excluded: [],
    },
    payloadHashB64: hash.toString('base64url'),
  };
}

/**
 * A maker of request bodies, each a distinct valid report (new id, lookup hash, signature).
 * Made on demand (about 50 µs each with sodium-native): a pool for a 20 s run would be
 * gigabytes of 23 KB strings.
 */
export function reportMaker(fixture: IngestFixture): () => string {
  const pk = Buffer.alloc(32);
  const sk = Buffer.alloc(64);
  sodium.crypto_sign_keypair(pk, sk);
  const lookupHash = Buffer.alloc(32);
  const sig = Buffer.alloc(64);
  const reporterBase = fixture.template['reporter'] as Record<string, string>;
  return () => {
    const id = crypto.randomUUID();
    sodium.randombytes_buf(lookupHash);
    sodium.crypto_sign_detached(sig, Buffer.from(`confide/v1/report\n${id}\n${fixture.payloadHashB64}`), sk);
    const reporter = {
      ...reporterBase,
      sign_pk: pk.toString('base64url'),
      lookup_hash: lookupHash.toString('base64url'),
    };
    return JSON.stringify({ ...fixture.template, id, reporter, sig: sig.toString('base64url') });
  };
}
