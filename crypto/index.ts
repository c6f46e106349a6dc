/**
 * The Confide crypto module: PROTOCOL.md version 1 as pure functions over
 * libsodium. The only entry point for the server, the client, the benchmarks
 * and scripts. Await `ready()` once before anything else.
 *
 * Runs unchanged in Node, browsers and Web Workers: no DOM, no fetch, no
 * Node-only APIs. See crypto/README.md for which function to use when.
 */

export { ready } from './sodium.js';
export { ConfideCryptoError, isConfideCryptoError } from './errors.js';
export type { ConfideCryptoErrorCode, ConfideCryptoErrorDetails } from './errors.js';
export * as constants from './constants.js';

export type { ActiveMember, RosterEntryInput, VerifiedRoster, VerifyRosterOptions } from './roster.js';
export type { EnvelopeContext } from './envelope.js';
export type { MemberKeysContext, MemberSecrets } from './member-keys.js';
export type {
  EncryptedItem,
  EncryptedReport,
  SealedItem,
  SealedReport,
  SealItemInput,
  SealReportInput,
} from './reports.js';
export type * from './types.js';

// Encoding
export {
  associatedData,
  canonicalJson,
  canonicalJsonBytes,
  formatProtocolTime,
  fromBase64Url,
  fromHex,
  isUuid,
  toBase64Url,
  toHex,
} from './encoding.js';
export { generateId, randomBytes } from './random.js';

// Summary envelopes (docs/protocol.md 9.7)
export {
  encodeSummary,
  fitReportSummary,
  openReportSummary,
  shortenText,
  SHORTENED_MARK,
  SUMMARY_MAX_PLAINTEXT_BYTES,
  summaryDisagreements,
  summaryLineOf,
} from './summaries.js';

// Padding and envelopes
export { pad, paddedLength, unpad } from './padding.js';
export { openEnvelope, sealEnvelope } from './envelope.js';

// Keys and grants
export {
  boxKeyPairFromSecretKey,
  boxPublicKeyFromBase64,
  fileKeyFromBase64,
  generateFileKey,
  generateIndexKey,
  generateItemKey,
  generateMemberKeys,
  generateReportKey,
  keyToBase64,
  signKeyPairFromSecretKey,
  signPublicKeyFromBase64,
} from './keys.js';
export {
  grantKey,
  unwrapIndexKey,
  unwrapItemKey,
  unwrapReportKey,
  unwrapReportKeys,
  wrapIndexKey,
} from './grants.js';
export {
  indexKeyGrantMessage,
  MAX_INDEX_EPOCH,
  openIndexKeyGrant,
  signIndexKeyGrant,
  signIndexKeyGrantWithEphemeralKey,
  verifyIndexKeyGrant,
  type IndexKeyGrantContext,
  type SignedIndexKeyGrant,
} from './index-key-grants.js';
export { sealedBoxOpener, type SealedBoxOpener, type X25519Engine } from './sealed-box-batch.js';

// Members: passphrase, key bundle, recovery code
export {
  authToken,
  authTokenMatches,
  checkKdfParams,
  deriveMemberSecrets,
  deriveRecoveryKek,
  deriveVerifier,
  generateKdfParams,
  generateRecoveryCode,
  normalizeRecoveryCode,
  unwrapMemberKeys,
  verifierFromAuthToken,
  wrapMemberKeys,
} from './member-keys.js';

// Roster and fingerprints
export {
  assertRosterExtends,
  buildRosterEntry,
  compareRosters,
  recipientsFromRoster,
  rosterHead,
  rosterMember,
  rosterRowHash,
  signRosterEntry,
  verifyRoster,
} from './roster.js';
export { fingerprintMatches, formatFingerprint, normalizeFingerprint } from './fingerprint.js';

// Receipts
export {
  deriveReceiptKeys,
  formatReceipt,
  generateReceipt,
  hashLookup,
  lookupHashFromToken,
  lookupToken,
  normalizeReceipt,
  reporterPublicKeys,
} from './receipts.js';

// Reports and items
export {
  itemSignedMessage,
  openItem,
  openReport,
  openReportBytes,
  reportSignedMessage,
  sealItem,
  sealReport,
  verifyAndOpenItem,
  verifyAndOpenReport,
  verifyItemCiphertextSignature,
  verifyItemSignature,
  verifyReportCiphertextSignature,
  verifyReportSignature,
} from './reports.js';

// Files
export {
  decryptFile,
  decryptFileStream,
  encryptedFileSize,
  encryptFile,
  encryptFileStream,
  FileDecryptor,
  FileEncryptor,
} from './files.js';

// Proof of work (the anonymous routes over their rate limit)
export {
  checkProofOfWork,
  leadingZeroBits,
  PROOF_OF_WORK_MAX_BITS,
  proofOfWorkHash,
  searchProofOfWork,
} from './proof-of-work.js';

// Backups
export {
  BACKUP_HEADER_BYTES,
  BackupDecryptor,
  BackupEncryptor,
  decryptBackupStream,
  deriveBackupKeys,
  disposeBackupKeys,
  encryptBackupStream,
  generateBackupKdfParams,
  parseBackupHeader,
} from './backup.js';
export type { BackupHeader, BackupKdfParams, BackupKeys } from './backup.js';

// Appeal references
export { generateAppealReference, hashAppealReference } from './appeal-references.js';

// Blind index
export {
  blindIndexTag,
  blindIndexTagBase64,
  namesAnAccount,
  normalizePartyName,
  reportParties,
  type ReportParties,
} from './blind-index.js';
export { enrolMember, foundTeam, signedRosterChange } from './enrolment.js';
export type { Enrolment, EnrolOptions, FoundedTeam, MemberCredentialsWire } from './enrolment.js';
export { memberFingerprint } from './member-fingerprint.js';

// Referral packets, signed by the referring member (protocol.md 10.10)
export { referralSignedMessage, signReferral, verifyReferral } from './referrals.js';
export { sealReferral } from './reports.js';
export type { SealReferralInput } from './reports.js';

// The target invited in with a receipt of their own (protocol.md 8.5)
export {
  signTargetInvitation,
  targetInvitationMessage,
  verifyTargetInvitation,
} from './target-invitations.js';
export type { TargetInvitationClaim } from './target-invitations.js';

// Recovery with the recovery code, and re-wrapping keys under a new passphrase (protocol.md 5.8)
export {
  openRecoveryBundle,
  recoveredCredentials,
  recoveryProofMessage,
  rewrapMemberKeys,
  signRecoveryProof,
  verifyRecoveryProof,
} from './recovery.js';
export type {
  RecoveredCredentialsWire,
  RecoveryCopy,
  RecoveryProofClaim,
  RecoveryProofInput,
  RewrapOptions,
  RewrappedMemberKeys,
} from './recovery.js';

// A member's own settings, encrypted to that member alone
export {
  MAX_PERSONAL_DETAIL_CHARS,
  MAX_PERSONAL_DETAILS,
  openMemberSettings,
  sealMemberSettings,
} from './member-settings.js';
export type { MemberSettingsBody, MemberSettingsContext, SealedMemberSettings } from './member-settings.js';
