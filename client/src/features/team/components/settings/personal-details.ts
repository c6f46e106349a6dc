/**
 * Limits of a member's personal-details list, as crypto/member-settings.ts enforces them: here so
 * the settings page can say so before libsodium has loaded.
 */
export const MAX_PERSONAL_DETAILS = 100;
export const MAX_PERSONAL_DETAIL_CHARS = 200;
