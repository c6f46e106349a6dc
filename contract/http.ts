/**
 * Conventions of every route's schema (docs/http-api.md). A route lists the statuses it can fail
 * with, and every one of them answers in the one error shape.
 */
import { ErrorReply } from './errors.js';

/** The error replies of a route's `response` schema: `{ [status]: ErrorReply }` for each status. */
export function errorReplies<const S extends readonly number[]>(
  ...statuses: S
): Record<S[number], typeof ErrorReply> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorReply])) as Record<
    S[number],
    typeof ErrorReply
  >;
}
