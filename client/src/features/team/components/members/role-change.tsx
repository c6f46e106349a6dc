import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { Button, ConfirmDialog } from '../../../../components/ui';
import { ApiError } from '../../../../lib/api-client';
import { errorText } from '../../../../lib/error-words';
import { keepIndexKey } from '../../lib/index-key-upkeep';
import { appendRoster, type MemberRow } from '../../api/members';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../../api/roster';
import { lastAdminRule, mayChangeRole, otherRole } from '../../model/removal-policy';
import { endSessionIfUnauthorized } from '../../session/session-ended';
import { teamSession } from '../../session/session-store';
import { useUnlockedSession } from '../../session/use-team-session';

/** What becoming an admin or a member means, for the question before the change. */
function Consequence({ name, toAdmin, isSelf }: { name: string; toAdmin: boolean; isSelf: boolean }) {
  if (toAdmin) {
    return (
      <Trans>
        {name} will be able to invite, add and remove members, change their roles, change the team’s settings
        and read the audit log. Every change an admin makes is a roster entry signed with their key.
      </Trans>
    );
  }
  return isSelf ? (
    <Trans>
      You will no longer be able to manage members or the team’s settings. You keep reading the cases you can
      read now.
    </Trans>
  ) : (
    <Trans>
      {name} will no longer be able to manage members or the team’s settings. They keep reading the cases they
      can read now.
    </Trans>
  );
}

/**
 * Making a member an admin, or an admin a member: a `role` roster entry signed with this admin's
 * key on top of a head verified just now. A team keeps at least one admin (removal-policy.ts):
 * the card offers this only when the rule allows it, and the server enforces it too (409
 * `last_admin`).
 */
export function RoleChange({
  member,
  team,
  onChanged,
  onError,
}: {
  member: MemberRow;
  team: VerifiedTeam;
  onChanged: () => void;
  /** What went wrong, for the card to show (null when trying again). */
  onError: (message: string | null) => void;
}) {
  const { t } = useLingui();
  const session = useUnlockedSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const isSelf = member.id === session.member.id;
  const next = otherRole(member.role);
  const toAdmin = next === 'admin';
  const name = member.name;
  const teamName = team.name;
  const label = toAdmin ? t`Make ${name} an admin` : isSelf ? t`Make me a member` : t`Make ${name} a member`;

  async function change() {
    setOpen(false);
    setBusy(true);
    onError(null);
    try {
      const fresh = await loadVerifiedTeam(team.slug);
      const previous = fresh.rows.at(-1);
      const current = fresh.roster.active.get(member.id);
      if (!previous || !current) throw new RosterTrustError(t`This member is no longer on the roster.`);
      if (current.role === next) {
        // Someone else made the same change meanwhile.
        onChanged();
        return;
      }
      if (!mayChangeRole(current, [...fresh.roster.active.values()]))
        throw new RosterTrustError(lastAdminRule());
      const row = await session.keyring.signRosterChange({
        previous,
        op: 'role',
        member: {
          id: member.id,
          name: current.name,
          role: next,
          enc_pk: member.enc_pk,
          sign_pk: member.sign_pk,
        },
      });
      await appendRoster(team.slug, row);
      // An admin who made themselves a member sees the console as a member from now on.
      if (isSelf) teamSession.updateVerifiedTeam(await loadVerifiedTeam(team.slug));
      // Grants a former admin signed no longer verify: sign the key again (index-key-upkeep.ts).
      else if (current.role === 'admin') await resignIndexKey();
      onChanged();
    } catch (caught) {
      if (endSessionIfUnauthorized(caught)) return;
      const adminRule = lastAdminRule();
      onError(
        caught instanceof ApiError && caught.code === 'last_admin'
          ? t`The server refused the change. ${adminRule}`
          : errorText(caught, t`The role could not be changed.`),
      );
    } finally {
      setBusy(false);
    }
  }

  async function resignIndexKey(): Promise<void> {
    try {
      const epoch = await keepIndexKey(
        session.keyring,
        await loadVerifiedTeam(team.slug),
        session.indexEpoch,
        'admin-demoted',
      );
      if (epoch !== null) teamSession.updateIndexEpoch(epoch);
    } catch {
      // The next admin to sign in without a verifying grant issues a new key.
    }
  }

  return (
    <>
      <Button variant="secondary" size="small" disabled={busy} onClick={() => setOpen(true)}>
        {busy ? <Trans>Changing the role…</Trans> : label}
      </Button>
      <ConfirmDialog
        open={open}
        title={
          toAdmin
            ? t`Make ${name} an admin of ${teamName}?`
            : isSelf
              ? t`Make yourself a member?`
              : t`Make ${name} a member?`
        }
        confirmLabel={label}
        onConfirm={() => void change()}
        onCancel={() => setOpen(false)}
      >
        <p>
          <Consequence name={name} toAdmin={toAdmin} isSelf={isSelf} />
        </p>
      </ConfirmDialog>
    </>
  );
}
