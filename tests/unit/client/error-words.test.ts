// The words a person reads for a failure with a code (client/src/lib/error-words.ts, through
// lib/format.ts errorText): every code of the server, the client and the Workers has words of the
// client's own, chosen by code and not taken from the (English) message; a code the page does not
// know shows the caller's words, except to English readers, who keep the message.
import { readFileSync, readdirSync } from 'node:fs';
import { i18n } from '@lingui/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ERROR_CODES } from '../../../contract/errors.js';
import { ConfideCryptoError } from '../../../crypto/errors.js';
import { CLIENT_ERROR_CODES, WORKER_RPC_ERROR_CODES } from '../../../client/src/lib/error-codes.js';
import { errorText } from '../../../client/src/lib/error-words.js';

/**
 * The API client and the Worker channel are written for the browser's module resolution and
 * types, not the tests' type-check: imported through a path the type-check does not follow, so
 * that these are their real classes all the same.
 */
type ApiErrorClass = new (
  status: number,
  code: string,
  message: string,
  details?: Readonly<Record<string, unknown>>,
) => Error & { readonly details: Readonly<Record<string, unknown>> };
type WorkerErrorClass = new (code: string, message: string) => Error;
let ApiError: ApiErrorClass;
let WorkerError: WorkerErrorClass;
let errorFromBody: (status: number, body: unknown, retryAfter?: string | null) => InstanceType<ApiErrorClass>;

beforeAll(async () => {
  const lib = '../../../client/src/lib/';
  const apiClient = (await import(`${lib}api-client.js`)) as {
    ApiError: ApiErrorClass;
    errorFromBody: typeof errorFromBody;
  };
  ({ ApiError, errorFromBody } = apiClient);
  ({ WorkerError } = (await import(`${lib}worker-rpc.js`)) as { WorkerError: WorkerErrorClass });
});

const FALLBACK = 'The caller’s own words.';
const SERVER_SAID = 'What the server said, in English.';

/** Reads as another language would: no catalog, so each message shows its English source text. */
function inSpanish(): void {
  i18n.loadAndActivate({ locale: 'es', messages: {} });
}

afterEach(() => {
  i18n.loadAndActivate({ locale: 'en', messages: {} });
});

/** Words of the table: not the fallback, the code or the message the error was made with. */
function expectOwnWords(words: string, code: string): void {
  expect(words.trim()).not.toBe('');
  expect(words).not.toBe(FALLBACK);
  expect(words).not.toBe(code);
  expect(words).not.toContain(SERVER_SAID);
  expect(words).toMatch(/[.!?]$/);
}

describe('the server’s codes', () => {
  it('has words of its own for every code of the contract, in English and in any other language', () => {
    for (const code of ERROR_CODES) {
      expectOwnWords(errorText(new ApiError(400, code, SERVER_SAID), FALLBACK), code);
    }
    inSpanish();
    for (const code of ERROR_CODES) {
      expectOwnWords(errorText(new ApiError(400, code, SERVER_SAID), FALLBACK), code);
    }
  });

  it('shows the table’s words for a known code, whatever the message says', () => {
    const refused = new ApiError(401, 'receipt_unknown', 'Some other text');
    expect(errorText(refused, FALLBACK)).toBe(
      'We could not find a report for that receipt. Please check it and try again.',
    );
    expect(errorText(new ApiError(403, 'current_passphrase_wrong', SERVER_SAID), FALLBACK)).toBe(
      'Your current passphrase is not right.',
    );
    expect(errorText(new ApiError(410, 'setup_link_used', SERVER_SAID), FALLBACK)).toContain(
      'run npm run confide -- setup-link on the server',
    );
  });

  it('takes the same words when a Worker passes the API’s refusal on', () => {
    expect(errorText(new WorkerError('unauthorized', SERVER_SAID), FALLBACK)).toBe(
      errorText(new ApiError(401, 'unauthorized', SERVER_SAID), FALLBACK),
    );
  });
});

describe('a code the page does not know', () => {
  const unknown = () => new ApiError(409, 'a_code_from_a_newer_server', SERVER_SAID);

  it('shows the caller’s words in another language, never the English message', () => {
    inSpanish();
    expect(errorText(unknown(), FALLBACK)).toBe(FALLBACK);
    expect(errorText(new WorkerError('A_NEWER_WORKER_CODE', SERVER_SAID), FALLBACK)).toBe(FALLBACK);
  });

  it('keeps the message for English readers, as they were shown before', () => {
    expect(errorText(unknown(), FALLBACK)).toBe(SERVER_SAID);
  });

  it('shows the caller’s words for an error without a code (a bug, a browser error)', () => {
    expect(errorText(new TypeError('x is undefined'), FALLBACK)).toBe(FALLBACK);
    expect(errorText('not even an error', FALLBACK)).toBe(FALLBACK);
  });
});

describe('what a reply adds', () => {
  it('names the day an appeal is taken from, or says the case is open again', () => {
    const from = new ApiError(409, 'appeal_too_early', SERVER_SAID, {
      appeal_after: '2027-03-01T12:00:00.000Z',
    });
    expect(errorText(from, FALLBACK)).toBe(
      'It is too soon to appeal this decision: the team takes appeals of it from March 1, 2027.',
    );
    const reopened = new ApiError(409, 'appeal_too_early', SERVER_SAID, { appeal_after: null });
    expect(errorText(reopened, FALLBACK)).toMatch(/looking at this case again/);
    expect(errorText(new ApiError(409, 'appeal_too_early', SERVER_SAID), FALLBACK)).toMatch(/too soon/);
  });

  it('says how long to wait after too many attempts, in whole minutes', () => {
    const limited = (retryAfter: string | null) =>
      errorText(
        errorFromBody(429, { error: { code: 'rate_limited', message: SERVER_SAID } }, retryAfter),
        FALLBACK,
      );
    expect(limited('900')).toBe('Too many attempts. Please wait 15 minutes and try again.');
    expect(limited('30')).toBe('Too many attempts. Please wait 1 minute and try again.');
    // No wait given, or given as a date (the server sends seconds): no number is made up.
    expect(limited(null)).toBe('Too many attempts. Please wait a few minutes and try again.');
    expect(limited('Wed, 21 Oct 2026 07:28:00 GMT')).toBe(limited(null));
  });

  it('keeps the reply’s own fields beside the wait', () => {
    const error = errorFromBody(
      409,
      { error: { code: 'index_epoch_changed', message: 'm', index_epoch: 3 } },
      '5',
    );
    expect(error.details).toEqual({ index_epoch: 3, retry_after: 5 });
    expect(errorFromBody(409, { error: { code: 'x', message: 'm' } }).details).toEqual({});
  });
});

describe('the client’s own codes', () => {
  it('keeps the message the client wrote for English readers', () => {
    const offline = new ApiError(0, 'network_error', 'We could not reach Confide to send a file.');
    expect(errorText(offline, FALLBACK)).toBe('We could not reach Confide to send a file.');
  });

  it('has words for every one in another language', () => {
    inSpanish();
    for (const code of CLIENT_ERROR_CODES) {
      expectOwnWords(errorText(new ApiError(0, code, SERVER_SAID), FALLBACK), code);
    }
    expect(errorText(new ApiError(418, 'http_error', SERVER_SAID), FALLBACK)).toBe(
      'The request could not be completed (error 418).',
    );
  });
});

/** The codes the keyring's Worker code throws, read from its sources, and crypto's. */
function workerCodes(): string[] {
  const lib = new URL('../../../client/src/lib/', import.meta.url);
  const keyring = new URL('keyring/', lib);
  const sources = [
    ...readdirSync(keyring).map((name) => readFileSync(new URL(name, keyring), 'utf8')),
    readFileSync(new URL('crypto-host.worker.ts', lib), 'utf8'),
  ].join('\n');
  const thrown = [
    ...sources.matchAll(/(?:fail|WorkerError)\(\s*'([A-Z_]+)'/g),
    ...sources.matchAll(/\{ code: '([A-Z_]+)' \}\)/g),
  ].map((m) => m[1] as string);
  const errors = new URL('../../../crypto/errors.ts', import.meta.url);
  const crypto = [...readFileSync(errors, 'utf8').matchAll(/^\s+\| '([A-Z_]+)'/gm)].map(
    (m) => m[1] as string,
  );
  return [...new Set([...thrown, ...crypto, ...WORKER_RPC_ERROR_CODES])];
}

describe('what comes back from the Workers and crypto', () => {
  it('has words for every code the Workers and crypto throw, not their messages for developers', () => {
    const codes = workerCodes();
    expect(codes).toEqual(expect.arrayContaining(['LOCKED', 'NO_PAGE', 'BAD_REFERRAL', 'TAMPERED']));
    inSpanish();
    for (const code of codes) {
      expectOwnWords(errorText(new WorkerError(code, SERVER_SAID), FALLBACK), code);
    }
  });

  it('words crypto’s own error by its code', () => {
    const altered = new ConfideCryptoError('TAMPERED', 'secretstream chunk failed to authenticate');
    expect(errorText(altered, FALLBACK)).toMatch(/did not pass this browser’s checks/);
  });
});

describe('errors this page made with words for people', () => {
  it('shows their message, in any language', () => {
    const untrusted = Object.assign(new Error('The member list does not pass this browser’s checks.'), {
      code: 'roster_untrusted',
    });
    inSpanish();
    expect(errorText(untrusted, FALLBACK)).toBe('The member list does not pass this browser’s checks.');
  });
});
