/**
 * The team console keeps the index key signed and rotated (docs/protocol.md 7, review-notes.md
 * R-5), in Chromium against the real server: an admin's console issues the key, members' browsers
 * take only a grant an active admin signed.
 *
 * One story, step by step, on a team of Ana (founding admin), Omar and Pia (admins), Ben, Cleo
 * and Dan (members):
 *
 *   1. The team looks as migration 0010 leaves a team from before signed grants (epoch 0, no
 *      grants). Ana signs in: her console gives every member a grant of a new key, epoch 1, signed
 *      by her, and tags the cases with it; members' copies verify and hold the same key.
 *   2. Ana removes Dan on the Members page: a new key, epoch 2, for everyone but Dan.
 *   3. Omar signs the grants again (through the API); Ana makes Omar a member: the same key, at
 *      the same epoch, signed again by Ana, since Omar's signatures no longer count.
 *   4. Pia leaves the team from her own console, which cannot rotate: the key is due; Ana's next
 *      sign-in makes epoch 3.
 *   5. Ben's grant is forged (another key sealed to him, the signature left): his console works,
 *      says his copy could not be verified, and tags nothing.
 *   6. Ana removes Eli while the rotation's request cannot get through: the server keeps the key
 *      due, the Members page says the key was not renewed (and keeps saying it after the list is
 *      refreshed without Eli), and renewing it from there makes epoch 4.
 */

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

import {
  blindIndexTagBase64,
  boxPublicKeyFromBase64,
  generateIndexKey,
  keyToBase64,
  ready,
  verifyIndexKeyGrant,
  wrapIndexKey,
  type IndexKey,
} from '../../crypto/index.js';
import { storedTagsOf, tagEpochsOf } from '../helpers/stored-tags.js';
import { describeBrowser, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  BEN_PASSPHRASE,
  createStewards,
  signInToConsole,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import {
  Agent,
  expectReply,
  fetchTeam,
  fetchTransport,
  issueIndexKey,
  joinTeam,
  openSessionIndexKey,
  signInFast,
  submitReport,
  type CreatedTeam,
  type MemberIdentity,
  type SessionJson,
  type SubmittedReport,
} from '../helpers/protocol/index.js';

const STORY = 300_000;
const SLOW = 60_000;
const POLL = { timeout: SLOW, interval: 250 };

const PIA_PASSPHRASE = 'juniper kettle meadow sparrow 18';

interface Watched {
  page: Page;
  requests: Request[];
  problems: string[];
}

/** What a member's sign-in serves about the index key, and the key it holds once checked. */
interface MemberView {
  epoch: number;
  due: boolean;
  /** Null when there is no grant, or its signer is not an active admin (a browser would not use it). */
  key: IndexKey | null;
}

describeBrowser('the index key kept signed and rotated by admins’ consoles in Chromium', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  let team: CreatedTeam;
  const people = new Map<string, MemberIdentity>();
  const reports: SubmittedReport[] = [];
  const contexts: BrowserContext[] = [];
  /** The key of each epoch, as members' sessions opened it. */
  const keys = new Map<number, IndexKey>();

  beforeAll(async () => {
    await ready();
    ({ server, browser, clientDir } = await startServerAndBrowser());
    team = await createStewards(server.db, ANA_PASSPHRASE);
    people.set('Ana', team.admin);
    const ana = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    const joining = [
      { name: 'Ben', passphrase: BEN_PASSPHRASE },
      { name: 'Cleo' },
      { name: 'Dan' },
      { name: 'Omar', role: 'admin' as const },
      { name: 'Pia', role: 'admin' as const, passphrase: PIA_PASSPHRASE },
    ];
    for (const options of joining) people.set(options.name, (await joinTeam(ana, options)).identity);

    const reporter = new Agent(fetchTransport(server.url));
    reports.push(
      await submitReport(reporter, team.slug, {
        body: {
          summary: 'Insults under my edits',
          reporter_role: 'target',
          involved: [{ name: 'Example_Troll', role: 'alleged_harasser' }],
        },
      }),
    );
    reports.push(
      await submitReport(reporter, team.slug, {
        body: {
          summary: 'A noisy talk page',
          reporter_role: 'third_party',
          involved: [{ name: 'Quiet Neighbour', role: 'alleged_harasser' }],
        },
      }),
    );

    // As migration 0010 leaves a team from before signed grants: epoch 0, its unsigned wraps
    // dropped, nothing tagged.
    await server.db.deleteFrom('index_key_grants').where('team_id', '=', team.id).execute();
    await server.db
      .updateTable('teams')
      .set({ index_epoch: 0, index_key_due: false })
      .where('id', '=', team.id)
      .execute();
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  function person(name: string): MemberIdentity {
    const identity = people.get(name);
    if (!identity) throw new Error(`nobody named ${name}`);
    return identity;
  }

  async function openPage(): Promise<Watched> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    const page = await context.newPage();
    const watched: Watched = { page, requests: [], problems: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('pageerror', (error) => watched.problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // The session check answers 401 before anyone has signed in; Chromium logs that fetch.
      if (message.type() === 'error' && !message.text().includes('401'))
        watched.problems.push(message.text());
    });
    return watched;
  }

  async function signInOnPage(page: Page, name: string, passphrase: string): Promise<void> {
    await signInToConsole(page, server.url, { slug: team.slug, name, passphrase });
  }

  async function openMembers(page: Page): Promise<void> {
    await page
      .getByRole('navigation', { name: 'Team console' })
      .getByRole('link', { name: 'Members' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
  }

  function memberCard(page: Page, name: string) {
    return page.locator('.member-card', { has: page.getByRole('heading', { name: new RegExp(`^${name}`) }) });
  }

  /**
   * The team's key as the database holds it: epoch, due flag, the active members, and every grant
   * as "member@epoch by signer" (names, sorted).
   */
  async function keyState(): Promise<{ epoch: number; due: boolean; active: string[]; grants: string[] }> {
    const [row, members, grants] = await Promise.all([
      server.db
        .selectFrom('teams')
        .select(['index_epoch', 'index_key_due'])
        .where('id', '=', team.id)
        .executeTakeFirstOrThrow(),
      server.db
        .selectFrom('members')
        .select(['id', 'name', 'status'])
        .where('team_id', '=', team.id)
        .execute(),
      server.db
        .selectFrom('index_key_grants')
        .select(['member_id', 'epoch', 'signed_by'])
        .where('team_id', '=', team.id)
        .execute(),
    ]);
    const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
    return {
      epoch: row.index_epoch,
      due: row.index_key_due,
      active: members
        .filter((m) => m.status === 'active')
        .map((m) => m.name)
        .sort(),
      grants: grants.map((g) => `${nameOf(g.member_id)}@${String(g.epoch)} by ${nameOf(g.signed_by)}`).sort(),
    };
  }

  /** What keyState should read: every one of `active` holds a grant of `epoch` signed by `signer`. */
  function expected(epoch: number, due: boolean, active: string[], signer: string) {
    const sorted = [...active].sort();
    return {
      epoch,
      due,
      active: sorted,
      grants: sorted.map((name) => `${name}@${String(epoch)} by ${signer}`).sort(),
    };
  }

  /** Every stored grant verifies against the key of the admin it names, for its member of this team. */
  async function expectGrantsVerify(): Promise<void> {
    const grants = await server.db
      .selectFrom('index_key_grants')
      .innerJoin('members as signer', 'signer.id', 'index_key_grants.signed_by')
      .select([
        'index_key_grants.member_id',
        'index_key_grants.epoch',
        'index_key_grants.wrap',
        'index_key_grants.signed_by',
        'index_key_grants.signature',
        'signer.sign_pk',
      ])
      .where('index_key_grants.team_id', '=', team.id)
      .execute();
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) {
      const grant = {
        epoch: g.epoch,
        wrap: g.wrap.toString('base64url'),
        by: g.signed_by,
        sig: g.signature.toString('base64url'),
      };
      expect(
        verifyIndexKeyGrant(keyToBase64(g.sign_pk), grant, { team: team.id, member: g.member_id }),
        `grant of ${g.member_id} at epoch ${String(g.epoch)}`,
      ).toBe(true);
    }
  }

  /**
   * A member signs in through the API: the session reply's epoch and due flag, and the key of its
   * grant, taken as a browser takes it (signed by an active admin of the verified roster).
   */
  async function memberView(name: string): Promise<MemberView> {
    const identity = person(name);
    const agent = new Agent(fetchTransport(server.url));
    const reply = expectReply<SessionJson>(
      await agent.post('/api/session', { team: team.slug, name, auth: identity.credentials.auth }),
      200,
      'POST /api/session',
    );
    const { roster } = await fetchTeam(agent, team.slug);
    return {
      epoch: reply.index_epoch,
      due: reply.index_key_due,
      key: openSessionIndexKey(reply, identity.keys, roster),
    };
  }

  /** The key every one of `names` holds: one, the same for all, of `epoch`. */
  async function sharedKey(names: string[], epoch: number): Promise<IndexKey> {
    const views = await Promise.all(names.map(memberView));
    const [first] = views;
    if (!first?.key) throw new Error(`${names[0] ?? 'nobody'} holds no index key`);
    for (const [i, view] of views.entries()) {
      expect(view.epoch, names[i]).toBe(epoch);
      expect(view.key, `${names[i] ?? ''} holds no key`).not.toBeNull();
      expect(keyToBase64(view.key ?? new Uint8Array()), names[i]).toBe(keyToBase64(first.key));
    }
    return first.key;
  }

  async function issuedEvents(): Promise<{ by: string | null; details: unknown }[]> {
    const rows = await server.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('team_id', '=', team.id)
      .where('action', '=', 'index_key.issued')
      .orderBy('id')
      .execute();
    const names = new Map([...people].map(([name, identity]) => [identity.id, name]));
    return rows.map((r) => ({
      by: r.member_id === null ? null : (names.get(r.member_id) ?? r.member_id),
      details: r.details,
    }));
  }

  /** An `index_key.issued` audit event as issuedEvents lists it. */
  function issued(by: string, epoch: number, newKey: boolean): { by: string; details: unknown } {
    return { by, details: { epoch, new_key: newKey } };
  }

  const tagEpochs = () => tagEpochsOf(server.db, team.id);

  const storedTags = (caseId: string) => storedTagsOf(server.db, caseId);

  /** The tags the two cases of the set-up should carry under `key`. */
  function tagsUnder(key: IndexKey): string[][] {
    return [
      [`involved:${blindIndexTagBase64('Example_Troll', key)}`],
      [`involved:${blindIndexTagBase64('Quiet Neighbour', key)}`],
    ];
  }

  function caseIdOf(index: number): string {
    const report = reports[index];
    if (!report) throw new Error(`no report ${String(index)}`);
    return report.caseId;
  }

  it(
    'gives a team from before signed grants its first signed key when an admin signs in',
    async () => {
      const everyone = ['Ana', 'Ben', 'Cleo', 'Dan', 'Omar', 'Pia'];
      expect(await keyState()).toEqual({ epoch: 0, due: false, active: [...everyone].sort(), grants: [] });
      expect((await memberView('Cleo')).key).toBeNull();

      const ana = await openPage();
      await signInOnPage(ana.page, 'Ana', ANA_PASSPHRASE);
      await expect.poll(keyState, POLL).toEqual(expected(1, false, everyone, 'Ana'));
      await expectGrantsVerify();
      expect(await issuedEvents()).toEqual([issued('Ana', 1, true)]);

      // Every member holds the same key: a new one, not the one the team was made with (whose
      // unsigned copies the migration dropped).
      const key = await sharedKey(everyone, 1);
      expect(keyToBase64(key)).not.toBe(keyToBase64(team.indexKey));
      keys.set(1, key);

      // Ana's browser holds it too: the list, told of the new epoch, tags the cases with the key
      // a member's grant opens to.
      await expect.poll(tagEpochs, POLL).toEqual([1, 1]);
      const [first, second] = tagsUnder(key);
      expect(await storedTags(caseIdOf(0))).toEqual(first);
      expect(await storedTags(caseIdOf(1))).toEqual(second);
      expect(ana.problems).toEqual([]);
    },
    STORY,
  );

  it(
    'rotates the key when an admin removes a member: the removed member gets no grant of the new key',
    async () => {
      const ana = await openPage();
      const { page } = ana;
      await signInOnPage(page, 'Ana', ANA_PASSPHRASE);
      await openMembers(page);
      const dan = memberCard(page, 'Dan');
      await dan.getByRole('button', { name: 'Remove Dan' }).click();
      const dialog = page.getByRole('dialog', { name: 'Remove Dan from Stewards?' });
      await dialog.getByRole('button', { name: 'Remove Dan' }).click();
      await page.getByRole('region', { name: 'Former members' }).getByText('Dan').waitFor({ timeout: SLOW });

      const stay = ['Ana', 'Ben', 'Cleo', 'Omar', 'Pia'];
      await expect.poll(keyState, POLL).toEqual(expected(2, false, stay, 'Ana'));
      await expectGrantsVerify();
      expect(
        await server.db
          .selectFrom('index_key_grants')
          .select('epoch')
          .where('member_id', '=', person('Dan').id)
          .execute(),
      ).toEqual([]);
      // Her sign-in issued nothing (she held the current key): only the removal did.
      expect(await issuedEvents()).toEqual([issued('Ana', 1, true), issued('Ana', 2, true)]);

      const key = await sharedKey(stay, 2);
      expect(keyToBase64(key)).not.toBe(keyToBase64(keys.get(1) ?? new Uint8Array()));
      keys.set(2, key);
      expect((await memberView('Ben')).due).toBe(false);
      // Dan can no longer sign in at all.
      const refused = await new Agent(fetchTransport(server.url)).post('/api/session', {
        team: team.slug,
        name: 'Dan',
        auth: person('Dan').credentials.auth,
      });
      expect(refused.status).toBe(401);

      // Back on the list, Ana's console tags the cases again with the new key: Dan's copy of the
      // old one makes none of the tags in use.
      await page
        .getByRole('navigation', { name: 'Team console' })
        .getByRole('link', { name: 'Cases' })
        .click();
      await expect.poll(tagEpochs, POLL).toEqual([2, 2]);
      const [first, second] = tagsUnder(key);
      expect(await storedTags(caseIdOf(0))).toEqual(first);
      expect(await storedTags(caseIdOf(1))).toEqual(second);
      expect(first).not.toEqual(tagsUnder(keys.get(1) ?? key)[0]);
      expect(ana.problems).toEqual([]);
    },
    STORY,
  );

  it(
    'signs the same key again when an admin makes another admin a member',
    async () => {
      const stay = ['Ana', 'Ben', 'Cleo', 'Omar', 'Pia'];
      // Omar signs every grant again (same key, same epoch): the grants are now his.
      const omar = await signInFast(new Agent(fetchTransport(server.url)), team.slug, person('Omar'));
      if (!omar.indexKey) throw new Error('Omar holds no index key');
      expectReply(await issueIndexKey(omar, omar.indexKey, 2), 204, 'PUT /api/teams/{slug}/index-key');
      expect(await keyState()).toEqual(expected(2, false, stay, 'Omar'));

      const ana = await openPage();
      const { page } = ana;
      await signInOnPage(page, 'Ana', ANA_PASSPHRASE);
      await openMembers(page);
      const card = memberCard(page, 'Omar');
      await card.getByRole('button', { name: 'Make Omar a member' }).click();
      await page
        .getByRole('dialog', { name: 'Make Omar a member?' })
        .getByRole('button', { name: 'Make Omar a member' })
        .click();
      await card.getByRole('button', { name: 'Make Omar an admin' }).waitFor({ timeout: SLOW });

      // Omar's signatures no longer count: Ana signed every grant again, at the same epoch.
      await expect.poll(keyState, POLL).toEqual(expected(2, false, stay, 'Ana'));
      await expectGrantsVerify();
      expect(await issuedEvents()).toEqual([
        issued('Ana', 1, true),
        issued('Ana', 2, true),
        issued('Omar', 2, false),
        issued('Ana', 2, false),
      ]);
      // The same key as before, which members' browsers take again.
      const key = await sharedKey(stay, 2);
      expect(keyToBase64(key)).toBe(keyToBase64(keys.get(2) ?? new Uint8Array()));
      expect(await tagEpochs()).toEqual([2, 2]);
      expect(await card.getByRole('alert').count()).toBe(0);
      expect(ana.problems).toEqual([]);
    },
    STORY,
  );

  it(
    'leaves the key due when an admin leaves the team, and the next admin to sign in makes a new one',
    async () => {
      const pia = await openPage();
      await signInOnPage(pia.page, 'Pia', PIA_PASSPHRASE);
      await openMembers(pia.page);
      const own = memberCard(pia.page, 'Pia');
      await own.getByRole('button', { name: 'Leave the team' }).click();
      await pia.page
        .getByRole('dialog', { name: 'Leave the team?' })
        .getByRole('button', { name: 'Leave the team' })
        .click();
      await pia.page.getByRole('heading', { name: 'Team sign-in' }).waitFor({ timeout: SLOW });

      const stay = ['Ana', 'Ben', 'Cleo', 'Omar'];
      // Her console could not rotate (nor did it issue at sign-in: she held the current key): the
      // server keeps the key due for the next admin.
      await expect.poll(keyState, POLL).toEqual(expected(2, true, stay, 'Ana'));
      const before = [
        issued('Ana', 1, true),
        issued('Ana', 2, true),
        issued('Omar', 2, false),
        issued('Ana', 2, false),
      ];
      expect(await issuedEvents()).toEqual(before);
      expect(await memberView('Ben')).toMatchObject({ epoch: 2, due: true });

      const ana = await openPage();
      await signInOnPage(ana.page, 'Ana', ANA_PASSPHRASE);
      await expect.poll(keyState, POLL).toEqual(expected(3, false, stay, 'Ana'));
      await expectGrantsVerify();
      expect(await issuedEvents()).toEqual([...before, issued('Ana', 3, true)]);
      const key = await sharedKey(stay, 3);
      expect(keyToBase64(key)).not.toBe(keyToBase64(keys.get(2) ?? new Uint8Array()));
      keys.set(3, key);
      expect((await memberView('Cleo')).due).toBe(false);
      expect([...pia.problems, ...ana.problems]).toEqual([]);
    },
    STORY,
  );

  it(
    'refuses a forged grant: the console works, says the copy could not be verified, and tags nothing',
    async () => {
      const fresh = await submitReport(new Agent(fetchTransport(server.url)), team.slug, {
        body: {
          summary: 'Threats by e-mail',
          reporter_role: 'third_party',
          involved: [{ name: 'Forged Key Fan', role: 'alleged_harasser' }],
        },
      });
      // Another key sealed to Ben, his grant's signature left as it was: what a server that
      // wanted to read the tags could serve.
      const ben = person('Ben');
      const forged = wrapIndexKey(generateIndexKey(), boxPublicKeyFromBase64(ben.credentials.enc_pk));
      const updated = await server.db
        .updateTable('index_key_grants')
        .set({ wrap: Buffer.from(forged, 'base64url') })
        .where('member_id', '=', ben.id)
        .where('epoch', '=', 3)
        .executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(1n);
      await expect(memberView('Ben')).rejects.toThrow(/not signed by the admin it names/);

      const watched = await openPage();
      const { page } = watched;
      await signInOnPage(page, 'Ben', BEN_PASSPHRASE);
      // The console works: the list shows every case Ben may see, and a case opens.
      for (const summary of ['Insults under my edits', 'A noisy talk page', 'Threats by e-mail']) {
        await page.getByRole('link', { name: new RegExp(summary) }).waitFor({ timeout: SLOW });
      }
      await page.getByRole('link', { name: /Threats by e-mail/ }).click();
      await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: SLOW });
      const panel = page.getByRole('region', { name: 'Seen before' });
      await panel
        .getByText(
          'Your copy of the team’s account index key could not be verified, so this browser does not use it to compare accounts with other cases. Ask an admin.',
        )
        .waitFor({ timeout: SLOW });

      // Nothing was tagged with the forged key: not the new case, which a browser holding the key
      // tags on opening it, nor any other.
      const puts = watched.requests.filter(
        (r) => r.method() === 'PUT' && /\/api\/cases\/[^/]+\/tags$/.test(r.url()),
      );
      expect(puts.map((r) => r.url())).toEqual([]);
      expect(await storedTags(fresh.caseId)).toEqual([]);
      expect((await tagEpochs()).at(-1)).toBeNull();
      expect(watched.problems).toEqual([]);
    },
    STORY,
  );

  it(
    'tells the admin when the new key after a removal could not be sent, and renews it from the page',
    async () => {
      const admin = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
      people.set('Eli', (await joinTeam(admin, { name: 'Eli' })).identity);
      const ana = await openPage();
      const { page } = ana;
      await signInOnPage(page, 'Ana', ANA_PASSPHRASE);
      await openMembers(page);
      // The connection drops just as the console sends the new key.
      let attempts = 0;
      await page.route('**/api/teams/*/index-key', (route) => {
        attempts += 1;
        return route.abort('internetdisconnected');
      });
      await memberCard(page, 'Eli').getByRole('button', { name: 'Remove Eli' }).click();
      await page
        .getByRole('dialog', { name: 'Remove Eli from Stewards?' })
        .getByRole('button', { name: 'Remove Eli' })
        .click();
      // The list is refreshed once the console is done with the removal, the rotation included.
      await page.getByRole('region', { name: 'Former members' }).getByText('Eli').waitFor({ timeout: SLOW });

      // The console tried to send a new key once; Eli is removed, and the server keeps the key due.
      expect(attempts).toBe(1);
      expect(await keyState()).toEqual(expected(3, true, ['Ana', 'Ben', 'Cleo', 'Omar'], 'Ana'));
      expect(await issuedEvents()).toHaveLength(5);

      // The page says so, and keeps saying it now that Eli's card is gone from the refreshed list.
      const notice = page.getByRole('alert').filter({ hasText: 'The account index key was not renewed' });
      await notice.waitFor({ timeout: SLOW });
      expect(await notice.textContent()).toMatch(
        /Eli was removed, but the team’s account index key could not be renewed/,
      );
      expect(await memberCard(page, 'Eli').count()).toBe(0);
      expect(await notice.count()).toBe(1);

      // Once the connection is back, renewing it from the notice makes epoch 4 for those who stay.
      await page.unroute('**/api/teams/*/index-key');
      await notice.getByRole('button', { name: 'Renew the key now' }).click();
      await notice.waitFor({ state: 'detached', timeout: SLOW });
      await expect
        .poll(keyState, { timeout: SLOW, interval: 100 })
        .toEqual(expected(4, false, ['Ana', 'Ben', 'Cleo', 'Omar'], 'Ana'));
      expect(await issuedEvents()).toHaveLength(6);
    },
    STORY,
  );
});
