// A PostgreSQL session for seeding many cases fast, shared by the suites' seeds.
//
// The session runs with session_replication_role = replica when it may: the numbering trigger
// (cases_assign_number) would update the team's counter row once per case, 100,000 row versions
// in one transaction, and the foreign keys would look every case up again for each grant and tag.
// Seeds number the cases themselves and set the counter once at the end. Without the rights for
// that (not a superuser), only the numbering trigger is turned off, and turned on again after.
//
// payload_ct's storage is set to external for the seed: PostgreSQL would try to compress (pglz)
// every 16 KiB envelope before storing it as it is (real ciphertext does not compress; that try
// cost 40% of a COPY), and a seed whose envelopes repeat a hash would be stored compressed to
// almost nothing, so that reading a case would cost less than it does. Put back afterwards, so
// the database the server runs on has the schema's setting.

import pg from 'pg';

/** Runs `write` on a session set up as above, then undoes what it changed and disconnects. */
export async function withBulkCaseWriter<T>(
  databaseUrl: string,
  write: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let triggerDisabled = false;
  let storageChanged = false;
  try {
    try {
      await client.query('set session_replication_role = replica');
    } catch {
      await client.query('alter table cases disable trigger cases_assign_number');
      triggerDisabled = true;
    }
    storageChanged = await client
      .query('alter table cases alter column payload_ct set storage external')
      .then(() => true)
      .catch(() => false);
    return await write(client);
  } finally {
    if (triggerDisabled) await client.query('alter table cases enable trigger cases_assign_number');
    if (storageChanged) await client.query('alter table cases alter column payload_ct set storage extended');
    await client.end();
  }
}
