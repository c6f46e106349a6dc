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
  const [fileUrl, setFileUrl] = useState<string | null>(null);

  useEffect(() => {
    const text = [
      `Confide recovery code for ${memberName} in ${teamName}`,
      '',
      `    ${code}`,
      '',
      'Keep this somewhere safe and private. It is shown only once and cannot be recovered.',
      'With your passphrase lost, this code is the only way back to your keys.',
      '',
    ].join('\n');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    setFileUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [code, memberName, teamName]);

  return (
    <SecretPanel headingId="recovery-heading" heading="Your recovery code" tone="secret" print>
      <SecretCode literal>{code}</SecretCode>
      <p>
        <strong>Write it down or save it now. It is shown only this once and cannot be recovered.</strong> If
        you forget your passphrase, this code is the only way back to your keys. Keep it somewhere private,
        not in your team’s chat.
      </p>
      <ButtonRow className="no-print">
        <CopyButton text={code} label="Copy the code" />
        {fileUrl !== null && (
          <a
            className={buttonClassName({ variant: 'secondary', size: 'small' })}
            href={fileUrl}
            download="confide-recovery-code.txt"
          >
            Download as a file
          </a>
        )}
        <Button variant="secondary" size="small" onClick={() => window.print()}>
          Print
        </Button>
      </ButtonRow>
    </SecretPanel>
  );
}
