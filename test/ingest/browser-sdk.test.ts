import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { call, launch, serve, type Served } from '../web/harness.js';

// The browser SDK (@segment/analytics-next, unchanged, its own UMD build) on a shop's page
// in Debian's chromium, pointed at a real `segmint serve` with `cdnURL` alone: it loads its
// settings from Segmint, then sends from the shop's origin (CORS, text/plain, the key in
// the body). Nothing may leave the machine.

const SDK = readFileSync(createRequire(import.meta.url).resolve('@segment/analytics-next/dist/umd/index.js'), 'utf8');

let segmint: Served;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let writeKey: string;

before(async () => {
  segmint = await serve();
  writeKey = (await call<{ key: string }>(segmint, 'POST', '/api/v1/keys', { role: 'write', name: 'shop' })).key;
  shop = createServer((req, res) => {
    if (req.url === '/analytics.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(SDK);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<title>Trail shoes – Shop</title>
<script src="/analytics.js"></script>
<script>
  window.loaded = AnalyticsNext.AnalyticsBrowser.load({ writeKey: ${JSON.stringify(writeKey)}, cdnURL: ${JSON.stringify(segmint.url)} })
    .then(([analytics]) => { window.analytics = analytics; });
</script>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => shop?.close(r));
  await segmint?.close();
});

interface Contact {
  id: string;
  fields: Record<string, unknown>;
  events: { name: string; properties: Record<string, unknown> }[];
}

async function contact(id: string): Promise<Contact | null> {
  const res = await fetch(`${segmint.url}/api/v1/contacts/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${segmint.adminKey}` } });
  return res.status === 404 ? null : ((await res.json()) as Contact);
}

test('analytics-next loads its settings from Segmint and sends a visit: page, identify (merging the visitor), track', async () => {
  const ctx = await browser.newContext();
  const elsewhere: string[] = [];
  await ctx.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    elsewhere.push(route.request().url());
    return route.abort();
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${shopUrl}/products/trail-shoes?color=blue`, { referer: 'https://search.example/?q=shoes' });
  const anonymousId = await page.evaluate(async () => {
    const w = window as unknown as { loaded: Promise<void>; analytics: any };
    await w.loaded;
    await w.analytics.page('Product', { sku: 'TS-1' });
    return w.analytics.user().anonymousId() as string;
  });
  assert.ok(anonymousId);
  // Before identify the visit belongs to the anonymous visitor.
  const deadline = Date.now() + 10_000;
  let anon: Contact | null = null;
  while (Date.now() < deadline && !(anon = await contact(`anon:${anonymousId}`))) await new Promise((r) => setTimeout(r, 100));
  assert.ok(anon, 'the anonymous visitor exists');

  await page.evaluate(async () => {
    const a = (window as unknown as { analytics: any }).analytics;
    await a.identify('u-42', { email: 'anna@example.com', firstName: 'Anna' });
    await a.track('Order Completed', { total: 120.5, currency: 'CHF', orderId: '00042' });
  });
  let known: Contact | null = null;
  while (Date.now() < deadline) {
    known = await contact('u-42');
    if (known?.events.some((e) => e.name === 'Order Completed')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(known, 'the identified contact exists');
  assert.equal(known.fields.email, 'anna@example.com');
  assert.equal(known.fields.first_name, 'Anna');
  const view = known.events.find((e) => e.name === 'page_view');
  assert.ok(view, 'the anonymous page view moved to the known contact');
  assert.equal(view.properties.name, 'Product');
  assert.equal(view.properties.sku, 'TS-1');
  assert.equal(view.properties.path, '/products/trail-shoes');
  assert.equal(view.properties.url, `${shopUrl}/products/trail-shoes?color=blue`);
  assert.equal(view.properties.title, 'Trail shoes – Shop');
  assert.equal(view.properties.referrer, 'https://search.example/?q=shoes');
  const order = known.events.find((e) => e.name === 'Order Completed');
  assert.deepEqual([order?.properties.total, order?.properties.currency, order?.properties.orderId], [120.5, 'CHF', '00042']);
  assert.equal(await contact(`anon:${anonymousId}`), null, 'the visitor was merged into the known contact');
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(errors, []);
  await ctx.close();
});

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
