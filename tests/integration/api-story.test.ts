/**
 * The happy path through the real API, every step decrypted by the protocol client, and then
 * the proof that the server kept none of what people typed: the whole database and every log
 * line are searched for each plaintext (in every encoding a careless store could use) and for
 * the client's IP address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, normalizeReceipt, randomBytes, ready, toBase64Url } from '../../crypto/index.js';
import { buildTestApp, startAppServer, type TestApp } from '../helpers/app-server.js';
import {
  acceptInvitation,
  addMember,
  Agent,
  createTeamWithSetupLink,
  downloadAttachment,
  dumpEverything,
  expectReply,
  fetchTransport,
  findSecrets,
  injectAgent,
  invite,
  listCases,
  newReporter,
  newSetupToken,
  openCase,
  openReceiptSession,
  prepareMemberItem,
  postReporterItem,
  readReceiptCase,
  reporterWithoutReceipt,
  signIn,
  signInFast,
  submitReport,
  type AgentOptions,
} from '../helpers/protocol/index.js';

const CLIENT_IP = '203.0.113.9';
const FORWARDED_IP = '198.51.100.77';

interface StoryResult {
  secrets: Record<string, string | Uint8Array>;
  /** Values the server does store: the search must find them, or it proves nothing. */
  stored: Record<string, string | Uint8Array>;
  caseId: string;
}

/**
 * team → invite → join → add → report with attachment → reporter reads status → member reads
 * and replies → reporter reads the reply and answers → the second member reads the answer.
 */
/**
 * With `typed`, people type what they would type: passphrases (Argon2id at sign-in) and the
 * receipt, by hand. Without it, the same story skips those derivations (for the run over real
 * HTTP, which is about the transport) and returns no secrets to look for.
 */
async function tellTheStory(
  browser: (options?: AgentOptions) => Agent,
  setupToken: string,
  expectText: typeof expect,
  typed: boolean,
): Promise<StoryResult> {
  const run = toBase64Url(randomBytes(6));
  const anaPassphrase = `ana's long passphrase ${run}`;
  const benPassphrase = `ben's other passphrase ${run}`;
  const distinctiveRun = randomBytes(32);
  const fileBytes = new Uint8Array(70_000);
  fileBytes.fill(7);
  fileBytes.set(distinctiveRun, 65_520); // across the first secretstream chunk boundary
  const report = {
    summary: `Threats after the deletion debate ${run}`,
    what_happened: `He wrote that he knows where I live and posted my street name. ${run}`,
    involved: [
      { name: `Harasser_McTroll_${run}`, role: 'alleged_harasser' as const },
      { name: `Witness Zoë ${run}`, role: 'witness' as const },
    ],
    contact: { by: 'email' as const, email: `reporter.${run.toLowerCase()}@example.org` },
  };
  const replyText = `Thank you for telling us. Are you safe right now? ${run}`;
  const answerText = `I am safe, but he emailed my employer yesterday. ${run}`;

  // The founding admin sets the team up in the browser with the one-time link, and signs in.
  const anaBrowser = browser();
  const team = await createTeamWithSetupLink(anaBrowser, setupToken, {
    adminName: 'Ana',
    ...(typed ? { passphrase: anaPassphrase } : {}),
  });
  const ana = typed
    ? await signIn(anaBrowser, team.slug, 'Ana', anaPassphrase)
    : await signInFast(anaBrowser, team.slug, team.admin);
  expectText(ana.member).toEqual({ id: team.admin.id, name: 'Ana', role: 'admin' });
  expectText(ana.indexKey).toEqual(team.indexKey);

  // Ben is invited, joins in his own browser, Ana adds him with a signed roster entry.
  const invitation = await invite(ana);
  const benBrowser = browser();
  const benIdentity = await acceptInvitation(benBrowser, invitation.token, {
    name: 'Ben',
    ...(typed ? { passphrase: benPassphrase } : {}),
  });
  expectText(await addMember(ana, benIdentity)).toBe(1);
  const ben = typed
    ? await signIn(benBrowser, team.slug, 'Ben', benPassphrase)
    : await signInFast(benBrowser, team.slug, benIdentity);
  expectText(ben.indexKey).toEqual(team.indexKey);

  // An anonymous reporter sends a report with a file.
  const reporterBrowser = browser();
  const reporter = typed ? newReporter() : reporterWithoutReceipt();
  const sent = await submitReport(reporterBrowser, team.slug, {
    reporter,
    body: report,
    attachments: [{ name: `street-screenshot-${run}.png`, type: 'image/png', bytes: fileBytes }],
  });
  expectText(sent.submission.grants.map((g) => g.to).sort()).toEqual(
    [team.admin.id, benIdentity.id, 'reporter'].sort(),
  );

  // Ana sees it in the list, opens it, acknowledges it with a check-in date, and replies.
  const list = await listCases(ana);
  expectText(list.cases.map((c) => c.summary.id)).toEqual([sent.caseId]);
  expectText(list.cases[0]?.body.summary).toBe(report.summary);
  const anaView = await openCase(ana, sent.caseId);
  expectText(anaView.body.what_happened).toBe(report.what_happened);
  expectText(anaView.body.involved).toEqual(report.involved);
  expectText(anaView.body.contact).toEqual(report.contact);
  const [attachment] = anaView.body.attachments ?? [];
  if (attachment === undefined) throw new Error('the report lists no attachment');
  expectText(anaView.raw.attachments).toEqual([attachment.id]);
  expectText(await downloadAttachment(anaBrowser, attachment)).toEqual(fileBytes);
  // Acknowledging is one request: the message, the status and the check-in date together.
  const acknowledgement = await prepareMemberItem(ana, anaView, { kind: 'message', text: replyText });
  expectReply(
    await ana.agent.patch(`/api/cases/${sent.caseId}`, {
      status: 'acknowledged',
      check_in_by: '2031-11-27T00:00:00Z',
      item: acknowledgement.item,
    }),
    200,
    'PATCH /api/cases/{id}',
  );

  // The reporter comes back on another device with the receipt typed by hand.
  const laterBrowser = browser();
  const handTyped = (reporter.receipt ?? '').toLowerCase().replace(/-/g, ' ');
  const session = await openReceiptSession(laterBrowser, typed ? handTyped : reporter);
  expectText(expectReply<{ case: string }>(session, 200, 'POST /api/receipt/session').case).toBe(sent.caseId);
  const mine = await readReceiptCase(laterBrowser, reporter);
  expectText(mine.raw.status).toBe('acknowledged');
  expectText(mine.raw.check_in_by).toBe('2031-11-27T00:00:00Z');
  expectText(mine.body.what_happened).toBe(report.what_happened);
  expectText(mine.items.map((i) => [i.authorName, i.body.text])).toEqual([['Ana', replyText]]);
  expectText(await downloadAttachment(laterBrowser, attachment)).toEqual(fileBytes);
  await postReporterItem(laterBrowser, reporter, mine, { text: answerText });

  // Ben reads the answer.
  const benView = await openCase(ben, sent.caseId);
  expectText(benView.items.map((i) => [i.authorName, i.raw.kind, i.body.text])).toEqual([
    ['Ana', 'message', replyText],
    ['reporter', 'message', answerText],
  ]);

  if (!typed) return { caseId: sent.caseId, stored: {}, secrets: {} };
  const receipt = reporter.receipt ?? '';
  const anaRecovery = team.admin.recoveryCode ?? '';
  const benRecovery = benIdentity.recoveryCode ?? '';
  expectText(anaRecovery).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  expectText(benRecovery).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  const normalized = normalizeReceipt(receipt);
  return {
    caseId: sent.caseId,
    stored: {
      'lookup hash (bytea)': reporter.keys.lookupHash,
      "Ben's public key (bytea)": benIdentity.keys.enc.publicKey,
      'team slug (text)': team.slug,
      "Ana's key bundle nonce (jsonb)": team.admin.credentials.keys.n,
      'report nonce (bytea)': fromBase64Url(sent.submission.payload.n),
    },
    secrets: {
      'report summary': report.summary,
      'report text': report.what_happened,
      'involved account 1': report.involved[0]?.name ?? '',
      'involved account 1 (normalized)': (report.involved[0]?.name ?? '').replace(/_/g, ' ').toLowerCase(),
      'involved account 2': report.involved[1]?.name ?? '',
      'email address': report.contact.email,
      'file name': `street-screenshot-${run}.png`,
      'attachment bytes': distinctiveRun,
      'reply text': replyText,
      'answer text': answerText,
      'receipt as shown': receipt,
      'receipt normalized': normalized,
      'receipt lowercase': receipt.toLowerCase(),
      'receipt lowercase normalized': normalized.toLowerCase(),
      'receipt as typed': handTyped,
      'lookup value': reporter.keys.lookup,
      'reporter box secret key': reporter.keys.box.secretKey,
      'reporter sign secret key': reporter.keys.sign.secretKey,
      "Ana's passphrase": anaPassphrase,
      "Ben's passphrase": benPassphrase,
      "Ana's recovery code": anaRecovery,
      "Ana's recovery code normalized": normalizeReceipt(anaRecovery),
      "Ben's recovery code": benRecovery,
      "Ben's recovery code normalized": normalizeReceipt(benRecovery),
      "Ana's login auth": team.admin.credentials.auth,
      "Ben's login auth": benIdentity.credentials.auth,
      "Ana's enc secret key": team.admin.keys.enc.secretKey,
      "Ben's sign secret key": benIdentity.keys.sign.secretKey,
      'index key': team.indexKey,
      'report key': sent.reportKey,
      'file key': attachment.key,
    },
  };
}

describe('the whole story through app.inject', () => {
  let t: TestApp;
  let story: StoryResult;
  beforeAll(async () => {
    await ready();
    t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('carries a report from intake to a second member and back, every step decrypted by the clients', async () => {
    const token = await newSetupToken(t.db);
    story = await tellTheStory(
      (options) =>
        injectAgent(t.app, {
          remoteAddress: CLIENT_IP,
          headers: { 'x-forwarded-for': FORWARDED_IP, 'user-agent': 'StoryBrowser/1.0' },
          ...options,
        }),
      token,
      expect,
      true,
    );
  });

  it('keeps none of the plaintext, secrets or keys anywhere in the database', async () => {
    expect(story).toBeDefined();
    const dump = await dumpEverything(t.db);
    expect(dump).toContain('## cases (1 rows)');
    expect(dump).toContain('## items (2 rows)');
    expect(findSecrets(dump, story.stored)).toHaveLength(Object.keys(story.stored).length);
    expect(findSecrets(dump, story.secrets)).toEqual([]);
  });

  it('writes none of them to the logs', () => {
    expect(t.logs.length).toBeGreaterThan(20);
    expect(findSecrets(t.logs.join('\n'), { 'case id in a path': story.caseId })).toHaveLength(1);
    expect(findSecrets(t.logs.join('\n'), story.secrets)).toEqual([]);
  });

  it("records neither the client's address nor the forwarded one, nor the user agent", async () => {
    const dump = await dumpEverything(t.db);
    const logs = t.logs.join('\n');
    for (const needle of [CLIENT_IP, FORWARDED_IP, 'StoryBrowser']) {
      expect(dump).not.toContain(needle);
      expect(logs).not.toContain(needle);
    }
  });
});

describe('the whole story over real HTTP', () => {
  it('works the same with fetch against a listening server', async () => {
    await ready();
    const server = await startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off' } });
    try {
      const token = await newSetupToken(server.db);
      await tellTheStory(
        (options) => new Agent(fetchTransport(server.url), options ?? {}),
        token,
        expect,
        false,
      );
    } finally {
      await server.close();
    }
  });
});
