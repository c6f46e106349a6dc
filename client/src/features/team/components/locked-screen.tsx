import { useState, type SubmitEvent } from 'react';

import { CurrentPassphraseField } from '../../../components/current-passphrase-field';
import { ErrorAlert } from '../../../components/notice';
import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { errorText } from '../../../lib/format';
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
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (passphrase === '') {
      setError('Enter your passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await teamSession.unlock(passphrase);
    } catch (caught) {
      setPassphrase('');
      setError(errorText(caught, 'Unlocking failed. Please try again.'));
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>The console is locked</PageHeading>
      <p className="lead">
        Signed in as <strong>{member.name}</strong> in <strong>{team.name}</strong>.
      </p>
      <p>{REASONS[reason]}</p>
      <form className="form" onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={busy}>
        {/* For password managers: whose passphrase this is. Not shown, not focusable. */}
        <input type="text" name="username" autoComplete="username" value={member.name} readOnly hidden />
        <CurrentPassphraseField value={passphrase} onChange={setPassphrase} />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void teamSession.signOut()}
          >
            Sign out instead
          </button>
        </div>
        <div role="status" className="form__status">
          {busy && <p>Unlocking your keys in this browser.</p>}
        </div>
        <ErrorAlert message={error} />
      </form>
    </>
  );
}
