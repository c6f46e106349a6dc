/**
 * The team webhook: checking its URL (when an admin saves it, and again before every delivery)
 * and delivering one signed JSON POST.
 *
 * The check resolves the host name and refuses the URL if ANY address it resolves to is not
 * public (address-ranges.ts); the delivery then connects to the very address that was checked,
 * so a DNS answer that changes between the check and the connection (DNS rebinding) cannot send
 * the request inside the network. TLS still verifies the certificate against the host name.
 * No redirect is followed (a 3xx is a failure: following it would reach an address nobody
 * checked), and the whole request has one short deadline.
 */
import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress, refusedAddress } from './address-ranges.js';

/** A host name that does not resolve in this time is treated as one that does not resolve. */
const LOOKUP_TIMEOUT_MS = 5_000;

function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The URL may not be used; `message` says why, for the admin who typed it. */
export class WebhookUrlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlRefused';
  }
}

export interface CheckedWebhook {
  readonly url: URL;
  /** The address the request goes to: one of those the host name resolved to, all of them checked. */
  readonly address: string;
  readonly family: 4 | 6;
}

/** The host of a URL without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Parses and checks a webhook URL; throws WebhookUrlRefused with a message an admin can act on.
 * `resolve` is the DNS lookup (all addresses), replaceable in tests.
 */
export async function checkWebhookUrl(
  text: string,
  allowLoopback: boolean,
  resolve: (host: string) => Promise<{ address: string; family: number }[]> = (host) =>
    lookup(host, { all: true, order: 'verbatim' }),
): Promise<CheckedWebhook> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookUrlRefused('The webhook address is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookUrlRefused('The webhook address must start with https://');
  if (url.username !== '' || url.password !== '')
    throw new WebhookUrlRefused(
      'The webhook address may not carry a user name or password; put any token in the path',
    );
  const host = hostOf(url);
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await withinTime(resolve(host), LOOKUP_TIMEOUT_MS);
    } catch {
      throw new WebhookUrlRefused(`The webhook's host name ${host} could not be found`);
    }
    if (addresses.length === 0)
      throw new WebhookUrlRefused(`The webhook's host name ${host} could not be found`);
  }
  for (const { address } of addresses) {
    const why = refusedAddress(address, allowLoopback);
    if (why !== undefined)
      throw new WebhookUrlRefused(
        `The webhook address must point to a public server on the internet: ${host === address ? why : `${host} resolves to ${address}, and ${why}`}`,
      );
  }
  // Plain http only to this machine (a local bridge, or a test): loopback addresses passed the
  // loop above only if the deployment allows them.
  if (url.protocol === 'http:' && !addresses.every((a) => classifyAddress(a.address) === 'loopback'))
    throw new WebhookUrlRefused('The webhook address must start with https://');
  const first = addresses[0] as { address: string; family: number };
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * The signature header of a delivery: `sha256=` and the hex HMAC-SHA256 of `timestamp + "." +
 * body`, keyed with the secret exactly as the admin was shown it (64 hex characters, as text).
 * The timestamp is signed too, so a receiver that refuses old timestamps refuses replays.
 */
export function webhookSignature(secretHex: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secretHex).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookDelivery {
  readonly target: CheckedWebhook;
  readonly secretHex: string;
  readonly deliveryId: number;
  readonly body: string;
  readonly timeoutMs: number;
}

/** Resolves on any 2xx; rejects with a short reason on anything else, a timeout or a refused connection. */
export function postWebhook(delivery: WebhookDelivery): Promise<void> {
  const { target, secretHex, deliveryId, body, timeoutMs } = delivery;
  const timestamp = String(Math.floor(Date.now() / 1000));
  // Connect to the checked address whatever the resolver would say now (no rebinding).
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve();
    };
    const request = client.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'Confide-Webhook',
          'X-Confide-Delivery': String(deliveryId),
          'X-Confide-Timestamp': timestamp,
          'X-Confide-Signature': webhookSignature(secretHex, timestamp, body),
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        // The answer's body is not needed; read none of it and close the connection.
        response.destroy();
        if (status >= 200 && status < 300) finish();
        else if (status >= 300 && status < 400)
          finish(new Error(`the webhook answered ${status} (a redirect, which is not followed)`));
        else finish(new Error(`the webhook answered ${status}`));
      },
    );
    const deadline = setTimeout(() => {
      finish(new Error(`the webhook did not answer within ${Math.round(timeoutMs / 1000)} s`));
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish(new Error(`the webhook could not be reached (${error.code ?? error.message})`)),
    );
    request.end(body);
  });
}
