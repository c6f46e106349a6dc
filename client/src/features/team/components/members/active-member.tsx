import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { MemberFingerprint } from '../../../../components/fingerprint';
import { Button, ButtonRow, ConfirmDialog, Notice } from '../../../../components/ui';
import { ApiError } from '../../../../lib/api-client';
import { formatCount, formatDate } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import { appendRoster, type MemberRow } from '../../api/members';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../../api/roster';
import { renewIndexKeyAfterRemoval } from '../../lib/index-key-upkeep';
import { lastAdminRule } from '../../model/removal-policy';
import { teamSession } from '../../session/session-store';
import { useUnlockedSession } from '../../session/use-team-session';
import { Badge } from '../badge';
import { Card } from '../card';
import { Fact, Facts } from '../facts';
import { RoleChange } from './role-change';
import { SecondFactorReset } from './second-factor-reset';
import './member-card.css';

/**
 * A member on the roster: their facts and fingerprint, and (when allowed, R-9) changing their role
 * or removing them; for someone else who holds one, resetting their second factor.
 */
export function ActiveMember({
  member,
  team,
  removable,
  roleChangeable,
  warning,
  onChanged,
  onKeyNotRenewed,
}: {
  member: MemberRow;
  team: VerifiedTeam;
  removable: boolean;
  /** False for the last admin (removal-policy.ts). */
  roleChangeable: boolean;
  warning: string | null;
  onChanged: () => void;
  /**
   * The removal went through but the new index key could not be issued: said by the page, since
   * this card leaves with the member it names.
   */
  onKeyNotRenewed: (removedName: string, error: unknown) => void;
}) {
  const { t } = useLingui();
  const session = useUnlockedSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isSelf = member.id === session.member.id;
  const name = member.name;
  const teamName = team.name;

  async function remove() {
    setOpen(false);
    setBusy(true);
    setError(null);
    try {
      // Sign on top of a head verified just now, with the name and role the roster has now.
      const fresh = await loadVerifiedTeam(team.slug);
      const previous = fresh.rows.at(-1);
      const current = fresh.roster.active.get(member.id);
      if (!previous || !current) throw new RosterTrustError(t`This member is no longer on the roster.`);
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
      await rotateIndexKey();
      onChanged();
    } catch (caught) {
      const adminRule = lastAdminRule();
      setError(
        caught instanceof ApiError && caught.code === 'last_admin'
          ? t`The server refused to remove ${name}. ${adminRule}`
          : errorText(caught, t`Removing failed.`),
      );
    } finally {
      setBusy(false);
    }
  }

  /**
   * After a removal, a new index key for the members who stay (lib/index-key-upkeep.ts): the
   * removed member's copy then makes none of the tags in use once the cases are re-tagged.
   */
  async function rotateIndexKey(): Promise<void> {
    try {
      await renewIndexKeyAfterRemoval(session.keyring, team.slug, session.indexEpoch);
    } catch (caught) {
      onKeyNotRenewed(member.name, caught);
    }
  }

  return (
    <Card className="member-card">
      <h3 className="member-card__name">
        <span translate="no">{name}</span>{' '}
        {member.role === 'admin' && (
          <Badge>
            <Trans>admin</Trans>
          </Badge>
        )}
        {isSelf && (
          <span className="muted">
            {' '}
            <Trans>(you)</Trans>
          </span>
        )}
      </h3>
      <Facts>
        <Fact term={t`Open cases assigned`}>{formatCount(member.openCases)}</Fact>
        <Fact term={t`Since`}>{formatDate(member.createdAt)}</Fact>
        <Fact term={t`Second factor`}>{member.secondFactor ? <Trans>Yes</Trans> : <Trans>No</Trans>}</Fact>
        <Fact term={t`Key fingerprint`}>
          <MemberFingerprint encPublicKey={member.enc_pk} signPublicKey={member.sign_pk} />
        </Fact>
      </Facts>
      {warning !== null && <p className="field__hint member-card__warning">{warning}</p>}
      {!roleChangeable && (
        <p className="field__hint">
          {isSelf ? (
            <Trans>You are the team’s only admin.</Trans>
          ) : (
            <Trans>{name} is the team’s only admin.</Trans>
          )}{' '}
          {lastAdminRule()}
        </p>
      )}
      {(roleChangeable || removable) && (
        <ButtonRow>
          {roleChangeable && (
            <RoleChange member={member} team={team} onChanged={onChanged} onError={setError} />
          )}
          {removable && (
            <Button variant="secondary" size="small" disabled={busy} onClick={() => setOpen(true)}>
              {isSelf ? <Trans>Leave the team</Trans> : <Trans>Remove {name}</Trans>}
            </Button>
          )}
        </ButtonRow>
      )}
      {!isSelf && <SecondFactorReset member={member} onReset={onChanged} onError={setError} />}
      {error !== null && <Notice tone="error" role="alert" title={error} />}
      <ConfirmDialog
        open={open}
        title={isSelf ? t`Leave the team?` : t`Remove ${name} from ${teamName}?`}
        confirmLabel={isSelf ? t`Leave the team` : t`Remove ${name}`}
        onConfirm={() => void remove()}
        onCancel={() => setOpen(false)}
      >
        <p>
          {isSelf ? (
            <Trans>
              You will lose access at once: signed out, unassigned from cases, and left out of every new
              report. Reports they already read cannot be taken back from their memory.
            </Trans>
          ) : (
            <Trans>
              {name} will lose access at once: signed out, unassigned from cases, and left out of every new
              report. Reports they already read cannot be taken back from their memory.
            </Trans>
          )}
        </p>
      </ConfirmDialog>
    </Card>
  );
}
