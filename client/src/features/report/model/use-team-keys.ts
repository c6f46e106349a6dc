/**
 * The chosen team's keys, checked in this browser (roster-trust.ts), and the deployment's
 * limits for files: loaded when the form opens, again on "Try again", and replaced when the
 * submission finds the team has changed.
 */
import { useEffect, useState } from 'react';

import { isAbortError } from '../../../lib/api-client';
import { getAttachmentLimits, type AttachmentLimits } from '../../../lib/attachments';
import { checkTeamRoster, type RosterTrust } from '../../../lib/roster-trust';

/** `error`: why the keys could not be loaded, put into words where it is shown (lib/error-words.ts errorText). */
export type TrustState =
  { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; trust: RosterTrust };

export interface TeamKeys {
  trustState: TrustState;
  /** undefined until loaded (or when they could not be: the server checks them again). */
  limits: AttachmentLimits | undefined;
  retry: () => void;
  /** What a submission found the team's keys to be now. */
  replaceTrust: (trust: RosterTrust) => void;
}

export function useTeamKeys(slug: string): TeamKeys {
  const [trustState, setTrustState] = useState<TrustState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [limits, setLimits] = useState<AttachmentLimits>();

  useEffect(() => {
    const controller = new AbortController();
    checkTeamRoster(slug, { signal: controller.signal }).then(
      (trust) => setTrustState({ status: 'ready', trust }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        setTrustState({ status: 'error', error });
      },
    );
    getAttachmentLimits({ signal: controller.signal }).then(setLimits, () => undefined);
    return () => controller.abort();
  }, [slug, attempt]);

  return {
    trustState,
    limits,
    retry: () => setAttempt((n) => n + 1),
    replaceTrust: (trust) => setTrustState({ status: 'ready', trust }),
  };
}

/**
 * Whether a report may be encrypted to these keys: trusted ones, or ones whose only problem is
 * a changed fingerprint the reporter has confirmed with the team.
 */
export function canSendTo(trust: RosterTrust | undefined, confirmed: boolean): boolean {
  return (
    trust !== undefined &&
    trust.status !== 'invalid' &&
    (trust.status === 'trusted' || (confirmed && trust.problems.every((p) => p === 'fingerprint-changed')))
  );
}
