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
  useDocumentTitle('Waiting for approval');
  return (
    <>
      <PageHeading>Almost there: read your fingerprint to the admin</PageHeading>
      <p className="lead">
        Your request to join {joined.invitation.team.name} is waiting for an admin’s approval.
      </p>

      <SecretPanel headingId="member-fingerprint-heading" heading="Your key fingerprint" tone="public">
        <SecretCode>
          <MemberFingerprint encPublicKey={joined.encPublicKey} signPublicKey={joined.signPublicKey} />
        </SecretCode>
        <p>
          Read these groups to the admin who invited you, by voice or in person (not in the chat where the
          link came). They compare them with what Confide shows them for you and add you only if every group
          matches. That way nobody can take your place.
        </p>
      </SecretPanel>

      {joined.fingerprint !== null && (
        <SecretPanel headingId="team-fingerprint-heading" heading="The team’s fingerprint" tone="public">
          <SecretCode>
            <TeamFingerprint fingerprintHex={joined.fingerprint} />
          </SecretCode>
          <p>Ask the admin to read theirs back to you: it must be the same.</p>
        </SecretPanel>
      )}

      <RecoveryCode
        code={joined.recoveryCode}
        teamName={joined.invitation.team.name}
        memberName={joined.name}
      />

      <h2>Then</h2>
      <p>
        Once the admin has added you, sign in at <Link to="/team">Team sign-in</Link> with your name (
        <strong>{joined.name}</strong>) and your passphrase.
      </p>
    </>
  );
}
