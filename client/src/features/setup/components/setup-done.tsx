import { Trans, useLingui } from '@lingui/react/macro';
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
  const { t } = useLingui();
  useDocumentTitle(t`Your team is ready`);
  const navigate = useNavigate();
  const [stored, setStored] = useState(false);
  const storedId = useId();
  const teamName = created.teamName;

  return (
    <>
      <PageHeading>
        <Trans>{teamName} is ready</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>Your keys were made in this browser. Two things to keep before you go on.</Trans>
      </p>

      <RecoveryCode code={created.recoveryCode} teamName={created.teamName} memberName={created.adminName} />

      <SecretPanel headingId="fingerprint-heading" heading={t`The team fingerprint`} tone="public" print>
        <SecretCode>
          <TeamFingerprint fingerprintHex={created.fingerprint} />
        </SecretCode>
        <p>
          <Trans>
            This is not secret. Publish it where your community can check it, on a page this server does not
            control (for example your wiki). Reporters and new members compare it with what Confide shows
            them, so that nobody can pose as your team.
          </Trans>
        </p>
      </SecretPanel>

      <Choice
        compact
        className="no-print"
        type="checkbox"
        id={storedId}
        label={t`I have stored my recovery code somewhere safe`}
        checked={stored}
        onChange={setStored}
      />
      <p className="no-print">
        <Button
          disabled={!stored}
          onClick={() => void navigate('/team', { state: { team: created.slug, name: created.adminName } })}
        >
          <Trans>Continue to sign in</Trans>
        </Button>
      </p>
      <p className="muted no-print">
        <Trans>
          Or go to the <Link to="/">start page</Link> to see what reporters see.
        </Trans>
      </p>
    </>
  );
}
