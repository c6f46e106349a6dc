/** `npm run migrate`: applies pending migrations to DATABASE_URL or the embedded database, then exits. */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';

try {
  const database = await openDatabase(loadConfig(), (message) =>
    process.stderr.write(`confide: ${message}\n`),
  );
  await database.close();
  process.stderr.write('confide: the database schema is up to date\n');
} catch (error) {
  process.stderr.write(
    `confide: migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
