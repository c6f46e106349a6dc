import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState } from 'react';

import { RecoveryCode } from '../../../../components/recovery-code';
import { Button, Choice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { FocusHeading } from './focus-heading';

/**
 * After a recovery: the new recovery code, shown this once, before the console opens. The server
 * has accepted it, so from now on it is the only one; the member confirms they kept it.
 */
export function NewRecoveryCode({
  code,
  teamName,
  memberName,
  onContinue,
}: {
  code: string;
  teamName: string;
  memberName: string;
  onContinue: () => void;
}) {
  const { t } = useLingui();
  useDocumentTitle(t`Your new recovery code`);
  const storedId = useId();
  const [stored, setStored] = useState(false);

  return (
    <FocusHeading>
      <PageHeading>
        <Trans>Your account is recovered</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          Your new passphrase is in force. Your old passphrase and your old recovery code no longer work, and
          any other session of yours was signed out.
        </Trans>
      </p>
      <RecoveryCode code={code} teamName={teamName} memberName={memberName} />
      <Choice
        compact
        className="no-print"
        type="checkbox"
        id={storedId}
        label={t`I have stored my new recovery code somewhere safe`}
        checked={stored}
        onChange={setStored}
      />
      <p className="no-print">
        <Button disabled={!stored} onClick={onContinue}>
          <Trans>Continue to the console</Trans>
        </Button>
      </p>
    </FocusHeading>
  );
}
