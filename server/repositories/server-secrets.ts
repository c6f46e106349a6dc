/** Named random keys a deployment keeps in its database, made once and shared by every process. */
import type { Db } from '../db/executor.js';

/** The secret named `name`, storing `fresh` under that name first when there is none yet. */
export async function findOrInsertServerSecret(db: Db, name: string, fresh: Buffer): Promise<Buffer> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: fresh })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
