/**
 * Notifications not delivered (admins): what kind, by which channel, to whom, how often tried,
 * the last error as the mail server or the receiver answered, and when it is tried again.
 */
import { Trans, useLingui } from '@lingui/react/macro';

import { Button, EmptyState, Notice } from '../../../../components/ui';
import { formatDateTime } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import { getDeliveryFailures, type DeliveryFailure } from '../../api/notifications';
import { useMemberNames } from '../../hooks/use-member-names';
import { useTeamLoad } from '../../hooks/use-team-load';
import {
  attemptsWords,
  CHANNEL_WORDS,
  failureRecipient,
  KIND_WORDS,
  nextTryWords,
} from '../../model/notification-words';
import { useUnlockedSession } from '../../session/use-team-session';
import { Card, CardList } from '../card';
import { Fact, Facts } from '../facts';

export function DeliveryFailuresSection() {
  const { t } = useLingui();
  const { verifiedTeam } = useUnlockedSession();
  const names = useMemberNames(verifiedTeam);
  const { state, reload } = useTeamLoad((signal) => getDeliveryFailures({ signal }), []);

  return (
    <section aria-labelledby="settings-failures" className="settings-section">
      <h2 id="settings-failures">
        <Trans>Delivery failures</Trans>
      </h2>
      <p>
        <Trans>
          Notifications the mail server or the webhook did not accept. Each is tried again, waiting longer
          every time, until the server gives up on it. The errors are the receiving server’s own words.
        </Trans>
      </p>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          <Trans>Loading delivery failures…</Trans>
        </p>
      )}
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, t`The delivery failures could not be loaded.`)}
        >
          <Button variant="secondary" onClick={reload}>
            <Trans>Try again</Trans>
          </Button>
        </Notice>
      )}
      {state.status === 'ready' && (
        <>
          {state.value.length === 0 ? (
            <EmptyState title={t`No failed deliveries: every notification tried so far was delivered.`} />
          ) : (
            <CardList className="settings-failures">
              {state.value.map((failure) => (
                <FailureCard key={failure.id} failure={failure} names={names} />
              ))}
            </CardList>
          )}
          <Button variant="secondary" size="small" onClick={reload}>
            <Trans>Check again</Trans>
          </Button>
        </>
      )}
    </section>
  );
}

function FailureCard({ failure, names }: { failure: DeliveryFailure; names: ReadonlyMap<string, string> }) {
  const { t } = useLingui();
  return (
    <Card>
      <h3 className="settings-failures__title">{KIND_WORDS[failure.kind]}</h3>
      <Facts>
        <Fact term={t`Channel`}>{CHANNEL_WORDS[failure.channel]}</Fact>
        <Fact term={t({ message: 'To', context: 'recipient of a notification' })}>
          {failureRecipient(failure, names)}
        </Fact>
        <Fact term={t`Queued`}>
          <time dateTime={failure.created_at}>{formatDateTime(failure.created_at)}</time>
        </Fact>
        <Fact term={t`Attempts`}>{attemptsWords(failure.attempts)}</Fact>
        <Fact term={t`Last error`}>
          <span className="break">{failure.last_error}</span>
        </Fact>
        <Fact term={t`What next`}>{nextTryWords(failure)}</Fact>
      </Facts>
    </Card>
  );
}
