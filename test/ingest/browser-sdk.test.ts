import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { call, launch, serve, type Served } from '../web/harness.js';
import { contactOf, isolatedPage, openShop, storedVisit, until, type Shop, type StoredContact } from './shop.js';

// The browser SDKs, unchanged, in their own builds, on a shop's page in Debian's chromium,
// pointed at a real `segmint serve` with their host alone (@segment/analytics-next:
// `cdnURL`; @rudderstack/analytics-js: `configUrl` and Segmint as its data plane;
// @jitsu/js: `host`, its key as `ID:KEY`): Segment's and RudderStack's load their settings from Segmint, and all
// send from the shop's origin (CORS; text/plain with the key in the body, JSON with Basic
// auth, or JSON to /api/s/ with X-Write-Key). Nothing may leave the machine.

const require = createRequire(import.meta.url);
const SCRIPTS: Record<string, string> = {
  '/analytics.js': readFileSync(require.resolve('@segment/analytics-next/dist/umd/index.js'), 'utf8'),
  // Its main entry is dist/npm/modern/cjs/index.cjs; the build with its plugins inside sits beside it.
  // Jitsu's ES module has no imports of its own: a page imports it as a bundler would.
  '/jitsu.js': readFileSync(join(dirname(require.resolve('@jitsu/js')), 'jitsu.es.js'), 'utf8'),
  '/rudder.js': readFileSync(join(dirname(require.resolve('@rudderstack/analytics-js')), '..', 'bundled', 'umd', 'index.js'), 'utf8'),
};

let segmint: Served;
let shop: Shop;
let browser: Browser;
let writeKey: string;

before(async () => {
  segmint = await serve();
  writeKey = (await call<{ key: string }>(segmint, 'POST', '/api/v1/keys', { role: 'write', name: 'shop' })).key;
  // /rudder/… pages load the RudderStack SDK, /jitsu/… Jitsu's, every other page Segment's.
  shop = await openShop(SCRIPTS, (path) => path.startsWith('/jitsu/')
    ? `<script>window.loaded = new Promise((resolve) => { window.jitsuLoaded = resolve; });</script>
<script type="module">
  import { jitsuAnalytics } from '/jitsu.js';
  window.analytics = jitsuAnalytics({ host: ${JSON.stringify(segmint.url)}, writeKey: ${JSON.stringify(`shop:${writeKey}`)} });
  window.jitsuLoaded();
</script>`
    : path.startsWith('/rudder/')
    ? `<script src="/rudder.js"></script>
<script>
  const ra = new rudderanalytics.RudderAnalytics();
  ra.load(${JSON.stringify(writeKey)}, ${JSON.stringify(segmint.url)}, { configUrl: ${JSON.stringify(segmint.url)}, logLevel: 'ERROR' });
  window.loaded = new Promise((resolve) => ra.ready(() => { window.analytics = ra; resolve(); }));
</script>`
    : `<script src="/analytics.js"></script>
<script>
  window.loaded = AnalyticsNext.AnalyticsBrowser.load({ writeKey: ${JSON.stringify(writeKey)}, cdnURL: ${JSON.stringify(segmint.url)} })
    .then(([analytics]) => { window.analytics = analytics; });
</script>`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await shop?.close();
  await segmint?.close();
});

const contact = (id: string): Promise<StoredContact | null> => contactOf(segmint, id);

/** Each SDK's page, by the path its page is served at. */
const SDKS = { segment: '/products/trail-shoes', jitsu: '/jitsu/products/trail-shoes', rudder: '/rudder/products/trail-shoes' } as const;
type Sdk = keyof typeof SDKS;

// Run in the page. All three name the calls alike; RudderStack's return nothing to await.
async function viewProduct(sdk: Sdk): Promise<string> {
  const w = window as unknown as { loaded: Promise<void>; analytics: any };
  await Promise.race([w.loaded, new Promise((_, fail) => setTimeout(() => fail(new Error('the SDK did not load in 10 s')), 10_000))]);
  await w.analytics.page('Product', { sku: 'TS-1' });
  if (sdk === 'rudder') return w.analytics.getAnonymousId();
  const user = w.analytics.user();
  return sdk === 'jitsu' ? user.anonymousId : user.anonymousId();
}

async function buy(userId: string): Promise<void> {
  const a = (window as unknown as { analytics: any }).analytics;
  await a.identify(userId, { email: `${userId}@example.com`, firstName: 'Anna' });
  await a.track('Order Completed', { total: 120.5, currency: 'CHF', orderId: '00042' });
}

for (const [sdk, path] of Object.entries(SDKS) as [Sdk, string][]) {
  test(`${sdk}: loads its settings from Segmint and sends a visit: page, identify (merging the visitor), track`, async () => {
    const userId = `${sdk}-42`;
    const { page, elsewhere, errors, close } = await isolatedPage(browser);
    await page.goto(`${shop.url}${path}?color=blue`, { referer: 'https://search.example/?q=shoes' });
    const anonymousId = await page.evaluate(viewProduct, sdk);
    assert.ok(anonymousId);
    // Before identify the visit belongs to the anonymous visitor.
    await until('the anonymous visitor', () => contact(`anon:${anonymousId}`));

    await page.evaluate(buy, userId);
    const view = await storedVisit(segmint, userId, new URL(`${shop.url}${path}?color=blue`));
    assert.equal(view.properties.name, 'Product');
    assert.equal(view.properties.sku, 'TS-1');
    assert.equal(await contact(`anon:${anonymousId}`), null, 'the visitor was merged into the known contact');
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(errors, []);
    await close();
  });
}

test('the settings route names this server; an unknown key gets 404', async () => {
  const res = await fetch(`${segmint.url}/v1/projects/${writeKey}/settings`, { headers: { origin: 'https://shop.example', 'x-forwarded-proto': 'https' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const body = (await res.json()) as { integrations: Record<string, { apiKey: string; apiHost: string; protocol: string }> };
  assert.deepEqual(body.integrations['Segment.io'], { apiKey: writeKey, apiHost: `${new URL(segmint.url).host}/v1`, protocol: 'https' });
  const bad = await fetch(`${segmint.url}/v1/projects/wk_nobody/settings`);
  assert.equal(bad.status, 404);
  assert.equal(((await bad.json()) as { error: { path: string } }).error.path, 'writeKey');
});

test('the RudderStack source config: an enabled source with no destinations; an unknown key gets 404', async () => {
  const basic = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  const res = await fetch(`${segmint.url}/sourceConfig/?p=npm&v=3.34.1&build=modern&writeKey=${writeKey}`, { headers: { authorization: basic } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const body = (await res.json()) as { source: { enabled: boolean; destinations: unknown[]; writeKey: string } };
  assert.deepEqual([body.source.enabled, body.source.destinations, body.source.writeKey], [true, [], writeKey]);
  const preflight = await fetch(`${segmint.url}/sourceConfig/`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/i);
  const bad = await fetch(`${segmint.url}/sourceConfig/?writeKey=wk_nobody`);
  assert.equal(bad.status, 404);
});
