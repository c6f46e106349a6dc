import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import type { SubmitEvent } from 'react';

import { CurrentPassphraseField } from '../../../components/current-passphrase-field';
import { Button, ButtonRow, ErrorAlert, FormStatus, PageHeading } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { usePassphraseForm } from '../hooks/use-passphrase-form';
import { teamSession, type LockReason, type SessionMember, type SessionTeam } from '../session/session-store';

/** Why the console is locked (translated where shown). */
const REASONS: Readonly<Record<LockReason, MessageDescriptor>> = {
  reload: msg`Your keys are never kept when the page reloads or closes. Enter your passphrase to unlock them again.`,
  idle: msg`The console locked itself after a while without activity, and your keys were wiped from this browser.`,
  manual: msg`You locked the console, and your keys were wiped from this browser.`,
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
  const { t } = useLingui();
  useDocumentTitle(t`Console locked`);
  const { passphrase, setPassphrase, busy, error, submit } = usePassphraseForm(
    t`Unlocking failed. Please try again.`,
  );

  const memberName = member.name;
  const teamName = team.name;

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit(passphrase === '' ? t`Enter your passphrase.` : null, () => teamSession.unlock(passphrase));
  }

  return (
    <>
      <PageHeading>
        <Trans>The console is locked</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          Signed in as <strong translate="no">{memberName}</strong> in{' '}
          <strong translate="no">{teamName}</strong>.
        </Trans>
      </p>
      <p>{t(REASONS[reason])}</p>
      <form className="form" onSubmit={handleSubmit} noValidate aria-busy={busy}>
        {/* For password managers: whose passphrase this is. Not shown, not focusable. */}
        <input type="text" name="username" autoComplete="username" value={member.name} readOnly hidden />
        <CurrentPassphraseField value={passphrase} onChange={setPassphrase} />
        <ButtonRow>
          <Button type="submit" disabled={busy}>
            {busy ? <Trans>Unlocking…</Trans> : <Trans>Unlock</Trans>}
          </Button>
          <Button variant="secondary" onClick={() => void teamSession.signOut()}>
            <Trans>Sign out instead</Trans>
          </Button>
        </ButtonRow>
        <FormStatus>
          {busy && (
            <p>
              <Trans>Unlocking your keys in this browser.</Trans>
            </p>
          )}
        </FormStatus>
        <ErrorAlert message={error} />
      </form>
    </>
  );
}
