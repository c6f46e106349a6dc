/**
 * What a backup reads from PostgreSQL's catalog rather than from a list in the code: the tables
 * of the public schema, their columns, the order foreign keys impose, the identity sequences. A
 * table a later migration adds is backed up and restored without anyone remembering to add it.
 */
import pg from 'pg';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../db/migrate.js';
const BOOKKEEPING = [MIGRATION_TABLE, MIGRATION_LOCK_TABLE];

export interface TableColumn {
  readonly name: string;
  /** As format_type() spells it, e.g. `timestamp with time zone`: binary COPY needs the same type on both sides. */
  readonly type: string;
}

export interface TableInfo {
  readonly name: string;
  readonly columns: readonly TableColumn[];
}

export type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Every ordinary table of the public schema but the migration bookkeeping, with the columns a
 * COPY carries (generated columns are computed again on restore, dropped ones are gone), in an
 * order where each table comes after the tables its foreign keys point to.
 */
export async function listTables(client: Queryable): Promise<TableInfo[]> {
  const columns = await client.query<{ table: string; column: string; type: string }>(
    `select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid
      where n.nspname = 'public' and c.relkind = 'r' and not c.relispartition
        and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        and c.relname <> all($1::text[])
      order by c.relname, a.attnum`,
    [BOOKKEEPING],
  );
  const byTable = new Map<string, TableColumn[]>();
  for (const row of columns.rows) {
    const list = byTable.get(row.table) ?? [];
    list.push({ name: row.column, type: row.type });
    byTable.set(row.table, list);
  }
  const references = await client.query<{ child: string; parent: string }>(
    `select distinct child.relname as child, parent.relname as parent
       from pg_constraint k
       join pg_class child on child.oid = k.conrelid
       join pg_class parent on parent.oid = k.confrelid
       join pg_namespace n on n.oid = child.relnamespace
      where k.contype = 'f' and n.nspname = 'public'`,
  );
  return loadOrder([...byTable.keys()], references.rows).map((name) => ({
    name,
    columns: byTable.get(name) ?? [],
  }));
}

/**
 * Parents before children (Kahn's algorithm, ties by name so the order is stable). A table
 * that references itself is loaded in one COPY, whose foreign-key checks run at its end. Tables
 * in a cycle (none today) follow by name; restore defers the constraints that allow it.
 */
export function loadOrder(
  tables: readonly string[],
  references: readonly { child: string; parent: string }[],
): string[] {
  const known = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references) {
    if (child !== parent && known.has(child) && known.has(parent)) parents.get(child)?.add(parent);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  for (;;) {
    const ready = [...parents]
      .filter(([table, needs]) => !placed.has(table) && [...needs].every((p) => placed.has(p)))
      .map(([table]) => table)
      .sort();
    const next = ready[0];
    if (next === undefined) break;
    order.push(next);
    placed.add(next);
  }
  return [...order, ...tables.filter((t) => !placed.has(t)).sort()];
}

/** The migrations recorded as applied, in order; none when the bookkeeping table is missing. */
export async function appliedMigrations(client: Queryable): Promise<string[]> {
  const exists = await client.query<{ found: boolean }>(`select to_regclass($1) is not null as found`, [
    `public.${MIGRATION_TABLE}`,
  ]);
  if (exists.rows[0]?.found !== true) return [];
  const rows = await client.query<{ name: string }>(
    `select name from ${pg.escapeIdentifier(MIGRATION_TABLE)} order by name`,
  );
  return rows.rows.map((r) => r.name);
}

/** Which of `tables` hold at least one row. */
export async function tablesWithRows(client: Queryable, tables: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of tables) {
    const result = await client.query<{ found: boolean }>(
      `select exists (select 1 from ${pg.escapeIdentifier(table)}) as found`,
    );
    if (result.rows[0]?.found === true) found.push(table);
  }
  return found;
}

/** Tables with triggers of their own (not the internal ones that enforce foreign keys). */
export async function tablesWithUserTriggers(client: Queryable): Promise<string[]> {
  const result = await client.query<{ table: string }>(
    `select distinct c.relname as table
       from pg_trigger t
       join pg_class c on c.oid = t.tgrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and not t.tgisinternal
      order by 1`,
  );
  return result.rows.map((r) => r.table);
}

/**
 * Sets every sequence owned by a public table's column (identity columns such as
 * audit_events.id, serials) to the largest value restored, so the next row gets a fresh one.
 * COPY writes the stored values without advancing the sequences.
 */
export async function advanceSequences(client: Queryable): Promise<number> {
  const owned = await client.query<{ table: string; column: string; sequence: string }>(
    `select c.relname as table, a.attname as column,
            pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as sequence
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        and pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) is not null`,
  );
  for (const { table, column, sequence } of owned.rows) {
    // An empty table leaves its sequence where migrating left it: at the start.
    await client.query(
      `select setval($1::regclass, m) from (select max(${pg.escapeIdentifier(column)}) as m from ${pg.escapeIdentifier(table)}) s
        where m is not null`,
      [sequence],
    );
  }
  return owned.rows.length;
}

/** `COPY table (columns) TO STDOUT` or `FROM STDIN`, binary: bytea and every other value exactly. */
export function copyStatement(table: TableInfo, direction: 'to' | 'from'): string {
  const columns = table.columns.map((c) => pg.escapeIdentifier(c.name)).join(', ');
  const where = direction === 'to' ? 'TO STDOUT' : 'FROM STDIN';
  return `COPY ${pg.escapeIdentifier(table.name)} (${columns}) ${where} (FORMAT binary)`;
}
