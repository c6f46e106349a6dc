/**
 * WebAuthn (security keys and passkeys) as the console uses it through @simplewebauthn/browser:
 * the options the server sends, checked before the browser sees them, and what a person is told
 * when the browser or the key says no.
 *
 * The contract bounds the options only as an object (contract/account.ts WebAuthnJson);
 * @simplewebauthn/browser and the browser check the rest, field by field. What is checked here is
 * what they would otherwise fail on with a message nobody can act on.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isDescriptorList(value: unknown): boolean {
  return (
    value === undefined ||
    (Array.isArray(value) &&
      value.every((d) => isRecord(d) && isNonEmptyString(d.id) && d.type === 'public-key'))
  );
}

/** Options for navigator.credentials.get (signing in with a key). */
export function isRequestOptions(
  json: Record<string, unknown>,
): json is Record<string, unknown> & PublicKeyCredentialRequestOptionsJSON {
  return isNonEmptyString(json.challenge) && isDescriptorList(json.allowCredentials);
}

/** Options for navigator.credentials.create (adding a key). */
export function isCreationOptions(
  json: Record<string, unknown>,
): json is Record<string, unknown> & PublicKeyCredentialCreationOptionsJSON {
  const { rp, user, pubKeyCredParams } = json;
  return (
    isNonEmptyString(json.challenge) &&
    isRecord(rp) &&
    isNonEmptyString(rp.name) &&
    isRecord(user) &&
    isNonEmptyString(user.id) &&
    typeof user.name === 'string' &&
    typeof user.displayName === 'string' &&
    Array.isArray(pubKeyCredParams) &&
    pubKeyCredParams.length > 0 &&
    pubKeyCredParams.every((p) => isRecord(p) && p.type === 'public-key' && Number.isInteger(p.alg)) &&
    isDescriptorList(json.excludeCredentials)
  );
}

/**
 * Words for a refusal by the browser or the key. @simplewebauthn/browser names the reason in
 * `code` (WebAuthnError) and keeps the browser's DOMException name in `name`.
 */
export function webauthnProblem(error: unknown, ceremony: 'sign-in' | 'register'): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const name = error instanceof Error ? error.name : '';
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') {
    return ceremony === 'register'
      ? i18n._(msg`This security key or passkey is already added to your account.`)
      : i18n._(msg`This security key or passkey could not be used. Try another way.`);
  }
  if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError') {
    return i18n._(
      msg`Security keys and passkeys work only when Confide is opened at its own address, with a host name (not an IP address) and over https. Use an authenticator app instead, or tell the server’s administrator.`,
    );
  }
  if (name === 'NotSupportedError' || code === 'ERROR_AUTHENTICATOR_NO_SUPPORTED_PUBKEYCREDPARAMS_ALG') {
    return i18n._(
      msg`This browser or device cannot use security keys or passkeys here. Use an authenticator app instead.`,
    );
  }
  if (name === 'NotAllowedError' || name === 'AbortError' || code === 'ERROR_CEREMONY_ABORTED') {
    return ceremony === 'register'
      ? i18n._(
          msg`No security key or passkey was added: the request was cancelled or timed out. Try again when your key is ready.`,
        )
      : i18n._(
          msg`Your security key or passkey did not answer: the request was cancelled or timed out. Try again, or use another way.`,
        );
  }
  return ceremony === 'register'
    ? i18n._(
        msg`The security key or passkey could not be added. Try again, or use an authenticator app instead.`,
      )
    : i18n._(msg`Your security key or passkey could not be used. Try again, or use another way.`);
}
