/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app makes them: HMAC-SHA1,
 * six digits, a new code every 30 seconds, and the codes of the step before and after accepted
 * too, for a phone whose clock is a little off. The caller records the accepted step
 * (members.totp_last_step) so that no code, and no older one, is accepted twice.
 */
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now. */
export const TOTP_WINDOW = 1;
/** 160 bits, the length RFC 4226 recommends for HMAC-SHA1. */
const SECRET_BYTES = 20;

function totpFor(secret: Buffer, label = 'member', issuer = 'Confide'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: new Secret({ buffer: Uint8Array.from(secret).buffer }),
  });
}

export function newTotpSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

/** The secret as people type it into an app: base32, no padding. */
export function totpSecretBase32(secret: Buffer): string {
  return new Secret({ buffer: Uint8Array.from(secret).buffer }).base32;
}

export function totpSecretFromBase32(text: string): Buffer {
  return Buffer.from(Secret.fromBase32(text).bytes);
}

/** otpauth://totp/… for a QR code: the team names the issuer, the member the account. */
export function totpUri(secret: Buffer, teamName: string, memberName: string): string {
  return totpFor(secret, memberName, `Confide (${teamName})`).toString();
}

/**
 * The time step of `code` if it is the code of now or of the step before or after; undefined
 * otherwise. It does not check that the step is new: the caller does, atomically.
 */
export function acceptedTotpStep(secret: Buffer, code: string, nowMs = Date.now()): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const delta = totpFor(secret).validate({ token: code, timestamp: nowMs, window: TOTP_WINDOW });
  if (delta === null) return undefined;
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: nowMs }) + delta;
}

/** The code of a time (tests act as the member's app with it). */
export function totpCodeAt(secret: Buffer, nowMs: number): string {
  return totpFor(secret).generate({ timestamp: nowMs });
}
