import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useRef, useState } from 'react';

import { CopyButton } from '../../../../components/copy-button';
import { Button, ButtonRow, Field, Notice } from '../../../../components/ui';
import { formatDateTime } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import { createInvitation } from '../../api/members';
import { InlineForm } from '../inline-form';
import './invite-section.css';

type InviteRole = 'member' | 'admin';

/**
 * Makes a single-use invitation link. The token travels in the address's fragment (after #),
 * which browsers never send to a server, so it stays out of logs on the way.
 */
export function InviteSection({ slug }: { slug: string }) {
  const { t } = useLingui();
  const roleId = useId();
  const [role, setRole] = useState<InviteRole>('member');
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<{ url: string; expiresAt: string; role: InviteRole } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const linkRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (link !== null) linkRef.current?.focus();
  }, [link]);

  async function invite() {
    setBusy(true);
    setError(null);
    try {
      const invitation = await createInvitation(slug, role);
      setLink({
        url: `${window.location.origin}/join#${invitation.token}`,
        expiresAt: invitation.expiresAt,
        role,
      });
    } catch (caught) {
      setError(errorText(caught, t`The invitation could not be made.`));
    } finally {
      setBusy(false);
    }
  }

  /** The link's field label, one sentence a role. */
  function linkLabel(linkRole: InviteRole, validUntil: string): string {
    return linkRole === 'admin'
      ? t`Invitation link (admin), valid until ${validUntil}`
      : t`Invitation link (member), valid until ${validUntil}`;
  }

  return (
    <section aria-labelledby="invite-heading" className="invite">
      <h2 id="invite-heading">
        <Trans>Invite someone</Trans>
      </h2>
      <p>
        <Trans>
          Make a link and send it to the person privately. They make their keys with it; then you compare
          their key fingerprint here before adding them.
        </Trans>
      </p>
      <InlineForm>
        <label className="field__label" htmlFor={roleId}>
          <Trans>As</Trans>
        </label>
        <select
          id={roleId}
          className="select input--short"
          value={role}
          onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'member')}
        >
          {/* <option> takes text only, no elements. */}
          <option value="member">{t`Member`}</option>
          <option value="admin">{t`Admin`}</option>
        </select>
        <Button disabled={busy} onClick={() => void invite()}>
          <Trans>Create invitation link</Trans>
        </Button>
      </InlineForm>
      {link !== null && (
        <Field
          id="invite-link-url"
          label={linkLabel(link.role, formatDateTime(link.expiresAt))}
          className="invite__link"
        >
          {(control) => (
            <>
              <input
                {...control}
                ref={linkRef}
                className="input input--code input--wide"
                readOnly
                value={link.url}
                onFocus={(e) => e.target.select()}
              />
              <ButtonRow>
                <CopyButton text={link.url} label={t`Copy link`} />
              </ButtonRow>
              <p className="field__hint">
                <Trans>
                  It works once. Anyone who has it can ask to join, which is why you compare fingerprints
                  before adding anyone.
                </Trans>
              </p>
            </>
          )}
        </Field>
      )}
      {error !== null && <Notice tone="error" role="alert" title={error} />}
    </section>
  );
}
