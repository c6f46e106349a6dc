import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';

import { Button, ButtonRow, buttonClassName } from './ui';
import { CopyButton } from './copy-button';
import { SecretCode, SecretPanel } from './secret-panel';

/**
 * A new member's recovery code, shown exactly once: copy, download or print it. The code is
 * never stored by Confide or sent anywhere; losing it and the passphrase loses the keys.
 */
export function RecoveryCode({
  code,
  teamName,
  memberName,
}: {
  code: string;
  teamName: string;
  memberName: string;
}) {
  const { t } = useLingui();
  const [fileUrl, setFileUrl] = useState<string | null>(null);

  // The file is written in the page's language, and written again if the language changes.
  useEffect(() => {
    const text = [
      t`Confide recovery code for ${memberName} in ${teamName}`,
      '',
      `    ${code}`,
      '',
      t`Keep this somewhere safe and private. It is shown only once and cannot be recovered.`,
      t`With your passphrase lost, this code is the only way back to your keys.`,
      '',
    ].join('\n');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    setFileUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [code, memberName, teamName, t]);

  return (
    <SecretPanel headingId="recovery-heading" heading={t`Your recovery code`} tone="secret" print>
      <SecretCode literal>{code}</SecretCode>
      <p>
        <Trans>
          <strong>Write it down or save it now. It is shown only this once and cannot be recovered.</strong>{' '}
          If you forget your passphrase, this code is the only way back to your keys. Keep it somewhere
          private, not in your team’s chat.
        </Trans>
      </p>
      <ButtonRow className="no-print">
        <CopyButton text={code} label={t`Copy the code`} />
        {fileUrl !== null && (
          <a
            className={buttonClassName({ variant: 'secondary', size: 'small' })}
            href={fileUrl}
            download="confide-recovery-code.txt"
          >
            <Trans>Download as a file</Trans>
          </a>
        )}
        <Button variant="secondary" size="small" onClick={() => window.print()}>
          <Trans>Print</Trans>
        </Button>
      </ButtonRow>
    </SecretPanel>
  );
}
