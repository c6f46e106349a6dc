import { Trans } from '@lingui/react/macro';
import { useEffect, useState } from 'react';

import { memberFingerprint, teamFingerprint } from '../lib/keyring/fingerprints';
import './fingerprint.css';

function useComputed(compute: () => Promise<string>, key: string): { value: string | null; failed: boolean } {
  const [state, setState] = useState<{ key: string; value: string | null; failed: boolean }>({
    key,
    value: null,
    failed: false,
  });
  useEffect(() => {
    let cancelled = false;
    compute().then(
      (value) => !cancelled && setState({ key, value, failed: false }),
      () => !cancelled && setState({ key, value: null, failed: true }),
    );
    return () => {
      cancelled = true;
    };
    // `key` names the inputs of `compute`, which is a new function on every render.
  }, [key]);
  return state.key === key ? state : { value: null, failed: false };
}

/** Eight groups of four hex digits, spaced for reading aloud (and copied with their spaces). */
function Groups({ value }: { value: string }) {
  return (
    <span className="key-fingerprint" translate="no">
      {value}
    </span>
  );
}

/** Shown while a fingerprint is worked out (in a Worker, a moment on a slow phone). */
function Computing() {
  return (
    <span className="muted">
      <Trans>Computing…</Trans>
    </span>
  );
}

/** A public key as the API serves it (base64url) or as a verified roster holds it (bytes). */
type PublicKeyInput = string | Uint8Array;

/** base64url of a key's bytes (a public value: this is only for naming the computation). */
function keyText(key: PublicKeyInput): string {
  if (typeof key === 'string') return key;
  let binary = '';
  for (const b of key) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A member's key fingerprint (docs/protocol.md 5.5): the one format shown wherever people compare
 * a member's keys, the Members page, the join page, the reporter's exclusion list and the
 * receipt page.
 */
export function MemberFingerprint({
  encPublicKey,
  signPublicKey,
}: {
  encPublicKey: PublicKeyInput;
  signPublicKey: PublicKeyInput;
}) {
  const enc = keyText(encPublicKey);
  const sign = keyText(signPublicKey);
  const { value, failed } = useComputed(() => memberFingerprint(enc, sign), `${enc}:${sign}`);
  if (failed) {
    return (
      <span className="muted">
        <Trans>(the fingerprint cannot be shown in this version)</Trans>
      </span>
    );
  }
  if (value === null) return <Computing />;
  return <Groups value={value} />;
}

export function TeamFingerprint({ fingerprintHex }: { fingerprintHex: string }) {
  const { value, failed } = useComputed(() => teamFingerprint(fingerprintHex), fingerprintHex);
  if (failed) {
    return (
      <span className="muted">
        <Trans>(unavailable)</Trans>
      </span>
    );
  }
  if (value === null) return <Computing />;
  return <Groups value={value} />;
}

/**
 * "Admin · fingerprint …" under a member's name where a reporter or a member chooses whom to leave
 * out of a case (the report form, a referral's consent, the console's referral form).
 */
export function MemberRoleAndFingerprint({
  member,
}: {
  member: { role: string; encPublicKey: PublicKeyInput; signPublicKey: PublicKeyInput };
}) {
  // Each sentence keeps the fingerprint inside it, as one message of the catalogs.
  return member.role === 'admin' ? (
    <Trans>
      Admin · fingerprint{' '}
      <MemberFingerprint encPublicKey={member.encPublicKey} signPublicKey={member.signPublicKey} />
    </Trans>
  ) : (
    <Trans>
      Member · fingerprint{' '}
      <MemberFingerprint encPublicKey={member.encPublicKey} signPublicKey={member.signPublicKey} />
    </Trans>
  );
}
