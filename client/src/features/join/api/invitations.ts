/** Joining a team by invitation link: what the link is for, and accepting it with new keys. */
import type { Role } from '#contract/enumerations';
import { InvitationAcceptReply, InvitationLookupReply } from '#contract/members';
import { api } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';
import type { MemberCredentials } from '../../../lib/keyring/keyring';

export interface InvitationInfo {
  team: { id: string; slug: string; name: string };
  role: Role;
  expiresAt: string;
}

const decodeLookup = decodeWith(InvitationLookupReply, (r): InvitationInfo => ({
  team: { id: r.team.id, slug: r.team.slug, name: r.team.name },
  role: r.role,
  expiresAt: r.expires_at,
}));

const decodeAccept = decodeWith(InvitationAcceptReply, (reply) => reply.member);

export function lookupInvitation(token: string): Promise<InvitationInfo> {
  return api.post('/invitations/lookup', { token }, decodeLookup);
}

export function acceptInvitation(token: string, member: MemberCredentials): Promise<string> {
  return api.post('/invitations/accept', { token, member }, decodeAccept);
}
