import { useEffect, useId, useRef, useState } from 'react';

import { MemberFingerprint } from '../../../../components/fingerprint';
import { SecretCode } from '../../../../components/secret-panel';
import { Button, ButtonRow, Choice, ConfirmDialog, FormStatus, Notice } from '../../../../components/ui';
import { formatDateTime } from '../../../../lib/format';
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
  const { state, add, retryRegrant, discard } = useAddMember(member, team, onChanged);
  const confirmId = useId();
  const [confirmed, setConfirmed] = useState(false);
  const [discardOpen, setDiscardOpen] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const lookalike = findLookAlike(member.name, active);

  useEffect(() => {
    if (state.step === 'done' || state.step === 'error') statusRef.current?.focus();
  }, [state.step]);

  return (
    <Card className="member-card member-card--pending">
      <h3 className="member-card__name">
        {member.name} <Badge>{member.role}</Badge>
      </h3>
      <p className="muted">Asked to join {formatDateTime(member.createdAt)}</p>
      <p className="field__label">Their key fingerprint, as Confide has it:</p>
      <SecretCode>
        <MemberFingerprint encPublicKey={member.enc_pk} signPublicKey={member.sign_pk} />
      </SecretCode>
      <p>
        Ask {member.name} to read their fingerprint to you, by voice or in person, from the page they saw
        after joining. Add them only if every group matches. If it does not, someone else may have used the
        link: discard this request.
      </p>
      {lookalike && (
        <Notice
          tone="caution"
          title={`This name looks like that of a current member, ${lookalike.name}. Make sure this is who you invited.`}
        />
      )}
      {(state.step === 'idle' || state.step === 'error') && (
        <>
          <Choice
            compact
            type="checkbox"
            id={confirmId}
            label={`${member.name} read me the same fingerprint`}
            checked={confirmed}
            onChange={setConfirmed}
          />
          <ButtonRow>
            <Button
              disabled={!confirmed || (state.step === 'error' && state.added)}
              onClick={() => void add()}
            >
              Add {member.name} as {member.role === 'admin' ? 'an admin' : 'a member'}
            </Button>
            {state.step === 'error' && state.added && (
              <Button variant="secondary" onClick={retryRegrant}>
                Try sharing the cases again
              </Button>
            )}
            <Button variant="secondary" onClick={() => setDiscardOpen(true)}>
              Discard request
            </Button>
          </ButtonRow>
        </>
      )}
      <FormStatus>
        <AddProgress state={state} name={member.name} />
      </FormStatus>
      {state.step === 'done' && (
        <Notice focusable ref={statusRef} title={`${member.name} is now a member.`}>
          <p>{sharedWords(state)}</p>
          <Button variant="secondary" onClick={onChanged}>
            Done
          </Button>
        </Notice>
      )}
      {state.step === 'error' && (
        <Notice tone="error" role="alert" focusable ref={statusRef} title={state.message}>
          {state.added && (
            <p>{member.name} was added, but not every earlier case was shared with them yet.</p>
          )}
        </Notice>
      )}
      <ConfirmDialog
        open={discardOpen}
        title={`Discard ${member.name}’s request?`}
        confirmLabel="Discard request"
        onConfirm={() => {
          setDiscardOpen(false);
          void discard();
        }}
        onCancel={() => setDiscardOpen(false)}
      >
        <p>They will not be able to join with this invitation. You can invite them again later.</p>
      </ConfirmDialog>
    </Card>
  );
}

/** What is happening now, for the status region. */
function AddProgress({ state, name }: { state: AddState; name: string }) {
  switch (state.step) {
    case 'adding':
      return <p>Signing the roster entry and adding {name}…</p>;
    case 'checking':
      return <p>Checking which earlier cases {name} may see (the reporters’ exclusions)…</p>;
    case 'regranting':
      return (
        <>
          <p>
            Sharing existing cases with {name}: {state.progress.done} of {state.progress.total} keys
            re-encrypted, {state.stored} stored.
          </p>
          <ProgressBar
            max={Math.max(state.progress.total, 1)}
            value={state.progress.done}
            label={`Sharing existing cases with ${name}`}
          />
        </>
      );
    default:
      return null;
  }
}

/** How many keys were shared, and which cases were not and why. */
function sharedWords({ granted, skipped, failed }: Extract<AddState, { step: 'done' }>): string {
  let words =
    granted === 0
      ? 'There were no earlier cases to share.'
      : `${granted} ${granted === 1 ? 'key' : 'keys'} to earlier cases and their messages ${granted === 1 ? 'was' : 'were'} shared with them.`;
  if (skipped > 0) {
    words += ` ${skipped} ${skipped === 1 ? 'case was' : 'cases were'} not shared: the reporter excluded them, or someone with the same name or keys.`;
  }
  if (failed > 0) words += ` ${failed} could not be opened and were not shared.`;
  return words;
}
