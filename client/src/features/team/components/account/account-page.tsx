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
  useDocumentTitle('Your account');
  const session = useUnlockedSession();

  return (
    <>
      <PageHeading>Your account</PageHeading>
      {session.mustAddSecondFactor ? (
        <Notice tone="caution" role="status" title="Your team asks every member to use a second factor.">
          <p>
            Add a security key, a passkey or an authenticator app below. The rest of the console opens as soon
            as you have one.
          </p>
        </Notice>
      ) : (
        <p className="lead">
          Signed in as <strong>{session.member.name}</strong> in <strong>{session.team.name}</strong>.
        </p>
      )}
      {!session.mustAddSecondFactor && <PassphraseSection />}
      <SecondFactorsSection />
    </>
  );
}
