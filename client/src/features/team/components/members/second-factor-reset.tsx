import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { Button, ButtonRow, ConfirmDialog, Notice } from '../../../../components/ui';
import { errorText } from '../../../../lib/error-words';
import { resetSecondFactor, type MemberRow } from '../../api/members';
import { isConfirmationCancelled, useConfirmation } from '../../hooks/use-confirmation';
import { endSessionIfUnauthorized } from '../../session/session-ended';
import { ConfirmItsYou } from '../confirm-its-you';

/**
 * An admin resets another member's second factor (DELETE /api/members/{id}/second-factor): for a
 * member who lost their security keys or phone and their one-time codes, and so cannot sign in.
 * The question first says when to do it and to check it is really them; the server may ask the
 * admin to confirm it's them too.
 */
export function SecondFactorReset({
  member,
  onReset,
  onError,
}: {
  member: MemberRow;
  onReset: () => void;
  /** What went wrong, for the card to show (null when trying again). */
  onError: (message: string | null) => void;
}) {
  const { t } = useLingui();
  const confirmation = useConfirmation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const name = member.name;

  async function reset() {
    setOpen(false);
    setBusy(true);
    setDone(false);
    onError(null);
    try {
      await confirmation.withConfirmation(() => resetSecondFactor(member.id));
      setDone(true);
      onReset();
    } catch (caught) {
      if (isConfirmationCancelled(caught) || endSessionIfUnauthorized(caught)) return;
      onError(errorText(caught, t`The second factor of ${name} could not be reset.`));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {member.secondFactor && (
        <ButtonRow>
          <Button variant="secondary" size="small" disabled={busy} onClick={() => setOpen(true)}>
            {busy ? <Trans>Resetting…</Trans> : <Trans>Reset second factor</Trans>}
          </Button>
        </ButtonRow>
      )}
      {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
      {done && (
        <Notice role="status" title={t`The second factor of ${name} was reset.`}>
          <p>
            <Trans>
              They were signed out everywhere. They can now sign in with their passphrase alone, and add a new
              security key or authenticator app on their account page.
            </Trans>
          </p>
        </Notice>
      )}
      <ConfirmDialog
        open={open}
        title={t`Reset the second factor of ${name}?`}
        confirmLabel={t`Reset second factor`}
        onConfirm={() => void reset()}
        onCancel={() => setOpen(false)}
      >
        <p>
          <Trans>
            Do this only when {name} has lost their security keys or phone <em>and</em> their one-time
            recovery codes, and cannot sign in.
          </Trans>
        </p>
        <p>
          <Trans>
            <strong>First check that it is really {name} asking</strong>, in a way other than Confide: call
            them or meet them. Until they add a new second factor, their passphrase alone will sign in as
            them.
          </Trans>
        </p>
        <p>
          <Trans>
            Their security keys, authenticator app and one-time codes will be deleted, and they will be signed
            out.
          </Trans>
        </p>
      </ConfirmDialog>
    </>
  );
}
