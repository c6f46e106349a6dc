import type { SubmitEvent } from 'react';

import { CurrentPassphraseField } from '../../../components/current-passphrase-field';
import { Button, ButtonRow, ErrorAlert, FormStatus, PageHeading } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { usePassphraseForm } from '../hooks/use-passphrase-form';
import { teamSession, type LockReason, type SessionMember, type SessionTeam } from '../session/session-store';

const REASONS: Record<LockReason, string> = {
  reload:
    'Your keys are never kept when the page reloads or closes. Enter your passphrase to unlock them again.',
  idle: 'The console locked itself after a while without activity, and your keys were wiped from this browser.',
  manual: 'You locked the console, and your keys were wiped from this browser.',
};

export function LockedScreen({
  member,
  team,
  reason,
}: {
  member: SessionMember;
  team: SessionTeam;
  reason: LockReason;
}) {
  useDocumentTitle('Console locked');
  const { passphrase, setPassphrase, busy, error, submit } = usePassphraseForm(
    'Unlocking failed. Please try again.',
  );

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit(passphrase === '' ? 'Enter your passphrase.' : null, () => teamSession.unlock(passphrase));
  }

  return (
    <>
      <PageHeading>The console is locked</PageHeading>
      <p className="lead">
        Signed in as <strong>{member.name}</strong> in <strong>{team.name}</strong>.
      </p>
      <p>{REASONS[reason]}</p>
      <form className="form" onSubmit={handleSubmit} noValidate aria-busy={busy}>
        {/* For password managers: whose passphrase this is. Not shown, not focusable. */}
        <input type="text" name="username" autoComplete="username" value={member.name} readOnly hidden />
        <CurrentPassphraseField value={passphrase} onChange={setPassphrase} />
        <ButtonRow>
          <Button type="submit" disabled={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </Button>
          <Button variant="secondary" onClick={() => void teamSession.signOut()}>
            Sign out instead
          </Button>
        </ButtonRow>
        <FormStatus>{busy && <p>Unlocking your keys in this browser.</p>}</FormStatus>
        <ErrorAlert message={error} />
      </form>
    </>
  );
}
