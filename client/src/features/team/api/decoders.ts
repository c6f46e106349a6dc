/**
 * Decoders for the member-side replies of the API. Each checks the shape a page relies on
 * and returns it typed; anything else fails in the API client as "a reply this page could
 * not read". Types come from the server's schemas (one contract).
 */
import type { Envelope, KdfParams } from '#crypto';
import { array, boolean, DecodeError, integer, record, string } from '../../../lib/decode';
import type { CaseStatus } from '#contract/common';

export function nullable<T>(
  value: unknown,
  decode: (v: unknown, where: string) => T,
  where: string,
): T | null {
  return value === null ? null : decode(value, where);
}

export function envelope(value: unknown, where: string): Envelope {
  const e = record(value, where);
  if (e.v !== 1) throw new DecodeError(`${where}.v: expected 1`);
  return { v: 1, n: string(e.n, `${where}.n`), c: string(e.c, `${where}.c`) };
}

export function kdfParams(value: unknown, where: string): KdfParams {
  const k = record(value, where);
  if (k.alg !== 'argon2id13') throw new DecodeError(`${where}.alg: expected argon2id13`);
  // The floor (ops 2, 64 MiB) is enforced by the keyring worker, with its own error code, so
  // that a weakened reply is reported as an attack rather than as an unreadable reply.
  return {
    alg: 'argon2id13',
    ops: integer(k.ops, `${where}.ops`),
    mem: integer(k.mem, `${where}.mem`),
    salt: string(k.salt, `${where}.salt`),
  };
}

const STATUSES: readonly CaseStatus[] = [
  'received',
  'acknowledged',
  'investigating',
  'awaiting_reporter',
  'referred',
  'closed',
  'withdrawn',
];

export function caseStatus(value: unknown, where: string): CaseStatus {
  const found = STATUSES.find((s) => s === value);
  if (found === undefined) throw new DecodeError(`${where}: unknown case status`);
  return found;
}

export function role(value: unknown, where: string): 'admin' | 'member' {
  if (value === 'admin' || value === 'member') return value;
  throw new DecodeError(`${where}: expected admin or member`);
}

export function stringList(value: unknown, where: string): string[] {
  return array(value, where).map((v, i) => string(v, `${where}[${i}]`));
}

export { array, boolean, integer, record, string };
