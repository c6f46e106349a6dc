import { Trans, useLingui } from '@lingui/react/macro';

import { Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { useUnlockedSession } from '../../session/use-team-session';
import { PassphraseSection } from './passphrase-section';
import { SecondFactorsSection } from './second-factors-section';
import './account.css';

/**
 * /team/account: the member's own passphrase and second factors. While the team requires a
 * second factor the member does not have, this is the only page of the console
 * (second-factor-gate.tsx), showing only how to add one.
 */
export function AccountPage() {
  const { t } = useLingui();
  useDocumentTitle(t`Your account`);
  const session = useUnlockedSession();
  const memberName = session.member.name;
  const teamName = session.team.name;

  return (
    <>
      <PageHeading>
        <Trans>Your account</Trans>
      </PageHeading>
      {session.mustAddSecondFactor ? (
        <Notice tone="caution" role="status" title={t`Your team asks every member to use a second factor.`}>
          <p>
            <Trans>
              Add a security key, a passkey or an authenticator app below. The rest of the console opens as
              soon as you have one.
            </Trans>
          </p>
        </Notice>
      ) : (
        <p className="lead">
          <Trans>
            Signed in as <strong translate="no">{memberName}</strong> in{' '}
            <strong translate="no">{teamName}</strong>.
          </Trans>
        </p>
      )}
      {!session.mustAddSecondFactor && <PassphraseSection />}
      <SecondFactorsSection />
    </>
  );
}
