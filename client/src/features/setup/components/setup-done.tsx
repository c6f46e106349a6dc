import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { TeamFingerprint } from '../../../components/fingerprint';
import { RecoveryCode } from '../../../components/recovery-code';
import { SecretCode, SecretPanel } from '../../../components/secret-panel';
import { Button, Choice, PageHeading } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';

export interface Created {
  slug: string;
  teamName: string;
  adminName: string;
  recoveryCode: string;
  fingerprint: string;
}

/** After set-up: the recovery code and the team fingerprint, both to keep before going on. */
export function SetupDone({ created }: { created: Created }) {
  useDocumentTitle('Your team is ready');
  const navigate = useNavigate();
  const [stored, setStored] = useState(false);
  const storedId = useId();

  return (
    <>
      <PageHeading>{created.teamName} is ready</PageHeading>
      <p className="lead">Your keys were made in this browser. Two things to keep before you go on.</p>

      <RecoveryCode code={created.recoveryCode} teamName={created.teamName} memberName={created.adminName} />

      <SecretPanel headingId="fingerprint-heading" heading="The team fingerprint" tone="public" print>
        <SecretCode>
          <TeamFingerprint fingerprintHex={created.fingerprint} />
        </SecretCode>
        <p>
          This is not secret. Publish it where your community can check it, on a page this server does not
          control (for example your wiki). Reporters and new members compare it with what Confide shows them,
          so that nobody can pose as your team.
        </p>
      </SecretPanel>

      <Choice
        compact
        className="no-print"
        type="checkbox"
        id={storedId}
        label="I have stored my recovery code somewhere safe"
        checked={stored}
        onChange={setStored}
      />
      <p className="no-print">
        <Button
          disabled={!stored}
          onClick={() => void navigate('/team', { state: { team: created.slug, name: created.adminName } })}
        >
          Continue to sign in
        </Button>
      </p>
      <p className="muted no-print">
        Or go to the <Link to="/">start page</Link> to see what reporters see.
      </p>
    </>
  );
}
