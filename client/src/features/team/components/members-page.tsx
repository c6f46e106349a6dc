import { useCallback, useEffect, useId, useRef, useState } from 'react';

import { CopyButton } from '../../../components/copy-button';
import { MemberFingerprint, TeamFingerprint } from '../../../components/fingerprint';
import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { ApiError } from '../../../lib/api-client';
import type { Progress } from '../../../lib/keyring/keyring';
import { describeRosterChange, nameWarnings } from '../../../lib/roster-trust';
import { loadAllCases } from '../api/load-cases';
import {
  appendRoster,
  createInvitation,
  discardInvitee,
  getMembers,
  getRegrantWork,
  postRegrants,
  REGRANT_BATCH,
  type MemberRow,
} from '../api/members';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../api/roster';
import { formatDate, formatDateTime } from '../lib/format';
import { publicKeysById } from '../lib/roster-keys';
import { teamSession } from '../session/session-store';
import { useUnlockedSession } from '../session/use-team-session';
import { ConfirmDialog } from './confirm-dialog';

type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; members: MemberRow[]; team: VerifiedTeam }
  | { status: 'error'; message: string };

function errorText(error: unknown, fallback: string): string {
  if (error instanceof RosterTrustError || error instanceof ApiError) return error.message;
  if (error instanceof Error && 'code' in error) return error.message;
  return fallback;
}

/** Two names a person could confuse: same letters once case, accents and spacing are ignored. */
function sameName(a: string, b: string): boolean {
  const fold = (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[\s_.-]+/g, '');
  return fold(a) === fold(b);
}

export function MembersPage() {
  useDocumentTitle('Members');
  const session = useUnlockedSession();
  const slug = session.team.slug;
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  useEffect(() => {
    let cancelled = false;
    Promise.all([getMembers(slug), loadVerifiedTeam(slug)]).then(
      ([members, team]) => {
        if (cancelled) return;
        teamSession.updateVerifiedTeam(team);
        setState({ status: 'ready', members, team });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) return teamSession.sessionEnded();
        setState({ status: 'error', message: errorText(error, 'The members could not be loaded.') });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [slug, version]);

  if (session.member.role !== 'admin') {
    return (
      <>
        <PageHeading>Members</PageHeading>
        <p>Only admins manage the team’s members.</p>
      </>
    );
  }

  return (
    <>
      <PageHeading>Members</PageHeading>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading and checking the member list…
        </p>
      )}
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{state.message}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <MembersView members={state.members} team={state.team} onChanged={reload} />
      )}
    </>
  );
}

function MembersView({
  members,
  team,
  onChanged,
}: {
  members: MemberRow[];
  team: VerifiedTeam;
  onChanged: () => void;
}) {
  const pending = members.filter((m) => m.status === 'pending');
  const active = members.filter((m) => m.status === 'active' && team.roster.active.has(m.id));
  const removed = members.filter((m) => m.status === 'removed');
  const warnings = nameWarnings(team.roster.active.values());

  return (
    <>
      <p className="lead">
        Who can read the reports sent to {team.name}. Every change is a roster entry signed with your key,
        which reporters’ browsers check before they encrypt anything.
      </p>
      <p>
        <span className="muted">Team fingerprint:</span>{' '}
        <TeamFingerprint fingerprintHex={team.roster.fingerprint} />
      </p>
      {team.changes.length > 0 && (
        <div className="notice" role="status">
          <p className="notice__title">Changes since this browser last checked the team:</p>
          <ul>
            {team.changes.map((c) => (
              <li key={c.seq}>
                {describeRosterChange(c)} ({formatDate(c.at)})
              </li>
            ))}
          </ul>
        </div>
      )}

      <InviteSection slug={team.slug} />

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">Waiting for approval</h2>
        {pending.length === 0 ? (
          <p className="muted">
            Nobody is waiting. People you invite appear here once they have made their keys.
          </p>
        ) : (
          <ul className="member-list">
            {pending.map((m) => (
              <PendingMember key={m.id} member={m} team={team} active={active} onChanged={onChanged} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="active-heading">
        <h2 id="active-heading">Members</h2>
        <ul className="member-list">
          {active.map((m) => (
            <ActiveMember
              key={m.id}
              member={m}
              team={team}
              activeCount={active.length}
              adminCount={active.filter((a) => a.role === 'admin').length}
              warning={warnings.get(m.id) ?? null}
              onChanged={onChanged}
            />
          ))}
        </ul>
      </section>

      {removed.length > 0 && (
        <section aria-labelledby="removed-heading">
          <h2 id="removed-heading">Former members</h2>
          <ul className="plain-list muted">
            {removed.map((m) => (
              <li key={m.id}>{m.name}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function InviteSection({ slug }: { slug: string }) {
  const roleId = useId();
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<{ url: string; expiresAt: string; role: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const linkRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (link !== null) linkRef.current?.focus();
  }, [link]);

  async function invite() {
    setBusy(true);
    setError(null);
    try {
      const invitation = await createInvitation(slug, role);
      setLink({
        url: `${window.location.origin}/join#${invitation.token}`,
        expiresAt: invitation.expiresAt,
        role,
      });
    } catch (caught) {
      setError(errorText(caught, 'The invitation could not be made.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="invite-heading" className="panel">
      <h2 id="invite-heading">Invite someone</h2>
      <p>
        Make a link and send it to the person privately. They make their keys with it; then you compare their
        key fingerprint here before adding them.
      </p>
      <div className="inline-form">
        <label className="field__label" htmlFor={roleId}>
          As
        </label>
        <select
          id={roleId}
          className="input input--short"
          value={role}
          onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'member')}
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
        <button type="button" className="button" disabled={busy} onClick={() => void invite()}>
          Create invitation link
        </button>
      </div>
      {link !== null && (
        <div className="invite-link">
          <label className="field__label" htmlFor="invite-link-url">
            Invitation link ({link.role === 'admin' ? 'admin' : 'member'}), valid until{' '}
            {formatDateTime(link.expiresAt)}
          </label>
          <input
            id="invite-link-url"
            ref={linkRef}
            className="input input--code input--wide"
            readOnly
            value={link.url}
            onFocus={(e) => e.target.select()}
          />
          <div className="button-row">
            <CopyButton text={link.url} label="Copy link" />
          </div>
          <p className="field__hint">
            It works once. Anyone who has it can ask to join, which is why you compare fingerprints before
            adding anyone.
          </p>
        </div>
      )}
      {error !== null && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{error}</p>
        </div>
      )}
    </section>
  );
}

type AddState =
  | { step: 'idle' }
  | { step: 'adding' }
  | { step: 'checking' }
  | { step: 'regranting'; progress: Progress; stored: number }
  | { step: 'done'; granted: number; skipped: number; failed: number }
  | { step: 'error'; message: string; added: boolean };

function PendingMember({
  member,
  team,
  active,
  onChanged,
}: {
  member: MemberRow;
  team: VerifiedTeam;
  active: MemberRow[];
  onChanged: () => void;
}) {
  const { keyring } = useUnlockedSession();
  const confirmId = useId();
  const [confirmed, setConfirmed] = useState(false);
  const [state, setState] = useState<AddState>({ step: 'idle' });
  const [discardOpen, setDiscardOpen] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const lookalike = active.find((a) => sameName(a.name, member.name));

  useEffect(() => {
    if (state.step === 'done' || state.step === 'error') statusRef.current?.focus();
  }, [state.step]);

  async function add() {
    // a name with invisible or direction-changing characters can pose as another.
    if (/[\p{Cc}\p{Cf}]/u.test(member.name)) {
      setState({
        step: 'error',
        message: `This name contains hidden characters that can make it look like another name. Discard this request and ask them to join again with a plain name.`,
        added: false,
      });
      return;
    }
    setState({ step: 'adding' });
    let added = false;
    try {
      // Sign on top of a head verified just now, never on a stale one.
      const fresh = await loadVerifiedTeam(team.slug);
      const previous = fresh.rows.at(-1);
      if (!previous) throw new RosterTrustError('The team has no roster.');
      const row = await keyring.signRosterChange({
        previous,
        op: 'add',
        member: {
          id: member.id,
          name: member.name,
          role: member.role,
          enc_pk: member.enc_pk,
          sign_pk: member.sign_pk,
        },
      });
      const indexKeyGrant = await keyring.sealIndexKeyFor(member.enc_pk);
      await appendRoster(team.slug, row, indexKeyGrant);
      added = true;
      await regrant(fresh);
    } catch (caught) {
      setState({ step: 'error', message: errorText(caught, 'Adding failed.'), added });
    }
  }

  /** Existing cases become readable to the new member, except those the reporter kept from them. */
  async function regrant(fresh: VerifiedTeam) {
    setState({ step: 'checking' });
    const work = await getRegrantWork(member.id);
    let skipped = 0;
    let objects = work;
    if (work.length > 0) {
      // check each case's exclusions as the reporter wrote them (inside the body), and
      // refuse a newcomer whose name or keys match someone excluded (a removed member back
      // under a new id).
      const cases = await loadAllCases(keyring, fresh.id, {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      const known = fresh.roster.known;
      const keysOf = publicKeysById(fresh.rows);
      const blocked = new Set<string>();
      for (const { row, opened } of cases) {
        const excluded = new Set([...row.excluded, ...(opened.ok ? (opened.view.excluded ?? []) : [])]);
        for (const id of excluded) {
          const other = known.get(id);
          const otherKeys = keysOf.get(id);
          if (
            id === member.id ||
            (other !== undefined && sameName(other.name, member.name)) ||
            (otherKeys !== undefined &&
              (otherKeys.enc_pk === member.enc_pk || otherKeys.sign_pk === member.sign_pk))
          ) {
            blocked.add(row.id);
          }
        }
        // A case this browser cannot read cannot be checked: never re-grant it blindly.
        if (!opened.ok) blocked.add(row.id);
      }
      objects = work.filter((o) => !blocked.has(o.case));
      skipped = new Set(work.filter((o) => blocked.has(o.case)).map((o) => o.case)).size;
    }
    let stored = 0;
    setState({ step: 'regranting', progress: { done: 0, total: objects.length }, stored });
    const { grants, failed } = await keyring.regrant(
      objects,
      { id: member.id, enc_pk: member.enc_pk },
      (progress) => setState({ step: 'regranting', progress, stored }),
    );
    for (let i = 0; i < grants.length; i += REGRANT_BATCH) {
      stored += await postRegrants(member.id, grants.slice(i, i + REGRANT_BATCH));
      setState({ step: 'regranting', progress: { done: objects.length, total: objects.length }, stored });
    }
    setState({ step: 'done', granted: stored, skipped, failed });
  }

  async function discard() {
    setDiscardOpen(false);
    try {
      await discardInvitee(team.slug, member.id);
      onChanged();
    } catch (caught) {
      setState({ step: 'error', message: errorText(caught, 'Discarding failed.'), added: false });
    }
  }

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
      {state.step === 'idle' || state.step === 'error' ? (
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
              <button
                type="button"
                className="button button--secondary"
                onClick={() =>
                  void loadVerifiedTeam(team.slug)
                    .then(regrant)
                    .catch((caught: unknown) =>
                      setState({
                        step: 'error',
                        message: errorText(caught, 'Sharing cases failed.'),
                        added: true,
                      }),
                    )
                }
              >
                Try sharing the cases again
              </button>
            )}
            <button type="button" className="button button--secondary" onClick={() => setDiscardOpen(true)}>
              Discard request
            </button>
          </div>
        </>
      ) : null}
      <div role="status" className="form__status">
        {state.step === 'adding' && <p>Signing the roster entry and adding {member.name}…</p>}
        {state.step === 'checking' && (
          <p>Checking which earlier cases {member.name} may see (the reporters’ exclusions)…</p>
        )}
        {state.step === 'regranting' && (
          <>
            <p>
              Sharing existing cases with {member.name}: {state.progress.done} of {state.progress.total} keys
              re-encrypted, {state.stored} stored.
            </p>
            <progress
              className="progress"
              max={Math.max(state.progress.total, 1)}
              value={state.progress.done}
              aria-label={`Sharing existing cases with ${member.name}`}
            />
          </>
        )}
      </div>
      {state.step === 'done' && (
        <div className="notice" tabIndex={-1} ref={statusRef}>
          <p className="notice__title">{member.name} is now a member.</p>
          <p>
            {state.granted === 0
              ? 'There were no earlier cases to share.'
              : `${state.granted} ${state.granted === 1 ? 'key' : 'keys'} to earlier cases and their messages ${state.granted === 1 ? 'was' : 'were'} shared with them.`}
            {state.skipped > 0 &&
              ` ${state.skipped} ${state.skipped === 1 ? 'case was' : 'cases were'} not shared: the reporter excluded them, or someone with the same name or keys.`}
            {state.failed > 0 && ` ${state.failed} could not be opened and were not shared.`}
          </p>
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
        onConfirm={() => void discard()}
        onCancel={() => setDiscardOpen(false)}
      >
        <p>They will not be able to join with this invitation. You can invite them again later.</p>
      </ConfirmDialog>
    </li>
  );
}

function ActiveMember({
  member,
  team,
  activeCount,
  adminCount,
  warning,
  onChanged,
}: {
  member: MemberRow;
  team: VerifiedTeam;
  activeCount: number;
  adminCount: number;
  warning: string | null;
  onChanged: () => void;
}) {
  const session = useUnlockedSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isSelf = member.id === session.member.id;
  // never remove the last member or the last admin (the roster would freeze for good).
  const removable = activeCount > 1 && !(member.role === 'admin' && adminCount <= 1);

  async function remove() {
    setOpen(false);
    setBusy(true);
    setError(null);
    try {
      const fresh = await loadVerifiedTeam(team.slug);
      const previous = fresh.rows.at(-1);
      const current = fresh.roster.active.get(member.id);
      if (!previous || !current) throw new RosterTrustError('This member is no longer on the roster.');
      const row = await session.keyring.signRosterChange({
        previous,
        op: 'remove',
        member: {
          id: member.id,
          name: current.name,
          role: current.role,
          enc_pk: member.enc_pk,
          sign_pk: member.sign_pk,
        },
      });
      await appendRoster(team.slug, row);
      if (isSelf) {
        teamSession.sessionEnded();
        return;
      }
      onChanged();
    } catch (caught) {
      setError(errorText(caught, 'Removing failed.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="member-card">
      <h3 className="member-card__name">
        {member.name} {member.role === 'admin' && <span className="badge">admin</span>}
        {isSelf && <span className="muted"> (you)</span>}
      </h3>
      <dl className="member-card__facts">
        <div>
          <dt>Open cases assigned</dt>
          <dd>{member.openCases}</dd>
        </div>
        <div>
          <dt>Since</dt>
          <dd>{formatDate(member.createdAt)}</dd>
        </div>
        <div>
          <dt>Key fingerprint</dt>
          <dd>
            <MemberFingerprint encPublicKey={member.enc_pk} signPublicKey={member.sign_pk} />
          </dd>
        </div>
      </dl>
      {warning !== null && <p className="field__hint warning-text">{warning}</p>}
      {removable && (
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={busy}
          onClick={() => setOpen(true)}
        >
          {isSelf ? 'Leave the team' : `Remove ${member.name}`}
        </button>
      )}
      {error !== null && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{error}</p>
        </div>
      )}
      <ConfirmDialog
        open={open}
        title={isSelf ? 'Leave the team?' : `Remove ${member.name} from ${team.name}?`}
        confirmLabel={isSelf ? 'Leave the team' : `Remove ${member.name}`}
        onConfirm={() => void remove()}
        onCancel={() => setOpen(false)}
      >
        <p>
          {isSelf ? 'You' : member.name} will lose access at once: signed out, unassigned from cases, and left
          out of every new report. Reports they already read cannot be taken back from their memory.
        </p>
      </ConfirmDialog>
    </li>
  );
}
