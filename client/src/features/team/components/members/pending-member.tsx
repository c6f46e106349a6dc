import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useRef, useState } from 'react';

import { MemberFingerprint } from '../../../../components/fingerprint';
import { SecretCode } from '../../../../components/secret-panel';
import { Button, ButtonRow, Choice, ConfirmDialog, FormStatus, Notice } from '../../../../components/ui';
import { formatCount, formatDateTime } from '../../../../lib/format';
import type { MemberRow } from '../../api/members';
import type { VerifiedTeam } from '../../api/roster';
import { useAddMember, type AddState } from '../../hooks/use-add-member';
import { findLookAlike } from '../../model/lookalike-names';
import { Badge } from '../badge';
import { Card } from '../card';
import { ProgressBar } from '../progress-bar';
import './member-card.css';

/**
 * Someone who used an invitation and made their keys. The admin adds them only after hearing
 * them read the same fingerprint, out of band: the link alone proves nothing about who used it.
 */
export function PendingMember({
  member,
  team,
  active,
  onChanged,
}: {
  member: MemberRow;
  team: VerifiedTeam;
  active: readonly MemberRow[];
  onChanged: () => void;
}) {
  const { t } = useLingui();
  const { state, add, retryRegrant, discard } = useAddMember(member, team, onChanged);
  const confirmId = useId();
  const [confirmed, setConfirmed] = useState(false);
  const [discardOpen, setDiscardOpen] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const lookalikeName = findLookAlike(member.name, active)?.name;
  const name = member.name;
  const askedAt = formatDateTime(member.createdAt);

  useEffect(() => {
    if (state.step === 'done' || state.step === 'error') statusRef.current?.focus();
  }, [state.step]);

  return (
    <Card className="member-card member-card--pending">
      <h3 className="member-card__name">
        <span translate="no">{name}</span>{' '}
        <Badge>{member.role === 'admin' ? <Trans>admin</Trans> : <Trans>member</Trans>}</Badge>
      </h3>
      <p className="muted">
        <Trans>Asked to join {askedAt}</Trans>
      </p>
      <p className="field__label">
        <Trans>Their key fingerprint, as Confide has it:</Trans>
      </p>
      <SecretCode>
        <MemberFingerprint encPublicKey={member.enc_pk} signPublicKey={member.sign_pk} />
      </SecretCode>
      <p>
        <Trans>
          Ask {name} to read their fingerprint to you, by voice or in person, from the page they saw after
          joining. Add them only if every group matches. If it does not, someone else may have used the link:
          discard this request.
        </Trans>
      </p>
      {lookalikeName !== undefined && (
        <Notice
          tone="caution"
          title={t`This name looks like that of a current member, ${lookalikeName}. Make sure this is who you invited.`}
        />
      )}
      {(state.step === 'idle' || state.step === 'error') && (
        <>
          <Choice
            compact
            type="checkbox"
            id={confirmId}
            label={t`${name} read me the same fingerprint`}
            checked={confirmed}
            onChange={setConfirmed}
          />
          <ButtonRow>
            <Button
              disabled={!confirmed || (state.step === 'error' && state.added)}
              onClick={() => void add()}
            >
              {member.role === 'admin' ? (
                <Trans>Add {name} as an admin</Trans>
              ) : (
                <Trans>Add {name} as a member</Trans>
              )}
            </Button>
            {state.step === 'error' && state.added && (
              <Button variant="secondary" onClick={retryRegrant}>
                <Trans>Try sharing the cases again</Trans>
              </Button>
            )}
            <Button variant="secondary" onClick={() => setDiscardOpen(true)}>
              <Trans>Discard request</Trans>
            </Button>
          </ButtonRow>
        </>
      )}
      <FormStatus>
        <AddProgress state={state} name={name} />
      </FormStatus>
      {state.step === 'done' && (
        <Notice focusable ref={statusRef} title={t`${name} is now a member.`}>
          <SharedWords {...state} />
          <Button variant="secondary" onClick={onChanged}>
            <Trans>Done</Trans>
          </Button>
        </Notice>
      )}
      {state.step === 'error' && (
        <Notice tone="error" role="alert" focusable ref={statusRef} title={state.message}>
          {state.added && (
            <p>
              <Trans>{name} was added, but not every earlier case was shared with them yet.</Trans>
            </p>
          )}
        </Notice>
      )}
      <ConfirmDialog
        open={discardOpen}
        title={t`Discard ${name}’s request?`}
        confirmLabel={t`Discard request`}
        onConfirm={() => {
          setDiscardOpen(false);
          void discard();
        }}
        onCancel={() => setDiscardOpen(false)}
      >
        <p>
          <Trans>They will not be able to join with this invitation. You can invite them again later.</Trans>
        </p>
      </ConfirmDialog>
    </Card>
  );
}

/** What is happening now, for the status region. */
function AddProgress({ state, name }: { state: AddState; name: string }) {
  const { t } = useLingui();
  switch (state.step) {
    case 'adding':
      return (
        <p>
          <Trans>Signing the roster entry and adding {name}…</Trans>
        </p>
      );
    case 'checking':
      return (
        <p>
          <Trans>Checking which earlier cases {name} may see (the reporters’ exclusions)…</Trans>
        </p>
      );
    case 'regranting': {
      const done = formatCount(state.progress.done);
      const stored = formatCount(state.stored);
      const total = state.progress.total;
      // The count of keys decides the plural: the same words in English, other forms elsewhere.
      return (
        <>
          <p>
            {t`Sharing existing cases with ${name}: ${plural(total, {
              one: `${done} of # keys re-encrypted`,
              other: `${done} of # keys re-encrypted`,
            })}, ${stored} stored.`}
          </p>
          <ProgressBar
            max={Math.max(total, 1)}
            value={state.progress.done}
            label={t`Sharing existing cases with ${name}`}
          />
        </>
      );
    }
    default:
      return null;
  }
}

/** How many keys were shared, and which cases were not and why. */
function SharedWords({ granted, skipped, failed }: Extract<AddState, { step: 'done' }>) {
  const { t } = useLingui();
  const words = [
    granted === 0
      ? t`There were no earlier cases to share.`
      : t`${plural(granted, {
          one: '# key to earlier cases and their messages was shared with them.',
          other: '# keys to earlier cases and their messages were shared with them.',
        })}`,
  ];
  if (skipped > 0) {
    words.push(
      t`${plural(skipped, {
        one: '# case was not shared: the reporter excluded them, or someone with the same name or keys.',
        other: '# cases were not shared: the reporter excluded them, or someone with the same name or keys.',
      })}`,
    );
  }
  if (failed > 0) {
    words.push(
      t`${plural(failed, {
        one: '# could not be opened and were not shared.',
        other: '# could not be opened and were not shared.',
      })}`,
    );
  }
  return <p>{words.join(' ')}</p>;
}
