import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { NARROW, SCREENSHOTS, WIDE, call, launch, serve, shot, signedIn, type Served } from './harness.js';
import { NOW, START, seed, type Seeded } from './seed.js';

// The web app in a real browser against a real server, clicking and typing as a marketer
// would and reading what the screen shows; the server's API confirms what was stored.

let s: Served;
let seeded: Seeded;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

async function open(path: string, viewport = WIDE): Promise<Page> {
  const ctx = await signedIn(browser, s, viewport);
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  await page.goto(path);
  return page;
}

/** The digits of an element's text as a number ("1,234" → 1234). */
async function numberIn(page: Page, selector: string): Promise<number> {
  const text = await page.locator(selector).first().innerText();
  return Number(text.replace(/[^\d-]/g, ''));
}

async function members(alias: string): Promise<string[]> {
  const r = await call<{ members: string[] }>(s, 'GET', `/api/v1/segments/${alias}/members?limit=10000`);
  return r.members;
}

describe('the web app', { timeout: 1_800_000 }, () => {
  before(async () => {
    s = await serve({ now: START });
    seeded = await seed(s);
    browser = await launch();
  });

  // One test's browser windows close before the next opens its own.
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it('is served at / with the API beside it: the app for its own addresses, JSON for the API, cached assets', { timeout: 180_000 }, async () => {
    const home = await fetch(`${s.url}/segments/zurich`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(home.headers.get('cache-control'), 'no-cache');
    const html = await home.text();
    assert.match(html, /<div id="root">/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, 'index.html names its script');
    const js = await fetch(`${s.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    const missing = await fetch(`${s.url}/assets/nope-123.js`);
    assert.equal(missing.status, 404);
    const api = await fetch(`${s.url}/api/v1/nothing-here`, { headers: { authorization: `Bearer ${s.adminKey}` } });
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /json/);
    const noKey = await fetch(`${s.url}/api/v1/segments`);
    assert.equal(noKey.status, 401);
  });

  it('signs in with an admin key, refuses a wrong one, and keeps the key for the tab only', { timeout: 180_000 }, async () => {
    const ctx = await browser.newContext({ viewport: WIDE, baseURL: s.url, locale: 'en-GB' });
    ctx.setDefaultTimeout(60_000);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto('/segments');
    await page.waitForURL(/\/sign-in/);
    await shot(page, 'sign-in-wide');
    await page.getByLabel('Admin API key').fill('sk_admin_0123456789abcdefghijABCDEFGHIJKL');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The server does not know this key').waitFor();
    await page.getByLabel('Admin API key').fill(seeded.writeKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This is a write key').waitFor();
    await page.getByLabel('Admin API key').fill(s.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/segments$/);
    await page.getByTestId('segments-table').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('segmint.key')), s.adminKey);
    assert.equal(await page.evaluate(() => localStorage.getItem('segmint.key')), null);
    await page.setViewportSize(NARROW);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await shot(page, 'sign-in-narrow');
  });

  it('signs in from a one-time link, once', { timeout: 180_000 }, async () => {
    const { token } = await call<{ token: string }>(s, 'POST', '/api/v1/signin/tokens');
    const ctx = await browser.newContext({ viewport: WIDE, baseURL: s.url, locale: 'en-GB' });
    ctx.setDefaultTimeout(60_000);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`/?token=${token}`);
    await page.waitForURL(/\/segments$/);
    await page.getByTestId('segments-table').waitFor();
    const other = await browser.newContext({ viewport: WIDE, baseURL: s.url });
    other.setDefaultTimeout(60_000);
    contexts.push(other);
    const p2 = await other.newPage();
    await p2.goto(`/?token=${token}`);
    await p2.getByText('The sign-in link did not work').waitFor();
  });

  it('moves a segment\'s count live when an event arrives at /v1/track, without a reload', { timeout: 180_000 }, async () => {
    const page = await open('/segments');
    await page.getByTestId('segments-table').waitFor();
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    const before = await numberIn(page, '[data-testid="members-buyers"]');
    assert.equal(before, (await members('buyers')).length);
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
    const inside = new Set(await members('buyers'));
    const outsider = Array.from({ length: 50 }, (_, i) => `c${String(i + 1).padStart(3, '0')}`).find((id) => !inside.has(id));
    assert.ok(outsider, 'some contact is not a recent buyer');
    const res = await fetch(`${s.url}/v1/track`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${seeded.writeKey}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: outsider, event: 'purchase', properties: { amount: 25, category: 'hats' }, timestamp: NOW, messageId: 'live-count-1' }),
    });
    assert.equal(res.status, 200);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="members-buyers"]')?.textContent?.replace(/\D/g, '')) === n, before + 1);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the page was not reloaded');
    await page.locator('[data-alias="buyers"]').getByText('live').waitFor();
    await shot(page, 'segments-live-wide');
  });

  it('shows a segment\'s members, includes a contact by hand and excludes a member', { timeout: 180_000 }, async () => {
    const page = await open('/segments/zurich');
    const table = page.getByTestId('members-table');
    await table.waitFor();
    const listed = await table.locator('tbody tr').count();
    assert.equal(listed, (await members('zurich')).length);
    assert.ok(!(await members('zurich')).includes('c001'));

    await page.getByRole('button', { name: 'Include a contact' }).first().click();
    await page.getByRole('dialog').getByLabel('Find a contact').fill('c001');
    await page.getByRole('button', { name: /Pick .*\(c001\)/ }).click();
    await page.getByTestId('manual-decisions').getByText('c001').waitFor();
    assert.ok((await members('zurich')).includes('c001'));
    await table.locator('[data-contact="c001"]').waitFor();

    await page.getByRole('button', { name: 'Exclude c004' }).click();
    await page.getByRole('button', { name: 'Undo the decision on c004' }).waitFor();
    assert.ok(!(await members('zurich')).includes('c004'));
    const seg = await call<{ manual: { include: string[]; exclude: string[] } }>(s, 'GET', '/api/v1/segments/zurich');
    assert.deepEqual(seg.manual, { include: ['c001'], exclude: ['c004'] });
    await shot(page, 'segment-members-wide');

    // Undo both: the definition decides again.
    await page.getByRole('button', { name: 'Undo the decision on c004' }).click();
    await page.getByRole('button', { name: 'Undo the decision on c001' }).click();
    await page.getByTestId('manual-decisions').waitFor({ state: 'detached' });
    assert.ok((await members('zurich')).includes('c004'));
    assert.ok(!(await members('zurich')).includes('c001'));
  });

  it('saves a copy of a segment from the list and shows its members', { timeout: 180_000 }, async () => {
    const page = await open('/segments');
    await page.getByRole('button', { name: 'Actions for VIP or Gold' }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    await page.waitForURL((u) => /^\/segments\/vip_or_gold\w*copy\w*$/.test(u.pathname));
    const alias = new URL(page.url()).pathname.split('/')[2];
    await page.getByTestId('members-table').waitFor();
    const count = await numberIn(page, '[data-testid="segment-members"]');
    assert.equal(count, (await members('vip_gold')).length);
    assert.equal((await members(alias)).length, count);
    assert.equal(await page.getByTestId('members-table').locator('tbody tr').count(), count);
    // Delete the copy again; the list no longer has it.
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Delete segment' }).click();
    await page.waitForURL(/\/segments$/);
    const list = await call<{ alias: string }[]>(s, 'GET', '/api/v1/segments');
    assert.ok(!list.some((x) => x.alias === alias));
  });

  it('refuses to delete a segment other segments use, and names them', { timeout: 180_000 }, async () => {
    const page = await open('/segments');
    await page.getByRole('button', { name: 'Actions for Zürich', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Zürich buyers').first().waitFor();
    await dialog.getByRole('button', { name: 'Delete segment' }).click();
    await dialog.getByText('Refused').waitFor();
    assert.match(await dialog.innerText(), /zurich_buyers/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.ok((await call<{ alias: string }[]>(s, 'GET', '/api/v1/segments')).some((x) => x.alias === 'zurich'));
  });

  it('explains why a contact is in one segment and not in another', { timeout: 180_000 }, async () => {
    const contact = await call<{ segments: string[]; fields: Record<string, unknown> }>(s, 'GET', '/api/v1/contacts/c004');
    assert.ok(contact.segments.includes('zurich'));
    assert.ok(!contact.segments.includes('vip_gold'));
    const page = await open('/contacts/c004');
    await page.getByTestId('contact-segments').waitFor();

    await page.getByRole('button', { name: 'Zürich: in. Show why' }).click();
    const yes = page.locator('[data-segment="zurich"] [data-testid="explain"]');
    await yes.waitFor();
    const yesNode = yes.locator('li[data-path=""]');
    assert.equal(await yesNode.getAttribute('data-result'), 'true');
    assert.match(await yesNode.innerText(), /city = "Zürich"/);
    assert.match(await yesNode.innerText(), /saw "Zürich"/);

    await page.getByRole('button', { name: 'VIP or Gold: out. Show why' }).click();
    const no = page.locator('[data-segment="vip_gold"] [data-testid="explain"]');
    await no.waitFor();
    const noNode = no.locator('li[data-path=""]');
    assert.equal(await noNode.getAttribute('data-result'), 'false');
    assert.match(await noNode.innerText(), /plan in \("VIP", "Gold"\)/);
    assert.match(await noNode.innerText(), new RegExp(`saw "${String(contact.fields.plan)}"`));

    // A nested one: true at the top because both references hold.
    await page.getByRole('button', { name: 'Zürich buyers: in. Show why' }).click();
    const nested = page.locator('[data-segment="zurich_buyers"] [data-testid="explain"]');
    await nested.waitFor();
    assert.equal(await nested.locator('li[data-result="true"]').count(), 3);
    await page.getByTestId('membership-history').waitFor();
    assert.match(await page.getByTestId('membership-history').innerText(), /Zürich/);
    await shot(page, 'contact-why-wide');
  });

  it('imports a CSV with mapped columns and one bad row, and reports it', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segmint-web-import-'));
    try {
      const file = join(dir, 'newsletter-signups.csv');
      writeFileSync(file, [
        'Contact ID,First Name,E-Mail,Points,Favourite colour',
        'n001,Olga,olga@example.com,120,blue',
        'n002,Pia,pia@example.com,lots,green',
        'n003,Rui,rui@example.com,80,red',
      ].join('\n') + '\n');
      const page = await open('/import');
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByTestId('mapping-table').waitFor();
      assert.match(await page.getByRole('combobox', { name: 'Column First Name becomes' }).inputValue(), /first_name/);
      assert.match(await page.getByRole('combobox', { name: 'Column E-Mail becomes' }).inputValue(), /email/);
      assert.match(await page.getByRole('combobox', { name: 'Column Contact ID becomes' }).inputValue(), /\(id\)/);
      assert.match(await page.getByRole('combobox', { name: 'Column Points becomes' }).inputValue(), /points/);
      assert.match(await page.getByRole('combobox', { name: 'Column Favourite colour becomes' }).inputValue(), /Skip/);
      await page.getByRole('combobox', { name: 'Column Favourite colour becomes' }).click();
      await page.getByRole('option', { name: /New field “Favourite colour”/ }).click();
      await page.getByText('One new field will be created').waitFor();
      await shot(page, 'import-mapping-wide');

      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      const preview = page.getByTestId('preview-table');
      await preview.waitFor();
      await preview.locator('tr[data-line="3"] td[aria-invalid="true"]').waitFor();
      assert.match(await preview.locator('tr[data-line="3"] td[aria-invalid="true"]').innerText(), /lots/);
      assert.equal(await preview.locator('td[aria-invalid="true"]').count(), 1);
      await shot(page, 'import-preview-wide');

      await page.getByRole('button', { name: 'Import 3 rows' }).click();
      const report = page.getByTestId('import-report');
      await report.waitFor();
      assert.match(await report.innerText(), /Rows refused\s*1/);
      const rejects = page.getByTestId('rejects-table');
      assert.equal(await rejects.locator('tbody tr').count(), 1);
      assert.match(await rejects.innerText(), /^3$/m);
      assert.match(await rejects.innerText(), /points/);
      await shot(page, 'import-report-wide');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download refused rows (CSV)' }).click()]);
      const saved = join(dir, 'rejected.csv');
      await download.saveAs(saved);
      const csv = readFileSync(saved, 'utf8');
      assert.match(csv.split('\n')[0], /^line,reasons,/);
      assert.match(csv, /^3,.*points.*n002/m);

      const olga = await call<{ fields: Record<string, unknown> }>(s, 'GET', '/api/v1/contacts/n001');
      assert.equal(olga.fields.first_name, 'Olga');
      assert.equal(olga.fields.email, 'olga@example.com');
      assert.equal(olga.fields.points, 120);
      assert.equal(olga.fields.favourite_colour, 'blue');
      await assert.rejects(call(s, 'GET', '/api/v1/contacts/n002'), /404/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restores an earlier version of a definition', { timeout: 180_000 }, async () => {
    const page = await open('/segments/big_spenders?tab=history');
    const table = page.getByTestId('versions-table');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 2);
    await page.getByTestId('version-diff').waitFor();
    assert.match(await page.getByTestId('version-diff').innerText(), />= 300/);
    await shot(page, 'segment-history-wide');
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('button', { name: 'Restore this version' }).click();
    await table.locator('tbody tr').nth(2).waitFor();
    await table.locator('tr[data-version="3"]').getByText('restored 1').waitFor();
    await page.getByTestId('segment-dsl').filter({ hasText: '>= 300' }).waitFor();
    const seg = await call<{ dsl: string; members: number }>(s, 'GET', '/api/v1/segments/big_spenders');
    assert.match(seg.dsl, />= 300/);
    assert.equal(await numberIn(page, '[data-testid="segment-members"]'), seg.members);
  });

  it('creates a webhook and shows its deliveries', { timeout: 180_000 }, async () => {
    const received: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => { body += d.toString(); });
      req.on('end', () => { received.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> }); res.writeHead(204).end(); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    try {
      const page = await open('/segments/vip_gold?tab=webhooks');
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page.getByLabel('Receiver URL').fill(url);
      await page.getByRole('dialog').getByRole('button', { name: 'Add webhook' }).click();
      const secret = await page.getByTestId('secret').innerText();
      assert.match(secret, /^whsec_/);
      await shot(page, 'webhook-secret-wide');
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByTestId('webhooks').getByText(url).waitFor();

      // c004 is on the Free plan: made Gold, it enters "VIP or Gold".
      await call(s, 'POST', '/api/v1/contacts', { id: 'c004', plan: 'Gold' });
      const deadline = Date.now() + 20_000;
      while (!received.some((r) => r.body.type === 'segment.entered') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const entered = received.find((r) => r.body.type === 'segment.entered');
      assert.ok(entered, 'the receiver got segment.entered');
      assert.deepEqual((entered.body.data as Record<string, unknown>).segment, 'vip_gold');
      assert.equal((entered.body.data as Record<string, unknown>).contactId, 'c004');
      assert.ok(entered.headers['webhook-signature']);

      await page.getByRole('button', { name: 'Show the delivery log' }).click();
      const log = page.getByTestId('delivery-log');
      await log.getByText('delivered').first().waitFor();
      await page.getByRole('button', { name: 'Send test' }).click();
      await page.getByText('Test delivered').waitFor();
      await log.getByText('test').first().waitFor();
      assert.ok(received.some((r) => r.body.type === 'webhook.test'));
      await shot(page, 'segment-webhooks-wide');
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('shows every page wide and narrow, each with its content', { timeout: 900_000 }, async () => {
    const pages: [string, string, string][] = [
      ['segments', '/segments', '[data-testid="segments-table"], [data-testid="segments-cards"]'],
      ['segment-members', '/segments/zurich', '[data-testid="members-table"]'],
      ['segment-analytics', '/segments/buyers?tab=analytics', '.recharts-surface'],
      ['segment-upcoming', '/segments/cart_abandoners?tab=upcoming', '[data-testid="upcoming-table"]'],
      ['segment-history', '/segments/big_spenders?tab=history', '[data-testid="version-diff"]'],
      ['segment-webhooks', '/segments/vip_gold?tab=webhooks', '[data-testid="webhooks-panel"][data-state="ready"]'],
      ['segment-editor', '/segments/zurich_buyers/edit', 'main h1, main h2'],
      ['segment-new', '/segments/new', 'main h1, main h2'],
      ['contacts', '/contacts', 'main h1'],
      ['contact', '/contacts/c004', '[data-testid="contact-segments"]'],
      ['fields', '/fields', '[data-testid="fields-table"]'],
      ['import', '/import', 'input[type="file"]'],
      ['settings', '/settings', 'main h1'],
      ['settings-keys', '/settings?tab=keys', '[data-testid="keys-table"]'],
      ['settings-webhooks', '/settings?tab=webhooks', '[data-testid="webhooks-panel"][data-state="ready"]'],
      ['not-found', '/no/such/page', 'main h1'],
    ];
    for (const [label, viewport] of [['wide', WIDE], ['narrow', NARROW]] as const) {
      const ctx = await signedIn(browser, s, viewport);
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      for (const [name, path, ready] of pages) {
        await page.goto(path);
        await page.locator(ready).first().waitFor({ state: 'attached' });
        if (name === 'segment-analytics') {
          await page.getByRole('combobox', { name: 'Compare with' }).click();
          await page.getByRole('option', { name: /Zürich \(zurich\)/ }).click();
          await page.getByTestId('overlap').waitFor();
        }
        if (name === 'contact') {
          await page.getByRole('button', { name: 'Zürich buyers: in. Show why' }).click();
          await page.locator('[data-segment="zurich_buyers"] [data-testid="explain"]').waitFor();
        }
        // (Not "networkidle": the change stream keeps a connection open for as long as the page lives.)
        await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
        await shot(page, `${name}-${label}`);
        // Nothing sticks out sideways: wide tables scroll inside their own box.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${name} (${label}) is ${overflow}px wider than the window`);
      }
      await ctx.close();
    }
    assert.deepEqual(errors, []);
  });

  // Last: it adds contacts the other tests do not expect.
  it('shows the first 100 upcoming changes with the totals of all, and more on request', { timeout: 180_000 }, async () => {
    // 120 new carts, 47 hours old: each contact enters cart_abandoners when its 48 hours are up.
    const at = Date.parse(NOW) - 47 * 3_600_000;
    await call(s, 'POST', '/api/v1/events', Array.from({ length: 120 }, (_, i) => ({
      contact_id: `cart-${String(i).padStart(3, '0')}`, name: 'cart_add', ts: new Date(at + i * 1000).toISOString(), message_id: `more-${i}`,
    })));
    const all = await call<{ entering: number; leaving: number; upcoming: unknown[] }>(s, 'GET', '/api/v1/segments/cart_abandoners/upcoming?days=7');
    const total = all.entering + all.leaving;
    assert.ok(total > 120 && all.upcoming.length === total);
    const page = await open('/segments/cart_abandoners?tab=upcoming');
    const rows = page.locator('[data-testid="upcoming-table"] tbody tr');
    await page.getByText(`The first 100 of ${total} are shown.`).waitFor();
    assert.equal(await rows.count(), 100);
    await page.getByText(`${all.entering} will enter and ${all.leaving} will leave`, { exact: false }).waitFor();
    const more = page.getByRole('button', { name: `Show ${total - 100} more` });
    await more.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'segment-upcoming-first-100-wide.png') });
    await more.click();
    await page.getByText('are shown.').waitFor({ state: 'detached' });
    assert.equal(await rows.count(), total);
    await shot(page, 'segment-upcoming-more-wide');
    assert.deepEqual(errors, []);
  });
});
