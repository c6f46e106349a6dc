import { useEffect, useId, useRef, useState } from 'react';

import { MemberFingerprint } from '../../../../components/fingerprint';
import { formatDateTime } from '../../../../lib/format';
import type { MemberRow } from '../../api/members';
import type { VerifiedTeam } from '../../api/roster';
import { useAddMember, type AddState } from '../../hooks/use-add-member';
import { findLookAlike } from '../../model/lookalike-names';
import { ConfirmDialog } from '../confirm-dialog';

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
    <li className="member-card member-card--pending">
      <h3 className="member-card__name">
        {member.name} <span className="badge">{member.role}</span>
      </h3>
      <p className="muted">Asked to join {formatDateTime(member.createdAt)}</p>
      <p className="field__label">Their key fingerprint, as Confide has it:</p>
      <p className="secret-panel__code secret-panel__code--inline">
        <MemberFingerprint encPublicKey={member.enc_pk} signPublicKey={member.sign_pk} />
      </p>
      <p>
        Ask {member.name} to read their fingerprint to you, by voice or in person, from the page they saw
        after joining. Add them only if every group matches. If it does not, someone else may have used the
        link: discard this request.
      </p>
      {lookalike && (
        <div className="notice notice--caution">
          <p className="notice__title">
            This name looks like that of a current member, {lookalike.name}. Make sure this is who you
            invited.
          </p>
        </div>
      )}
      {(state.step === 'idle' || state.step === 'error') && (
        <>
          <div className="field field--check">
            <input
              id={confirmId}
              type="checkbox"
              className="checkbox"
              checked={confirmed}
              onChange={(e) => setConfirmed(e.target.checked)}
            />
            <label htmlFor={confirmId}>{member.name} read me the same fingerprint</label>
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={!confirmed || (state.step === 'error' && state.added)}
              onClick={() => void add()}
            >
              Add {member.name} as {member.role === 'admin' ? 'an admin' : 'a member'}
            </button>
            {state.step === 'error' && state.added && (
              <button type="button" className="button button--secondary" onClick={retryRegrant}>
                Try sharing the cases again
              </button>
            )}
            <button type="button" className="button button--secondary" onClick={() => setDiscardOpen(true)}>
              Discard request
            </button>
          </div>
        </>
      )}
      <div role="status" className="form__status">
        <AddProgress state={state} name={member.name} />
      </div>
      {state.step === 'done' && (
        <div className="notice" tabIndex={-1} ref={statusRef}>
          <p className="notice__title">{member.name} is now a member.</p>
          <p>{sharedWords(state)}</p>
          <button type="button" className="button button--secondary" onClick={onChanged}>
            Done
          </button>
        </div>
      )}
      {state.step === 'error' && (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={statusRef}>
          <p className="notice__title">{state.message}</p>
          {state.added && (
            <p>{member.name} was added, but not every earlier case was shared with them yet.</p>
          )}
        </div>
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
    </li>
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
          <progress
            className="progress"
            max={Math.max(state.progress.total, 1)}
            value={state.progress.done}
            aria-label={`Sharing existing cases with ${name}`}
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
