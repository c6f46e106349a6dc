/**
 * The outbox worker: every server process runs one (server/main.ts). It polls the outbox every
 * couple of seconds, and at once when this process wrote to it (signal.ts); about once a minute
 * it also announces dates that passed (deadlines.ts).
 *
 * Delivery is at least once. A claim gives each row a lease and one more attempt
 * (repositories/outbox.ts); the row is marked delivered only after the mail server or the
 * webhook accepted it, so a crash, a restart or a refusing, unreachable or silent server leaves
 * the row to be tried again (after its lease, or after its backoff), never lost. A row tried
 * for longer than `giveUpAfterMs` is given up and stays in the admins' failures list. A mail sent
 * twice (accepted, then the process died before marking it) carries the same Message-ID both
 * times. No database connection is held while talking to a mail server or a webhook.
 *
 * The log names outbox ids, kinds and channels, never an address, a URL or a secret.
 */
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import {
  claimDueNotifications,
  markNotificationDone,
  markNotificationFailed,
  type ClaimedNotification,
} from '../repositories/outbox.js';
import { announcePassedDates } from './deadlines.js';
import { createMailer, type Mailer } from './mailer.js';
import { reasonToDrop } from './recipients.js';
import { onOutboxWritten } from './signal.js';
import { notificationText } from './texts.js';
import { checkWebhookUrl, postWebhook } from './webhook.js';

/** The part of a pino logger the worker writes to (a Fastify app's `log` is one). */
export interface WorkerLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface NotificationWorkerOptions {
  readonly db: Database;
  readonly config: Pick<AppConfig, 'smtpUrl' | 'mailFrom' | 'publicUrl' | 'webhookAllowLoopback'>;
  readonly log: WorkerLog;
  /** How often to look for due rows when nothing wakes the worker (default 2 s). */
  readonly pollMs?: number;
  /** Rows claimed, and delivered side by side, at a time (default 10). */
  readonly batchSize?: number;
  /** How long a claim holds a row: longer than one delivery can take (default 2 min). */
  readonly leaseMs?: number;
  /** The first retry's delay, doubled at each further failure (default 30 s)… */
  readonly retryBaseMs?: number;
  /** …up to this (default 1 h). */
  readonly retryMaxMs?: number;
  /** A row still failing this long after it was written is given up (default 3 days). */
  readonly giveUpAfterMs?: number;
  /** How often to announce dates that passed (default 1 min). */
  readonly dateScanMs?: number;
  /** Connecting to the mail server, its greeting, and silence on its socket: each at most (default 10 s). */
  readonly smtpTimeoutMs?: number;
  /** The whole webhook request (default 5 s). */
  readonly webhookTimeoutMs?: number;
}

export interface NotificationWorker {
  /** Look for due rows now (or right after the current round). */
  wake(): void;
  /** Stops polling and waits for the round in progress (its deliveries have their timeouts). */
  stop(): Promise<void>;
}

const DEFAULTS = {
  pollMs: 2_000,
  batchSize: 10,
  leaseMs: 2 * 60_000,
  retryBaseMs: 30_000,
  retryMaxMs: 60 * 60_000,
  giveUpAfterMs: 3 * 24 * 60 * 60_000,
  dateScanMs: 60_000,
  smtpTimeoutMs: 10_000,
  webhookTimeoutMs: 5_000,
};

/** The shortest time between two rounds that writes woke (worker.wake). */
const WAKE_GAP_MS = 100;

/** The delay before attempt `attempts + 1`: base, doubled per failure, capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/**
 * An error as kept for admins and written to the log: short, and with any e-mail address taken
 * out (a mail server's refusal usually quotes the recipient).
 */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .replace(/[^\s<>"'(),;:@[\]]+@[^\s<>"'(),;:@[\]]+/g, '(address)')
      .replace(/\p{Cc}+/gu, ' ')
      .trim()
      .slice(0, 300) || 'unknown error'
  );
}

export function startNotificationWorker(options: NotificationWorkerOptions): NotificationWorker {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { db, config, log } = options;
  const mailer: Mailer | undefined =
    config.smtpUrl === undefined
      ? undefined
      : createMailer({
          smtpUrl: config.smtpUrl,
          from: config.mailFrom,
          messageIdHost: config.publicUrl.hostname,
          timeoutMs: settings.smtpTimeoutMs,
        });

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  let wokenDuringRound = false;
  let lastDateScan = -Infinity;
  let lastRoundAt = -Infinity;

  async function deliver(row: ClaimedNotification): Promise<void> {
    const drop = reasonToDrop(row, mailer !== undefined);
    if (drop !== undefined) {
      await markNotificationDone(db, row.id, drop);
      log.info({ outbox: row.id, kind: row.kind, channel: row.channel }, 'notification dropped');
      return;
    }
    // A mail in its member's language; the team's chat room in English.
    const text = notificationText(row.kind, row.teamName, config.publicUrl, row.member?.language);
    try {
      if (row.channel === 'email') {
        // reasonToDrop let it through: the member and their address are there.
        const to = row.member?.email ?? '';
        if (mailer === undefined || to === '') throw new Error('no mailer or address');
        await mailer.send({ outboxId: row.id, to, subject: text.subject, text: text.body });
      } else {
        // Checked again now, not only when saved: what the host name resolves to may have changed.
        const target = await checkWebhookUrl(row.webhookUrl ?? '', config.webhookAllowLoopback);
        const body = JSON.stringify({
          text: text.chat,
          event: row.kind,
          team: row.teamSlug,
          id: row.id,
          sent_at: new Date().toISOString(),
        });
        await postWebhook({
          target,
          secretHex: row.webhookSecret?.toString('hex') ?? '',
          deliveryId: row.id,
          body,
          timeoutMs: settings.webhookTimeoutMs,
        });
      }
    } catch (error) {
      const reason = describeFailure(error);
      const { gaveUp } = await markNotificationFailed(db, row.id, {
        error: reason,
        retryInMs: retryDelayMs(row.attempts, settings.retryBaseMs, settings.retryMaxMs),
        giveUpAfterMs: settings.giveUpAfterMs,
      });
      log.warn(
        { outbox: row.id, kind: row.kind, channel: row.channel, attempts: row.attempts, gave_up: gaveUp },
        `notification not delivered: ${reason}`,
      );
      return;
    }
    await markNotificationDone(db, row.id);
    log.info(
      { outbox: row.id, kind: row.kind, channel: row.channel, attempts: row.attempts },
      'notification delivered',
    );
  }

  async function oneRound(): Promise<void> {
    if (Date.now() - lastDateScan >= settings.dateScanMs) {
      lastDateScan = Date.now();
      try {
        const announced = await announcePassedDates(db);
        if (announced > 0) log.info({ cases: announced }, 'dates passed: notifications queued');
      } catch (error) {
        log.warn({ err: describeFailure(error) }, 'dates passed: the scan failed; it runs again later');
      }
    }
    while (!stopped) {
      const claimed = await claimDueNotifications(db, settings.batchSize, settings.leaseMs);
      // One delivery failing to record its outcome (the database went away) leaves its row to
      // the lease; the others still record theirs.
      const outcomes = await Promise.allSettled(claimed.map(deliver));
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected')
          log.warn({ err: describeFailure(outcome.reason) }, 'notification outcome not recorded');
      }
      if (claimed.length < settings.batchSize) break;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(startRound, delayMs);
    timer.unref();
  }

  function startRound(): void {
    timer = undefined;
    wokenDuringRound = false;
    lastRoundAt = Date.now();
    round = oneRound()
      .catch((error: unknown) => {
        log.warn({ err: describeFailure(error) }, 'notification round failed; trying again shortly');
      })
      .finally(() => {
        round = undefined;
        schedule(wokenDuringRound ? sinceLastRound() : settings.pollMs);
      });
  }

  function wake(): void {
    if (stopped) return;
    if (round !== undefined) wokenDuringRound = true;
    else schedule(sinceLastRound());
  }

  /** Rounds woken by writes start at most every WAKE_GAP_MS: under a burst of reports, not one per report. */
  function sinceLastRound(): number {
    return Math.max(0, lastRoundAt + WAKE_GAP_MS - Date.now());
  }

  const unsubscribe = onOutboxWritten(wake);
  // Straight away: rows left undelivered by an earlier process go out now.
  schedule(0);

  return {
    wake,
    async stop() {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      await round;
      mailer?.close();
    },
  };
}

/** The options that were given, so `undefined` never overrides a default. */
function definedOnly(options: NotificationWorkerOptions): Partial<typeof DEFAULTS> {
  return Object.fromEntries(
    Object.entries(options).filter(([key, value]) => key in DEFAULTS && value !== undefined),
  );
}
