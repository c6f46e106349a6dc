/**
 * Configuration from the environment, validated once at start-up.
 *
 * The variable names HOST, PORT, PUBLIC_URL, DATABASE_URL and CONFIDE_DATA_DIR are fixed:
 * scripts outside the project use them. Every bad value is reported with the variable's
 * name and what would be accepted, all at once, so an operator fixes them in one pass.
 */
import { isIP } from 'node:net';
import path from 'node:path';

export interface AppConfig {
  host: string;
  port: number;
  /** The address people use; links and cookie flags derive from it. */
  publicUrl: URL;
  /**
   * PUBLIC_URL is unset and PORT is 0: the port in `publicUrl` is only known once the server
   * listens, and main.ts puts the real one in the links it prints.
   */
  publicUrlFollowsPort: boolean;
  /** A PostgreSQL server, or undefined to run the embedded one in `dataDir`. */
  databaseUrl: string | undefined;
  /** Absolute path; holds the embedded database and any local state. */
  dataDir: string;
  /** Where the built client lives; the server serves it with an SPA fallback when it exists. */
  clientDir: string;
  /** pino level; "silent" in tests that do not read logs. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Minutes of inactivity after which a member session ends (the console also locks itself). */
  sessionIdleMinutes: number;
  /** Largest encrypted file accepted, in bytes. */
  maxAttachmentBytes: number;
  /** Largest total of encrypted files on one report or item, in bytes. */
  maxReportAttachmentBytes: number;
  /** Hours a one-time set-up link stays valid. */
  setupLinkHours: number;
  /**
   * Seconds a request body may send nothing before the connection is dropped. There is no cap
   * on the total time: a 25 MB upload over Tor is slow and legitimate, a silent one is not.
   */
  bodyIdleSeconds: number;
  /**
   * Seconds a stop (SIGTERM, SIGINT) waits for requests still running before it closes their
   * connections; 0 closes them at once. An upload cut off this way stays incomplete and unusable.
   */
  shutdownGraceSeconds: number;
  /** Deployment-wide: encrypted bytes uploaded and not yet bound to a report, at most. */
  maxPendingUploadBytes: number;
  /** Deployment-wide: uploads accepted per hour, from everyone together. */
  maxUploadsPerHour: number;
  /**
   * Leading zero bits of SHA-256 a proof of work must reach, when an address over its limit is
   * asked for one on an anonymous route (about 1–3 s on a phone at 18).
   */
  proofOfWorkBits: number;
  /**
   * Team fingerprints pinned by the deployment (CONFIDE_TEAM_FINGERPRINTS): team slug → the 64
   * lowercase hex digits of its genesis hash. Served to browsers in GET /api/config, which then
   * refuse a team whose verified roster has another genesis; the server refuses reports to it.
   */
  teamFingerprints: ReadonlyMap<string, string>;
  /** Shared key for hashing client addresses in rate limits; random per process when unset. */
  rateLimitSecret: string | undefined;
  /** False only in tests that must hammer anonymous routes without tripping the limiter. */
  rateLimitEnabled: boolean;
  /**
   * Which reverse proxies may say who the client is (X-Forwarded-For), and so decide
   * `request.ip`: none (false), the nearest N hops, or proxies at these addresses / CIDR ranges.
   */
  trustProxy: TrustProxy;
  /**
   * The SMTP server notifications go through (SMTP_URL, e.g. smtps://user:pass@mail.example.org);
   * undefined: no e-mail, and the console says notifications are off.
   */
  smtpUrl: URL | undefined;
  /** The sender of notification mail (MAIL_FROM); defaults to confide@ the PUBLIC_URL's host. */
  mailFrom: string;
  /**
   * Team webhooks may use http:// and point to loopback addresses (CONFIDE_WEBHOOK_ALLOW_LOOPBACK=on):
   * for tests and local bridges only. Private and link-local addresses stay refused.
   */
  webhookAllowLoopback: boolean;
  /**
   * WebAuthn's relying party: PUBLIC_URL's host name. Undefined when PUBLIC_URL names an IP address,
   * which WebAuthn refuses: then only TOTP is offered as a second factor.
   */
  webauthnRpId: string | undefined;
  /**
   * Seconds one database statement may run before PostgreSQL cancels it; a statement with no
   * reply at all 2 s later (a frozen database, a network black hole) fails here and its
   * connection is dropped. Either way the request gets a 503. Migrations, backup and restore
   * run without this limit.
   */
  dbStatementTimeoutSeconds: number;
  /**
   * Uploads this process receives at once, at most; past it, 503 uploads_busy. Counted in this
   * process's memory (each upload in progress holds up to 1 MiB), so per process, not per deployment.
   */
  maxUploadsInProgress: number;
  /**
   * Where a reporter's "Leave now" button goes (CONFIDE_QUICK_EXIT_URL): an ordinary, harmless
   * site, so that whoever looks at the screen next sees nothing about Confide. Served to browsers
   * in GET /api/config. An absolute http(s) address without a user name or password, as `href`.
   */
  quickExitUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** false: no proxy; a number: that many hops; a list: proxies at these addresses or CIDR ranges. */
export type TrustProxy = false | number | string[];

/** More hops than any sane chain of proxies; a typo beyond it is refused rather than trusted. */
const MAX_TRUST_PROXY_HOPS = 10;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const host = read('HOST') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) {
    problems.push(`HOST must be a host name or IP address to listen on, got "${host}"`);
  }

  const port = parseInteger(read('PORT') ?? '3000');
  if (port === undefined || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535, got "${read('PORT') ?? ''}"`);
  }

  const publicUrlText =
    read('PUBLIC_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port ?? 3000}`;
  let publicUrl: URL | undefined;
  try {
    publicUrl = new URL(publicUrlText);
    if (publicUrl.protocol !== 'http:' && publicUrl.protocol !== 'https:') {
      problems.push(`PUBLIC_URL must start with http:// or https://, got "${publicUrlText}"`);
    } else if (publicUrl.search !== '' || publicUrl.hash !== '' || publicUrl.username !== '') {
      problems.push(`PUBLIC_URL must be a plain origin with an optional path, got "${publicUrlText}"`);
    }
  } catch {
    problems.push(
      `PUBLIC_URL must be an absolute URL such as https://confide.example.org, got "${publicUrlText}"`,
    );
  }

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(
          `DATABASE_URL must start with postgres:// or postgresql://, got protocol "${url.protocol}"`,
        );
      }
    } catch {
      problems.push('DATABASE_URL must be a URL such as postgres://user@127.0.0.1:5432/confide');
    }
  }

  const dataDirText = read('CONFIDE_DATA_DIR') ?? './data';
  if (dataDirText.includes('\0')) problems.push('CONFIDE_DATA_DIR must be a path');
  const dataDir = path.resolve(cwd, dataDirText);

  const clientDir = path.resolve(cwd, read('CONFIDE_CLIENT_DIR') ?? 'dist/client');

  const logLevelText = read('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((level) => level === logLevelText);
  if (logLevel === undefined)
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevelText}"`);

  /** A whole number from `min` to `max`, or the default when the variable is unset. */
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = read(name);
    const value = parseInteger(text ?? String(fallback));
    if (value === undefined || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${text ?? ''}"`);
      return fallback;
    }
    return value;
  };

  const sessionIdleMinutes = integer('SESSION_IDLE_MINUTES', 30, 1, 24 * 60);
  const maxAttachmentMb = integer('MAX_ATTACHMENT_MB', 25, 1, 1024);
  const maxReportMb = integer('MAX_REPORT_ATTACHMENTS_MB', 100, 1, 4096);
  const setupLinkHours = integer('CONFIDE_SETUP_LINK_HOURS', 24, 1, 24 * 30);
  const bodyIdleSeconds = integer('CONFIDE_BODY_IDLE_SECONDS', 30, 1, 3600);
  // 8: inside the 10 s a process manager (docker stop, most others) waits before killing outright.
  const shutdownGraceSeconds = integer('CONFIDE_SHUTDOWN_GRACE_SECONDS', 8, 0, 3600);
  const pendingUploadsMb = integer('CONFIDE_MAX_PENDING_UPLOADS_MB', 2048, 1, 1024 * 1024);
  const uploadsPerHour = integer('CONFIDE_MAX_UPLOADS_PER_HOUR', 1000, 1, 1_000_000);
  const proofOfWorkBits = integer('CONFIDE_PROOF_OF_WORK_BITS', 18, 1, 32);
  // 10: far beyond any statement a request makes, and with the pool's 5 s wait and the 2 s
  // margin still inside the default CONFIDE_BODY_IDLE_SECONDS, so the 503 reaches the client.
  const dbStatementTimeoutSeconds = integer('CONFIDE_DB_STATEMENT_TIMEOUT_SECONDS', 10, 1, 3600);
  const maxUploadsInProgress = integer('CONFIDE_MAX_UPLOADS_IN_PROGRESS', 64, 1, 100_000);

  const teamFingerprints = parseTeamFingerprints(read('CONFIDE_TEAM_FINGERPRINTS'), problems);

  const trustProxyText = read('TRUST_PROXY') ?? 'off';
  const trustProxy = parseTrustProxy(trustProxyText);
  if (trustProxy === undefined) {
    problems.push(
      `TRUST_PROXY must be off, a number of proxy hops from 0 to ${MAX_TRUST_PROXY_HOPS}, or a comma-separated list of proxy IP addresses or CIDR ranges such as 127.0.0.1,10.0.0.0/8, got "${trustProxyText}"`,
    );
  }

  const smtpText = read('SMTP_URL');
  let smtpUrl: URL | undefined;
  if (smtpText !== undefined) {
    try {
      smtpUrl = new URL(smtpText);
      if (smtpUrl.protocol !== 'smtp:' && smtpUrl.protocol !== 'smtps:') {
        problems.push(`SMTP_URL must start with smtp:// or smtps://, got protocol "${smtpUrl.protocol}"`);
      }
    } catch {
      problems.push('SMTP_URL must be a URL such as smtps://user:password@mail.example.org:465');
    }
  }
  const mailFromText = read('MAIL_FROM');
  if (mailFromText !== undefined && !/^[^\s@<>]+@[^\s@<>]+$/.test(mailFromText)) {
    problems.push(`MAIL_FROM must be a plain address such as confide@example.org, got "${mailFromText}"`);
  }
  const quickExitUrl = parseQuickExitUrl(read('CONFIDE_QUICK_EXIT_URL'), problems);
  const allowLoopbackText = read('CONFIDE_WEBHOOK_ALLOW_LOOPBACK') ?? 'off';
  if (allowLoopbackText !== 'on' && allowLoopbackText !== 'off') {
    problems.push(`CONFIDE_WEBHOOK_ALLOW_LOOPBACK must be on or off, got "${allowLoopbackText}"`);
  }

  if (
    problems.length > 0 ||
    port === undefined ||
    publicUrl === undefined ||
    logLevel === undefined ||
    trustProxy === undefined
  ) {
    throw new ConfigError(problems);
  }
  return {
    host,
    port,
    publicUrl,
    publicUrlFollowsPort: read('PUBLIC_URL') === undefined && port === 0,
    databaseUrl,
    dataDir,
    clientDir,
    logLevel,
    sessionIdleMinutes,
    rateLimitEnabled: read('CONFIDE_RATE_LIMIT') !== 'off',
    rateLimitSecret: read('CONFIDE_RATE_LIMIT_SECRET'),
    trustProxy,
    maxAttachmentBytes: maxAttachmentMb * 1024 * 1024,
    maxReportAttachmentBytes: maxReportMb * 1024 * 1024,
    setupLinkHours,
    bodyIdleSeconds,
    shutdownGraceSeconds,
    maxPendingUploadBytes: pendingUploadsMb * 1024 * 1024,
    maxUploadsPerHour: uploadsPerHour,
    proofOfWorkBits,
    teamFingerprints,
    smtpUrl,
    mailFrom: mailFromText ?? `confide@${publicUrl.hostname.replace(/^\[|\]$/g, '') || 'localhost'}`,
    webhookAllowLoopback: allowLoopbackText === 'on',
    webauthnRpId: isIP(publicUrl.hostname.replace(/^\[|\]$/g, '')) === 0 ? publicUrl.hostname : undefined,
    dbStatementTimeoutSeconds,
    maxUploadsInProgress,
    quickExitUrl,
  };
}

function parseInteger(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Where "Leave now" goes when CONFIDE_QUICK_EXIT_URL is unset: a site anyone might be reading. */
export const DEFAULT_QUICK_EXIT_URL = 'https://www.wikipedia.org/';

/**
 * CONFIDE_QUICK_EXIT_URL: the page "Leave now" replaces a reporter's page with. Only http(s):
 * the browser goes there with `location.replace`, where a `javascript:` or `data:` address would
 * run or show something of the deployment's own instead of leaving. No user name or password:
 * the address is served to every visitor, and it would end up in their history.
 */
function parseQuickExitUrl(text: string | undefined, problems: string[]): string {
  if (text === undefined) return DEFAULT_QUICK_EXIT_URL;
  const name = 'CONFIDE_QUICK_EXIT_URL';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`${name} must be an absolute address such as ${DEFAULT_QUICK_EXIT_URL}, got "${text}"`);
    return DEFAULT_QUICK_EXIT_URL;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${name} must start with http:// or https://, got "${text}"`);
  } else if (url.username !== '' || url.password !== '') {
    // Not repeated: it holds a password.
    problems.push(`${name} must not contain a user name or password`);
  } else {
    return url.href;
  }
  return DEFAULT_QUICK_EXIT_URL;
}

/** The team address rule of contract/common.ts (Slug), repeated to keep this file standalone. */
const TEAM_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * CONFIDE_TEAM_FINGERPRINTS: `slug=fingerprint` pairs separated by commas, e.g.
 * `stewards=ab297d94…8c74c06,arbitration=5e1f…`. The fingerprint is the whole genesis hash, 64
 * hex digits, as `npm run confide -- team create --json` prints it; upper case and the spaces or
 * hyphens people group digits with are accepted (docs/protocol.md 6.4: comparisons ignore them).
 *
 * The 32-digit form shown to people (the first 16 bytes) is refused, not matched as a prefix: a
 * pin is checked by machines, so there is no reason to give up half of the hash, and the one
 * exact value is what every client and the server compare in the same way.
 */
function parseTeamFingerprints(text: string | undefined, problems: string[]): Map<string, string> {
  const pins = new Map<string, string>();
  if (text === undefined) return pins;
  const name = 'CONFIDE_TEAM_FINGERPRINTS';
  const example = 'such as stewards=ab297d943cecb480a66f1f687706e4f25f2f2b5bceff1d8659705ff628c74c06';
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (entry === '') {
      problems.push(
        `${name} has an empty entry: write slug=fingerprint pairs separated by commas, ${example}`,
      );
      continue;
    }
    const parts = entry.split('=');
    if (parts.length !== 2) {
      problems.push(`${name} entries must be slug=fingerprint, ${example}, got "${entry}"`);
      continue;
    }
    const slug = (parts[0] ?? '').trim();
    const hex = (parts[1] ?? '').replace(/[\s-]/g, '').toLowerCase();
    if (!TEAM_SLUG.test(slug)) {
      problems.push(
        `${name}: "${slug}" is not a team address (2 to 63 lowercase letters, digits and hyphens)`,
      );
    } else if (pins.has(slug)) {
      problems.push(`${name} pins "${slug}" more than once`);
    } else if (/^[0-9a-f]{32}$/.test(hex)) {
      problems.push(
        `${name}: the fingerprint for "${slug}" is the 32-digit form shown to people; pin the whole fingerprint, 64 hex digits, as \`npm run confide -- team create --json\` prints it`,
      );
    } else if (!/^[0-9a-f]{64}$/.test(hex)) {
      problems.push(
        `${name}: the fingerprint for "${slug}" must be 64 hex digits (the team's genesis hash, as \`npm run confide -- team create --json\` prints it), got "${(parts[1] ?? '').trim()}"`,
      );
    } else {
      pins.set(slug, hex);
    }
  }
  return pins;
}

/**
 * TRUST_PROXY: "off" (or 0), a hop count, or proxy addresses. "true" (trust whoever connects) is
 * refused on purpose: any client could then name itself in X-Forwarded-For and step out of its
 * rate limits. So is a /0 range, which means the same.
 */
function parseTrustProxy(text: string): TrustProxy | undefined {
  if (text.toLowerCase() === 'off') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_TRUST_PROXY_HOPS) return undefined;
    return hops === 0 ? false : hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.every(isProxyAddress) ? entries : undefined;
}

/** An IPv4 or IPv6 address, optionally with a CIDR prefix length; no zone ids, no host names. */
function isProxyAddress(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || address.includes('%') || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = parseInteger(prefix);
  return bits !== undefined && bits >= 1 && bits <= (family === 4 ? 32 : 128);
}
