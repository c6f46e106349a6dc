/** Joining a team by invitation link: what the link is for, and accepting it with new keys. */
import { api } from '../../../lib/api-client';
import { record, string } from '../../../lib/decode';
import type { MemberCredentials } from '../../../lib/keyring/keyring';

export interface InvitationInfo {
  team: { id: string; slug: string; name: string };
  role: 'admin' | 'member';
  expiresAt: string;
}

export function lookupInvitation(token: string): Promise<InvitationInfo> {
  return api.post('/invitations/lookup', { token }, (data) => {
    const r = record(data, 'reply');
    const team = record(r.team, 'team');
    return {
      team: {
        id: string(team.id, 'team.id'),
        slug: string(team.slug, 'team.slug'),
        name: string(team.name, 'team.name'),
      },
      role: r.role === 'admin' ? 'admin' : 'member',
      expiresAt: string(r.expires_at, 'expires_at'),
    };
  });
}

export function acceptInvitation(token: string, member: MemberCredentials): Promise<string> {
  return api.post('/invitations/accept', { token, member }, (data) =>
    string(record(data, 'reply').member, 'member'),
  );
}
