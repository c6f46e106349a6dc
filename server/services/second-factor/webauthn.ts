/**
 * WebAuthn (security keys and passkeys) through @simplewebauthn/server. The relying party is
 * PUBLIC_URL's host name (config.webauthnRpId; WebAuthn refuses an IP address, so then there is
 * none and only TOTP is offered) and the expected origin PUBLIC_URL's origin, read at each call.
 *
 * Every challenge is single use: it lives in auth_challenges and is deleted when it is used, so
 * a replayed assertion finds no challenge. The signature counter is checked (the library refuses
 * one that did not grow, when the authenticator keeps one) and stored.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { AppConfig } from '../../config.js';
import { conflict } from '../../errors.js';
import type { SecurityKeyRow } from '../../repositories/security-keys.js';

export type WebAuthnConfig = Pick<AppConfig, 'webauthnRpId' | 'publicUrl'>;

/** The relying party id, or 409 webauthn_unavailable when PUBLIC_URL has no host name. */
export function relyingParty(config: WebAuthnConfig): { rpID: string; origin: string } {
  if (config.webauthnRpId === undefined) {
    throw conflict(
      'webauthn_unavailable',
      'Security keys and passkeys need this server to be reached by a host name, not an IP address. Use an authenticator app instead, or ask the person who runs Confide to set PUBLIC_URL to a host name.',
    );
  }
  return { rpID: config.webauthnRpId, origin: config.publicUrl.origin };
}

function transportsOf(key: Pick<SecurityKeyRow, 'transports'>): AuthenticatorTransport[] {
  return Array.isArray(key.transports) ? (key.transports as AuthenticatorTransport[]) : [];
}

/** Options for navigator.credentials.create: a new credential that is none of the member's keys. */
export function registrationOptions(
  config: WebAuthnConfig,
  member: { id: string; name: string; teamName: string },
  existing: readonly Pick<SecurityKeyRow, 'id' | 'transports'>[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID } = relyingParty(config);
  return generateRegistrationOptions({
    rpName: `Confide (${member.teamName})`,
    rpID,
    userName: member.name,
    userDisplayName: member.name,
    userID: Buffer.from(member.id, 'utf8'),
    attestationType: 'none',
    excludeCredentials: existing.map((key) => ({ id: key.id, transports: transportsOf(key) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export interface RegisteredKey {
  id: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
}

/** The new credential, or undefined when the response does not verify (or is not one at all). */
export async function verifyRegistration(
  config: WebAuthnConfig,
  response: unknown,
  expectedChallenge: string,
): Promise<RegisteredKey | undefined> {
  const { rpID, origin } = relyingParty(config);
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
    if (!result.verified) return undefined;
    const { credential } = result.registrationInfo;
    return {
      id: credential.id,
      publicKey: Buffer.from(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
    };
  } catch {
    // Hostile or garbled JSON makes the library throw: it is a failed registration, not a 500.
    return undefined;
  }
}

/** Options for navigator.credentials.get, allowing the member's keys. */
export function authenticationOptions(
  config: WebAuthnConfig,
  keys: readonly Pick<SecurityKeyRow, 'id' | 'transports'>[],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = relyingParty(config);
  return generateAuthenticationOptions({
    rpID,
    allowCredentials: keys.map((key) => ({ id: key.id, transports: transportsOf(key) })),
    userVerification: 'preferred',
  });
}

/** The credential id an assertion names, if it names one. */
export function assertionCredentialId(response: unknown): string | undefined {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 1400 ? id : undefined;
}

/** The key's new counter when the assertion verifies against it and the challenge; else undefined. */
export async function verifyAssertion(
  config: WebAuthnConfig,
  response: unknown,
  expectedChallenge: string,
  key: Pick<SecurityKeyRow, 'id' | 'public_key' | 'counter' | 'transports'>,
): Promise<number | undefined> {
  const { rpID, origin } = relyingParty(config);
  try {
    const result = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: key.id,
        publicKey: Uint8Array.from(key.public_key),
        counter: key.counter,
        transports: transportsOf(key),
      },
      requireUserVerification: false,
    });
    return result.verified ? result.authenticationInfo.newCounter : undefined;
  } catch {
    // A forged, replayed (counter not grown) or garbled assertion: refused, never a 500.
    return undefined;
  }
}
