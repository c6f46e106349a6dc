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

export function MemberFingerprint({
  encPublicKey,
  signPublicKey,
}: {
  encPublicKey: string;
  signPublicKey: string;
}) {
  const { value, failed } = useComputed(
    () => memberFingerprint(encPublicKey, signPublicKey),
    `${encPublicKey}:${signPublicKey}`,
  );
  if (failed) return <span className="muted">(the fingerprint cannot be shown in this version)</span>;
  if (value === null) return <span className="muted">Computing…</span>;
  return <Groups value={value} />;
}

export function TeamFingerprint({ fingerprintHex }: { fingerprintHex: string }) {
  const { value, failed } = useComputed(() => teamFingerprint(fingerprintHex), fingerprintHex);
  if (failed) return <span className="muted">(unavailable)</span>;
  if (value === null) return <span className="muted">Computing…</span>;
  return <Groups value={value} />;
}
