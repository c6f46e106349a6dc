/**
 * Challenges as the browser reads them (docs/protocol.md 14.1): which it will solve, and the
 * small ones it solves at once (solve.ts does the rest, in a Worker). No imports: the unit tests
 * run this file under Node as it is.
 */

/** The error codes whose 429 comes with a challenge to solve. */
const CHALLENGE_CODES: ReadonlySet<string> = new Set([
  'proof_of_work_required',
  'proof_of_work_expired',
  'proof_of_work_spent',
]);

export interface ProofOfWorkChallenge {
  readonly token: string;
  readonly bits: number;
}

/** The most a server may ask (CONFIDE_PROOF_OF_WORK_BITS is 1 to 32). */
const MAX_BITS = 32;

/**
 * Challenges this small are solved on the page's thread, at once (2^8 tries on average, 2^14 at
 * most) and silently: the 1-bit pass an upload is given under its address's limit (protocol.md
 * 14.4) is a formality, not a check worth telling anyone about.
 */
export const QUIET_BITS = 8;

/**
 * A challenge (`{ token, bits, ... }`) this client will solve: a base64url token and a bit
 * count it can afford; undefined for anything else.
 */
export function parseChallenge(challenge: unknown): ProofOfWorkChallenge | undefined {
  if (typeof challenge !== 'object' || challenge === null) return undefined;
  const { token, bits } = challenge as { token?: unknown; bits?: unknown };
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{1,512}$/.test(token)) return undefined;
  if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 1 || bits > MAX_BITS) return undefined;
  return { token, bits };
}

/**
 * The challenge in a 429 error body, when it has one this client will solve. Anything else is
 * treated as a plain refusal.
 */
export function challengeFrom(status: number, body: unknown): ProofOfWorkChallenge | undefined {
  if (status !== 429 || typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, challenge } = error as { code?: unknown; challenge?: unknown };
  if (typeof code !== 'string' || !CHALLENGE_CODES.has(code)) return undefined;
  return parseChallenge(challenge);
}

/**
 * The proof (`token "." solution`) for a challenge of QUIET_BITS or fewer, found with `search`
 * (crypto's searchProofOfWork) in one call: up to 64 times the average number of tries, where
 * the chance of no solution is e^-64. Undefined then, or for a larger challenge.
 */
export function solveQuietly(
  challenge: ProofOfWorkChallenge,
  search: (token: string, bits: number, from: number, count: number) => string | undefined,
): string | undefined {
  if (challenge.bits > QUIET_BITS) return undefined;
  const found = search(challenge.token, challenge.bits, 0, 2 ** challenge.bits * 64);
  return found === undefined ? undefined : `${challenge.token}.${found}`;
}
