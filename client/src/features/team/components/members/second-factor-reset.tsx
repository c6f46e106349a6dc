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
  const confirmation = useConfirmation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

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
      onError(errorText(caught, `The second factor of ${member.name} could not be reset.`));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {member.secondFactor && (
        <ButtonRow>
          <Button variant="secondary" size="small" disabled={busy} onClick={() => setOpen(true)}>
            {busy ? 'Resetting…' : 'Reset second factor'}
          </Button>
        </ButtonRow>
      )}
      {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
      {done && (
        <Notice role="status" title={`The second factor of ${member.name} was reset.`}>
          <p>
            They were signed out everywhere. They can now sign in with their passphrase alone, and add a new
            security key or authenticator app on their account page.
          </p>
        </Notice>
      )}
      <ConfirmDialog
        open={open}
        title={`Reset the second factor of ${member.name}?`}
        confirmLabel="Reset second factor"
        onConfirm={() => void reset()}
        onCancel={() => setOpen(false)}
      >
        <p>
          Do this only when {member.name} has lost their security keys or phone <em>and</em> their one-time
          recovery codes, and cannot sign in.
        </p>
        <p>
          <strong>First check that it is really {member.name} asking</strong>, in a way other than Confide:
          call them or meet them. Until they add a new second factor, their passphrase alone will sign in as
          them.
        </p>
        <p>
          Their security keys, authenticator app and one-time codes will be deleted, and they will be signed
          out.
        </p>
      </ConfirmDialog>
    </>
  );
}
