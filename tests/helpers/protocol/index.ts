/**
 * A Node-side client of the Confide protocol for tests: it speaks to the real HTTP API (through
 * `app.inject` or a real URL with fetch) and does every piece of cryptography a browser would
 * do, with the project's crypto module. It shares no code with the server: requests and
 * replies are plain JSON typed in wire-types.ts, from docs/protocol.md. (The interop client,
 * tests/interop/python_client.py, is a second, independent implementation.)
 *
 * One module a concern; import from the module when a file needs one or two of them, from
 * here when it needs many:
 * - transport: transports (inject, fetch), the Agent (one browser), expectReply
 * - wire-types: the JSON of requests and replies, written by hand from the docs
 * - identities: member identities (with or without a passphrase), reporters and receipts
 * - teams: making a team (the createTeam service or POST /api/setup); the only server imports
 * - public-team: GET /api/teams/{slug} with the roster verified
 * - sessions: signing in
 * - membership: invitations, signed roster changes, index-key grants and issues, re-grants, joinTeam
 * - attachments: encrypted uploads and downloads
 * - reports: the report body, preparing and submitting a report
 * - items: what the member's and the reporter's views of a case share
 * - cases: the member's side of a case
 * - votes: records sealed to the team, and votes cast
 * - receipts: the reporter's side of a case
 * - targets: the target invited in with a receipt of their own, on the member's side and theirs
 * - referrals: a case referred to another team: the packet sealed, the reporter's consent, the
 *   receiving team's view
 * - leak-scan: the database as text, and the forms a secret could take in it
 */
export * from './transport.js';
export * from './wire-types.js';
export * from './identities.js';
export * from './teams.js';
export * from './public-team.js';
export * from './sessions.js';
export * from './membership.js';
export * from './attachments.js';
export * from './reports.js';
export * from './items.js';
export * from './cases.js';
export * from './votes.js';
export * from './receipts.js';
export * from './targets.js';
export * from './referrals.js';
export * from './leak-scan.js';
