/**
 * Small checks for writing `Decoder`s (see api-client.ts). Each throws a
 * `DecodeError` naming the field, so a contract mismatch is easy to find in tests.
 */

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

export function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError(`${where}: expected an object`);
  }
  return value as Record<string, unknown>;
}

export function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new DecodeError(`${where}: expected an array`);
  return value as unknown[];
}

export function string(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new DecodeError(`${where}: expected a string`);
  return value;
}

export function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new DecodeError(`${where}: expected true or false`);
  return value;
}

export function integer(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new DecodeError(`${where}: expected an integer`);
  return value;
}
