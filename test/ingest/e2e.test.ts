import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { jitsuAnalytics } from '@jitsu/js';
import { ingestRouteModule } from '../../src/ingest/index.js';
import { startLive } from '../../src/realtime/live-workspace.js';
import type { Live } from '../../src/realtime/live.js';
import { createApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { DuckDBStore } from '../../src/store/index.js';

// The real server on a loopback port, a real store on disk, and the real tracking clients
// pointed at it with nothing changed but the host.

let dir: string;
let store: DuckDBStore;
let live: Live;
let server: RunningServer;
let writeKey: string;
let adminKey: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'segmint-ingest-'));
  store = await DuckDBStore.open(dir);
  await store.applyFields([
    { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] },
    { key: 'zip', label: 'Zip', type: 'text' },
    { key: 'age', label: 'Age', type: 'number' },
  ]);
  live = await startLive(store);
  server = await startServer({ live, port: 0, modules: [ingestRouteModule] });
  writeKey = (await server.keys.create('write', 'tracking')).secret;
  adminKey = (await server.keys.create('admin', 'test')).secret;
});

after(async () => {
  await server.close();
  await live.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function contact(id: string): Promise<{ values: Record<string, unknown>; events: { name: string; ts: number; properties: Record<string, unknown> }[] } | null> {
  const [c] = await live.read((ws) => ws.store.loadContacts([id]));
  if (!c) return null;
  const values = Object.fromEntries(Object.entries(c.contact.values).filter(([k, v]) => v !== null && v !== undefined && k !== 'created_at'));
  return { values, events: c.events.map((e) => ({ name: e.name, ts: e.ts, properties: { ...e.properties } })) };
}

const admin = (path: string): Promise<Response> => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${adminKey}` } });

interface Rejection { reason: string; path: string; message: string }
async function rejections(): Promise<Rejection[]> {
  const r = await admin('/api/v1/rejections?limit=500');
  assert.equal(r.status, 200);
  return ((await r.json()) as { rejections: Rejection[] }).rejections;
}

/** Each call of a client, resolved once the client has delivered it (or failed). */
function delivered(send: (done: (err?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => send((err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve())));
}

test('@segment/analytics-node sends identify, track, page, screen, group and alias unchanged, and the data lands', async () => {
  const analytics = new SegmentAnalytics({ writeKey, host: server.url, flushAt: 1, maxRetries: 1 });
  const errors: unknown[] = [];
  analytics.on('error', (e) => errors.push(e));
  const anon = randomUUID();
  await delivered((cb) => analytics.page({ anonymousId: anon, name: 'Pricing', category: 'Docs', properties: { url: 'https://acme.test/pricing', path: '/pricing', title: 'Pricing' } }, cb));
  await delivered((cb) => analytics.track({ anonymousId: anon, event: 'Trial Started', properties: { plan: 'pro', seats: 3, price: 19.99 } }, cb));
  await delivered((cb) => analytics.identify({ userId: 'seg-1', anonymousId: anon, traits: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', plan: 'pro', zip: '08123', age: 41, shoeSize: 38 } }, cb));
  await delivered((cb) => analytics.track({ userId: 'seg-1', event: 'Order Completed', properties: { total: 120.5, currency: 'CHF' }, timestamp: new Date('2026-02-01T10:00:00+01:00') }, cb));
  await delivered((cb) => analytics.screen({ userId: 'seg-1', name: 'Home', properties: { variant: 'b' } }, cb));
  await delivered((cb) => analytics.group({ userId: 'seg-1', groupId: 'acme', traits: { name: 'Acme', employees: 250 } }, cb));
  await delivered((cb) => analytics.track({ userId: 'seg-old', event: 'Legacy' }, cb));
  await delivered((cb) => analytics.alias({ userId: 'seg-1', previousId: 'seg-old' }, cb));
  await analytics.closeAndFlush();
  assert.deepEqual(errors, []);

  const c = await contact('seg-1');
  assert.deepEqual(c?.values, { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', plan: 'pro', zip: '08123', age: 41 });
  const events = Object.fromEntries((c?.events ?? []).map((e) => [e.name, e]));
  assert.deepEqual(Object.keys(events).sort(), ['Legacy', 'Order Completed', 'Trial Started', 'group', 'page_view', 'screen_view']);
  assert.deepEqual(events.page_view.properties, { url: 'https://acme.test/pricing', path: '/pricing', title: 'Pricing', name: 'Pricing', category: 'Docs' });
  assert.deepEqual(events['Trial Started'].properties, { plan: 'pro', seats: 3, price: 19.99 });
  assert.equal(events['Order Completed'].ts, Date.parse('2026-02-01T09:00:00Z'));
  assert.deepEqual(events.screen_view.properties, { variant: 'b', name: 'Home' });
  assert.deepEqual(events.group.properties, { name: 'Acme', employees: 250, group_id: 'acme' });
  assert.equal(await contact(`anon:${anon}`), null);
  assert.equal(await contact('seg-old'), null);
  const merges = await live.read((ws) => ws.store.sql.rows('SELECT from_id, into_id FROM merges WHERE into_id = $1 ORDER BY from_id', ['seg-1']));
  assert.deepEqual(merges.map((m) => [m.from_id, m.into_id]).sort(), [[`anon:${anon}`, 'seg-1'], ['seg-old', 'seg-1']]);
});

test('@rudderstack/rudder-sdk-node (gzip on, form-urlencoded label, originalTimestamp) sends unchanged, and the data lands', async () => {
  const client = new RudderAnalytics(writeKey, { dataPlaneUrl: server.url, flushAt: 1, flushInterval: 200, retryCount: 0, logLevel: 'error' });
  assert.equal((client as unknown as { gzip: boolean }).gzip, true);
  const anon = randomUUID();
  await delivered((cb) => client.track({ anonymousId: anon, event: 'Viewed', properties: { sku: 'A-1' } }, cb));
  await delivered((cb) => client.page({ anonymousId: anon, name: 'Landing', properties: { url: 'https://acme.test/', referrer: 'https://search.test/' } }, cb));
  await delivered((cb) => client.identify({ userId: 'rs-1', anonymousId: anon, traits: { email: 'grace@example.com', lastName: 'Hopper', age: 85 } }, cb));
  await delivered((cb) => client.group({ userId: 'rs-1', groupId: 'navy', traits: { name: 'US Navy' } }, cb));
  await delivered((cb) => client.alias({ userId: 'rs-2', previousId: 'rs-1' }, cb));
  await client.flush();

  assert.equal(await contact('rs-1'), null);
  const c = await contact('rs-2');
  assert.deepEqual(c?.values, { email: 'grace@example.com', last_name: 'Hopper', age: 85 });
  assert.deepEqual(c?.events.map((e) => [e.name, e.properties]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)), [
    ['Viewed', { sku: 'A-1' }],
    ['group', { name: 'US Navy', group_id: 'navy' }],
    ['page_view', { url: 'https://acme.test/', referrer: 'https://search.test/', name: 'Landing' }],
  ]);
  // Skew-corrected from originalTimestamp and sentAt: within the test's own run.
  for (const e of c?.events ?? []) assert.ok(Math.abs(e.ts - Date.now()) < 60_000, `${e.name} at ${new Date(e.ts).toISOString()}`);
});

test('@jitsu/js from a server (s2s: /api/s/s2s/TYPE, the key as ID:KEY in X-Write-Key) sends unchanged, and the data lands', async () => {
  const jitsu = jitsuAnalytics({ host: server.url, writeKey: `backend:${writeKey}`, s2s: true, errorPolicy: 'rethrow' });
  await jitsu.identify('js-1', { email: 'ada@example.com', plan: 'pro', zip: '08123' });
  await jitsu.track('Order Completed', { total: 99.5, orderId: '0042' });
  // Its calls resolve once answered; the wait is only for a slow machine.
  let c = await contact('js-1');
  for (let i = 0; i < 50 && !c?.events.length; i++) c = await new Promise((r) => setTimeout(r, 100)).then(() => contact('js-1'));
  assert.deepEqual(c?.values, { email: 'ada@example.com', plan: 'pro', zip: '08123' });
  assert.deepEqual(c?.events.map((e) => [e.name, e.properties]), [['Order Completed', { total: 99.5, orderId: '0042' }]]);
  // The tracking paths take a write key, not the API's: without one, 401; the admin API stays closed to it.
  assert.equal((await fetch(`${server.url}/api/s/s2s/track`, { method: 'POST', body: '{"userId":"x","event":"e"}' })).status, 401);
  assert.equal((await fetch(`${server.url}/api/v1/contacts/js-1`, { headers: { 'x-write-key': `backend:${writeKey}` } })).status, 401);
  // Only those exact paths: one that merely begins with /api/s/ gets the API's checks (sent as written, dot segments and all).
  const status = await new Promise<number>((resolve, reject) => {
    const u = new URL(server.url);
    request({ host: u.hostname, port: u.port, path: '/api/s/../v1/contacts/js-1', headers: { 'x-write-key': writeKey } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject).end();
  });
  assert.equal(status, 401);
});

test('a browser-style request: text/plain body with the writeKey inside, on the short path', async () => {
  const res = await fetch(`${server.url}/v1/t`, {
    method: 'POST', headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ writeKey, anonymousId: 'web-1', event: 'Signed Up', messageId: 'web-m1', properties: { source: 'footer' }, context: { page: { url: 'https://acme.test/' } }, sentAt: new Date().toISOString(), timestamp: '2026-03-01T12:00:00.000Z' }),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(await res.json(), { success: true, accepted: 1, rejected: 0, duplicates: 0, traitsRefused: 0, traitsIgnored: 0 });
  assert.deepEqual((await contact('anon:web-1'))?.events, [{ name: 'Signed Up', ts: Date.parse('2026-03-01T12:00:00Z'), properties: { source: 'footer' } }]);
  const preflight = await fetch(`${server.url}/v1/t`, { method: 'OPTIONS', headers: { origin: 'https://acme.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
  assert.equal(preflight.status, 204);
});

test('a gzip bomb is refused with 400 and stores nothing', async () => {
  const bomb = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'bomb', event: 'e', properties: { pad: ' '.repeat(64 * 1024 * 1024) } }] }));
  const res = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'content-encoding': 'gzip' }, body: bomb });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'payload_too_large');
  assert.equal(await contact('bomb'), null);
});

test('a batch with one bad event stores the others and lists the bad one in /api/v1/rejections; a repeated messageId is stored once', async () => {
  const auth = { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'content-type': 'application/json' };
  const body = JSON.stringify({
    batch: [
      { type: 'track', userId: 'batch-1', event: 'A', messageId: 'bm-1' },
      { type: 'track', userId: 'batch-1', event: 'B', messageId: 'bm-2', timestamp: 'not a time' },
      { type: 'identify', userId: 'batch-1', traits: { age: 'old', zip: '00042' } },
      { type: 'track', userId: 'batch-1', event: 'A', messageId: 'bm-1' },
    ],
    sentAt: new Date().toISOString(),
  });
  const first = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: auth, body });
  assert.deepEqual(await first.json(), { success: true, accepted: 3, rejected: 1, duplicates: 1, traitsRefused: 1, traitsIgnored: 0 });
  const again = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: auth, body });
  assert.equal(again.status, 200);
  const c = await contact('batch-1');
  assert.deepEqual(c?.events.map((e) => e.name), ['A']);
  assert.deepEqual(c?.values, { zip: '00042' });
  const listed = (await rejections()).filter((r) => r.message.includes('bm-2') || r.message.includes('"old"'));
  assert.deepEqual(listed.slice(0, 2).map((r) => [r.path, r.reason]), [
    ['/v1/batch batch[2]', 'traits.age: "old" is not a number'],
    ['/v1/batch batch[1]', 'timestamp: "not a time" is not an ISO-8601 datetime'],
  ]);
  const metrics = await (await admin('/metrics')).text();
  assert.match(metrics, /segmint_events_rejected_total\{reason="invalid_message"\} [1-9]/);
  assert.match(metrics, /segmint_events_rejected_total\{reason="invalid_trait"\} [1-9]/);
});

test('keys: none or a wrong one is 401; a write key cannot read the rejections', async () => {
  const msg = JSON.stringify({ userId: 'k', event: 'e' });
  assert.equal((await fetch(`${server.url}/v1/track`, { method: 'POST', body: msg })).status, 401);
  assert.equal((await fetch(`${server.url}/v1/track`, { method: 'POST', body: msg, headers: { 'x-write-key': 'sk_write_wrongwrongwrongwrongwrongwrong' } })).status, 401);
  assert.equal((await fetch(`${server.url}/api/v1/rejections`, { headers: { authorization: `Bearer ${writeKey}` } })).status, 403);
  assert.equal(await contact('k'), null);
});

test('a /v1 call over the server is answered as the app answers it, headers included, and counted in /metrics', async () => {
  const viaApp = createApp({ live, keys: server.keys, metrics: createMetrics({ processMetrics: false }), modules: [ingestRouteModule] });
  const send = async (base: string | null, path: string, auth: string, body: unknown): Promise<{ status: number; type: string | null; origin: string | null; body: unknown }> => {
    const init = { method: 'POST', headers: { authorization: auth, 'content-type': 'text/plain' }, body: JSON.stringify(body) };
    const r = base ? await fetch(`${base}${path}`, init) : await viaApp.request(path, init);
    return { status: r.status, type: r.headers.get('content-type'), origin: r.headers.get('access-control-allow-origin'), body: await r.json() };
  };
  const basic = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  const requestCounts = async (): Promise<Record<string, number>> => {
    const text = await (await admin('/metrics')).text();
    const out: Record<string, number> = {};
    for (const m of text.matchAll(/^segmint_http_requests_total\{method="POST",route="([^"]+)",status="(\d+)"\} (\d+)$/gm)) out[`${m[1]} ${m[2]}`] = Number(m[3]);
    return out;
  };
  const before = await requestCounts();
  const cases: [string, string, unknown][] = [
    ['/v1/t', basic(writeKey), { userId: 'fast-1', event: 'Clicked', messageId: `fast-${randomUUID()}` }],
    ['/v1/track', basic('sk_write_unknown'), { userId: 'fast-1', event: 'Clicked' }],
    ['/v1/batch', basic(writeKey), { batch: 'not a list' }],
    ['/v1/identify', 'Bearer ', { userId: 'fast-2', traits: { plan: 'pro' } }],
  ];
  for (const [path, auth, body] of cases) {
    const [fast, app] = [await send(server.url, path, auth, body), await send(null, path, auth, body)];
    // The same message twice is a duplicate the second time: only the counts may differ.
    if (fast.status === 200) assert.deepEqual(Object.keys(fast.body as object), Object.keys(app.body as object), path);
    else assert.deepEqual(fast, app, path);
    assert.equal(fast.status, app.status, path);
    assert.equal(fast.type, app.type, path);
    assert.equal(fast.origin, '*', path);
  }
  const after = await requestCounts();
  assert.equal(after['/v1/t 200'] - (before['/v1/t 200'] ?? 0), 1, 'the call sent to the server');
  assert.equal(after['/v1/track 401'] - (before['/v1/track 401'] ?? 0), 1);
  assert.equal(after['/v1/batch 400'] - (before['/v1/batch 400'] ?? 0), 1);
  // A path /v1 does not know is still the app's to refuse, and so is one that only ends like a /v1 path.
  for (const path of ['/v1/nothing', '//elsewhere.example/v1/track']) {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: basic(writeKey) }, body: '{}' });
    assert.equal(r.status, 404, path);
  }
  // The key in the query string, as some clients send it.
  const q = await fetch(`${server.url}/v1/t?writeKey=${encodeURIComponent(writeKey)}`, { method: 'POST', body: JSON.stringify({ userId: 'fast-3', event: 'Clicked' }) });
  assert.equal(q.status, 200);
});
