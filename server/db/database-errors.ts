/**
 * Reading what a database error means, so the error handler can tell a client "try again" (the
 * database is restarting, failing over, or every connection is busy) from a bug (a 500).
 */

/** PostgreSQL SQLSTATE of an error thrown by pg, or undefined. */
function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

/** The constraint a violation names (pg's `constraint` field), or undefined. */
export function violatedConstraint(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('constraint' in error)) return undefined;
  return typeof error.constraint === 'string' ? error.constraint : undefined;
}

/** A row this one refers to is gone (e.g. its team was deleted while the request ran). */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === '23503';
}

/** Socket-level failures reaching the database (TCP or its Unix socket). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'ENOENT']);

/**
 * SQLSTATEs that say "not now" rather than "never": connection exceptions (class 08), the
 * server shutting down or starting (57P01–57P03), too many connections (53300), a statement
 * cancelled by its timeout (57014), and transaction conflicts a retry resolves (40001, 40P01).
 */
const TRANSIENT_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '40001', '40P01']);

/** What pg-pool says when no connection came free within its acquire timeout. */
const POOL_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

/**
 * What pg says when the pool has no free connection in time, a connection died under it, or a
 * statement got no reply within query_timeout (a database frozen, or the network to it gone).
 */
const TRANSIENT_MESSAGES = [
  POOL_TIMEOUT_MESSAGE,
  'Query read timeout',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'the database system is',
];

/** The pool had no free connection within its acquire timeout: every connection is busy. */
export function isPoolExhausted(error: unknown): boolean {
  return error instanceof Error && error.message.includes(POOL_TIMEOUT_MESSAGE);
}

/**
 * PostgreSQL cancelled a statement that ran past statement_timeout (57014): the database is up
 * but slow, or the statement waited on a lock.
 */
export function isStatementTimeout(error: unknown): boolean {
  return sqlState(error) === '57014';
}

/** True when the same request may well succeed in a moment (answer 503, not 500). */
export function isTransientDatabaseError(error: unknown): boolean {
  const state = sqlState(error);
  if (
    state !== undefined &&
    (state.startsWith('08') || TRANSIENT_STATES.has(state) || NETWORK_CODES.has(state))
  )
    return true;
  return error instanceof Error && TRANSIENT_MESSAGES.some((text) => error.message.includes(text));
}
