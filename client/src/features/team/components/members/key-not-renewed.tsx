import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { Button, Notice } from '../../../../components/ui';
import { errorText } from '../../../../lib/error-words';
import { renewIndexKeyAfterRemoval } from '../../lib/index-key-upkeep';
import { useUnlockedSession } from '../../session/use-team-session';

/**
 * A member was removed but the team's new index key could not be issued (docs/protocol.md 7): the
 * removed member's copy still makes the tags in use. Stays on the Members page until the key is
 * renewed from here; otherwise the next admin to sign in renews it (the server keeps it due).
 */
export function KeyNotRenewed({
  removedName,
  error,
  onRenewed,
}: {
  removedName: string;
  error: unknown;
  onRenewed: () => void;
}) {
  const { t } = useLingui();
  const session = useUnlockedSession();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<unknown>(error);

  async function renew(): Promise<void> {
    setBusy(true);
    try {
      await renewIndexKeyAfterRemoval(session.keyring, session.team.slug, session.indexEpoch);
      onRenewed();
    } catch (caught) {
      setFailed(caught);
    } finally {
      setBusy(false);
    }
  }

  const reason = errorText(failed, t`the request failed`);
  return (
    <Notice tone="caution" role="alert" title={t`The account index key was not renewed`}>
      <p>
        <Trans>
          {removedName} was removed, but the team’s account index key could not be renewed ({reason}). Until
          it is, {removedName}’s copy of the old key still matches the names in the index. The next admin to
          sign in renews it, or renew it now.
        </Trans>
      </p>
      <Button variant="secondary" size="small" onClick={() => void renew()} disabled={busy}>
        {busy ? <Trans>Renewing…</Trans> : <Trans>Renew the key now</Trans>}
      </Button>
    </Notice>
  );
}
