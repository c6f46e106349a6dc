import { Trans, useLingui } from '@lingui/react/macro';

import { CopyButton } from '../../../../components/copy-button';
import { SecretPanel } from '../../../../components/secret-panel';
import { Button, ButtonRow } from '../../../../components/ui';
import { FocusHeading } from './focus-heading';

/**
 * One-time recovery codes for the second factor, shown this once: each lets the member sign in
 * once without their key or phone. Confide keeps only their hashes.
 */
export function OneTimeCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const { t } = useLingui();
  return (
    <FocusHeading>
      <SecretPanel
        headingId="one-time-codes-heading"
        heading={t`Your one-time recovery codes`}
        tone="secret"
        print
      >
        <p>
          <Trans>
            <strong>Keep these somewhere safe now: they are shown only this once.</strong> If you lose your
            security key or phone, each code lets you sign in once instead. Any codes you had before no longer
            work.
          </Trans>
        </p>
        <ul className="account-codes" translate="no">
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <ButtonRow className="no-print">
          <CopyButton text={codes.join('\n')} label={t`Copy the codes`} />
          <Button variant="secondary" size="small" onClick={() => window.print()}>
            <Trans>Print</Trans>
          </Button>
        </ButtonRow>
      </SecretPanel>
      <p className="no-print">
        <Button onClick={onDone}>
          <Trans>I have stored these codes</Trans>
        </Button>
      </p>
    </FocusHeading>
  );
}
