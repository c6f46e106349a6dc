import { Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { MemberFingerprint, TeamFingerprint } from '../../../components/fingerprint';
import { RecoveryCode } from '../../../components/recovery-code';
import { SecretCode, SecretPanel } from '../../../components/secret-panel';
import { PageHeading } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import type { InvitationInfo } from '../api/invitations';

export interface Joined {
  invitation: InvitationInfo;
  name: string;
  recoveryCode: string;
  encPublicKey: string;
  signPublicKey: string;
  fingerprint: string | null;
}

/** After asking to join: the fingerprints to read to the admin, and the recovery code to keep. */
export function JoinDone({ joined }: { joined: Joined }) {
  const { t } = useLingui();
  useDocumentTitle(t`Waiting for approval`);
  const teamName = joined.invitation.team.name;
  const name = joined.name;
  return (
    <>
      <PageHeading>
        <Trans>Almost there: read your fingerprint to the admin</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>Your request to join {teamName} is waiting for an admin’s approval.</Trans>
      </p>

      <SecretPanel headingId="member-fingerprint-heading" heading={t`Your key fingerprint`} tone="public">
        <SecretCode>
          <MemberFingerprint encPublicKey={joined.encPublicKey} signPublicKey={joined.signPublicKey} />
        </SecretCode>
        <p>
          <Trans>
            Read these groups to the admin who invited you, by voice or in person (not in the chat where the
            link came). They compare them with what Confide shows them for you and add you only if every group
            matches. That way nobody can take your place.
          </Trans>
        </p>
      </SecretPanel>

      {joined.fingerprint !== null && (
        <SecretPanel headingId="team-fingerprint-heading" heading={t`The team’s fingerprint`} tone="public">
          <SecretCode>
            <TeamFingerprint fingerprintHex={joined.fingerprint} />
          </SecretCode>
          <p>
            <Trans>Ask the admin to read theirs back to you: it must be the same.</Trans>
          </p>
        </SecretPanel>
      )}

      <RecoveryCode
        code={joined.recoveryCode}
        teamName={joined.invitation.team.name}
        memberName={joined.name}
      />

      <h2>
        <Trans>Then</Trans>
      </h2>
      <p>
        <Trans>
          Once the admin has added you, sign in at <Link to="/team">Team sign-in</Link> with your name (
          <strong translate="no">{name}</strong>) and your passphrase.
        </Trans>
      </p>
    </>
  );
}
