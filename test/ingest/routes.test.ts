import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { OpenAPIHono } from '@hono/zod-openapi';
import { registerIngestRoutes } from '../../src/ingest/index.js';
import type { RejectReason } from '../../src/ingest/index.js';
import { fakeLive, type FakeLive } from './fake-live.js';

// The /v1 routes on a bare app over a stand-in live workspace (a real store in memory).

const KEY = 'wk_test';
const basic = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;

interface Harness {
  readonly live: FakeLive;
  readonly app: OpenAPIHono;
  readonly counted: { accepted: number; rejected: Partial<Record<RejectReason, number>>; ignored: number };
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  rejections(query?: string): Promise<{ rejections: { id: number; reason: string; path: string; message: string; truncated: boolean }[]; next: number | null }>;
  contact(id: string): Promise<{ values: Record<string, unknown>; events: { name: string; ts: number; properties: Record<string, unknown> }[] } | null>;
  close(): Promise<void>;
}

async function harness(opts: { maxInFlight?: number; fields?: unknown[] } = {}): Promise<Harness> {
  const live = await fakeLive();
  if (opts.fields) await live.mutate((ws) => ws.applyFields(opts.fields));
  const app = new OpenAPIHono();
  const counted: Harness['counted'] = { accepted: 0, rejected: {}, ignored: 0 };
  registerIngestRoutes(app, {
    live,
    authenticateWriteKey: async (k) => k === KEY,
    maxInFlight: opts.maxInFlight,
    onAccepted: (n) => { counted.accepted += n; },
    onRejected: (n, why) => { counted.rejected[why] = (counted.rejected[why] ?? 0) + n; },
    onIgnoredTraits: (n) => { counted.ignored += n; },
  });
  return {
    live, app, counted,
    post: async (path, body, headers = { authorization: basic, 'content-type': 'application/json' }) =>
      app.request(path, { method: 'POST', body: typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body), headers }),
    rejections: async (query = '') => (await app.request(`/api/v1/rejections${query}`)).json(),
    contact: async (id) => {
      const [c] = await live.store.loadContacts([id]);
      return c ? { values: Object.fromEntries(Object.entries(c.contact.values).filter(([, v]) => v !== null && v !== undefined)), events: c.events.map((e) => ({ name: e.name, ts: e.ts, properties: { ...e.properties } })) } : null;
    },
    close: () => live.close(),
  };
}

const FIELDS = [{ key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] }, { key: 'age', label: 'Age', type: 'number' }, { key: 'zip', label: 'Zip', type: 'text' }];

test('a batch with one bad event stores the others and lists the bad one in /api/v1/rejections', async () => {
  const h = await harness();
  try {
    const res = await h.post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u1', event: 'Viewed', messageId: 'm1', properties: { sku: 'a' }, timestamp: '2026-03-15T11:00:00Z' },
        { type: 'track', userId: 'u1', messageId: 'm2', properties: {} },
        { type: 'track', anonymousId: 'a1', event: 'Viewed', messageId: 'm3', timestamp: '2026-03-15T11:30:00Z' },
      ],
      sentAt: '2026-03-15T12:00:00Z',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { success: true, accepted: 2, rejected: 1, duplicates: 0, traitsRefused: 0, traitsIgnored: 0 });
    assert.deepEqual((await h.contact('u1'))?.events, [{ name: 'Viewed', ts: Date.parse('2026-03-15T11:00:00Z'), properties: { sku: 'a' } }]);
    assert.equal((await h.contact('anon:a1'))?.events.length, 1);
    const { rejections, next } = await h.rejections();
    assert.equal(next, null);
    assert.deepEqual(rejections.map((r) => [r.reason, r.path, r.message, r.truncated]),
      [['event: required, a non-empty text', '/v1/batch batch[1]', '{"type":"track","userId":"u1","messageId":"m2","properties":{}}', false]]);
    assert.deepEqual(h.counted, { accepted: 2, rejected: { invalid_message: 1 }, ignored: 0 });
  } finally {
    await h.close();
  }
});

test('a repeated messageId is stored once, and answered 200 both times', async () => {
  const h = await harness();
  try {
    const msg = { userId: 'u', event: 'Paid', messageId: 'same-1', properties: { amount: 5 } };
    for (let i = 0; i < 2; i++) assert.equal((await h.post('/v1/track', msg)).status, 200);
    const again = await h.post('/v1/batch', { batch: [{ type: 'track', ...msg }, { type: 'track', ...msg }] });
    assert.equal(((await again.json()) as { duplicates: number }).duplicates, 2);
    assert.equal((await h.contact('u'))?.events.length, 1);
  } finally {
    await h.close();
  }
});

test('write key: missing or wrong is 401 and stores nothing; browser text/plain with writeKey in the body; X-Write-Key; ?writeKey=', async () => {
  const h = await harness();
  try {
    const msg = { type: 'track', userId: 'u', event: 'e' };
    assert.equal((await h.post('/v1/track', msg, { 'content-type': 'application/json' })).status, 401);
    assert.equal((await h.post('/v1/track', msg, { authorization: `Basic ${Buffer.from('nope:').toString('base64')}` })).status, 401);
    assert.equal((await h.post('/v1/t', { ...msg, writeKey: 'nope' }, { 'content-type': 'text/plain' })).status, 401);
    const unauthorized = await h.post('/v1/track', msg, {});
    assert.deepEqual(await unauthorized.json(), { error: { code: 'unauthorized', message: 'a write key is required: the Basic-auth user, X-Write-Key, ?writeKey= or "writeKey" in the body', path: 'headers.authorization' } });
    assert.equal(await h.contact('u'), null);
    assert.equal((await h.post('/v1/t', { ...msg, writeKey: KEY, messageId: 'b1' }, { 'content-type': 'text/plain;charset=UTF-8' })).status, 200);
    assert.equal((await h.post('/v1/t', { ...msg, messageId: 'b2' }, { 'x-write-key': KEY })).status, 200);
    assert.equal((await h.post(`/v1/t?writeKey=${KEY}`, { ...msg, messageId: 'b3' }, {})).status, 200);
    assert.equal((await h.contact('u'))?.events.length, 3);
    // A refused message is kept without its write key.
    await h.post('/v1/t', { writeKey: KEY, userId: 'u' }, { 'content-type': 'text/plain' });
    assert.deepEqual((await h.rejections()).rejections.map((r) => r.message), ['{"userId":"u"}']);
  } finally {
    await h.close();
  }
});

test('400 only for what a retry cannot fix: bad JSON, a body or batch over its limit, a gzip bomb', async () => {
  const h = await harness();
  try {
    const bad = await h.post('/v1/batch', '{"batch": [');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'parse_error');
    assert.equal((await h.post('/v1/batch', { batch: Array.from({ length: 2501 }, () => ({})) })).status, 400);
    assert.equal((await h.post('/v1/track', { userId: 'u', event: 'e', properties: { s: 'x'.repeat(33 * 1024) } })).status, 400);
    const bomb = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'e', properties: { s: ' '.repeat(20 * 1024 * 1024) } }] }));
    const r = await h.post('/v1/batch', bomb, { authorization: basic, 'content-encoding': 'gzip', 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as { error: { message: string } }).error.message, 'the body inflates past 512000 bytes');
    assert.equal(await h.contact('u'), null);
  } finally {
    await h.close();
  }
});

test('identify: traits set fields, a bad trait is refused with its reason while the rest applies; undeclared traits are counted', async () => {
  const h = await harness({ fields: FIELDS });
  try {
    const res = await h.post('/v1/identify', {
      userId: 'u1', anonymousId: 'a1', messageId: 'i1',
      traits: { email: 'ada@example.com', firstName: 'Ada', plan: 'gold', age: '41', favouriteColor: 'red' },
      context: { traits: { lastName: 'Lovelace', zip: '08123' } },
    });
    assert.deepEqual(await res.json(), { success: true, accepted: 1, rejected: 0, duplicates: 0, traitsRefused: 1, traitsIgnored: 1 });
    assert.deepEqual((await h.contact('u1'))?.values, { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', age: 41, zip: '08123', created_at: h.live.now() });
    const { rejections } = await h.rejections();
    assert.deepEqual(rejections.map((r) => [r.reason, r.path]), [['traits.plan: "gold" is not one of free, pro', '/v1/identify']]);
    assert.deepEqual(h.counted, { accepted: 1, rejected: { invalid_trait: 1 }, ignored: 1 });
  } finally {
    await h.close();
  }
});

test('with ingest.declare_traits, undeclared traits become fields of a type that changes no value', async () => {
  const h = await harness();
  try {
    await h.live.mutate((ws) => ws.store.setSetting('ingest.declare_traits', 'true'));
    const res = await h.post('/v1/batch', '{"batch":[{"type":"identify","userId":"u","traits":{"postCode":"08123","score":7,"optIn":true,"ref":12345678901234567890,"address":{"city":"Bern"}}}]}');
    assert.equal(res.status, 200);
    const fields = await h.live.read((ws) => ws.fields());
    assert.deepEqual(fields.map((f) => [f.key, f.type]), [['post_code', 'text'], ['score', 'number'], ['opt_in', 'boolean'], ['ref', 'text']]);
    assert.deepEqual((await h.contact('u'))?.values, { post_code: '08123', score: 7, opt_in: true, ref: '12345678901234567890', created_at: h.live.now() });
  } finally {
    await h.close();
  }
});

test('alias and identify merge the anonymous contact: its events move to the known one', async () => {
  const h = await harness();
  try {
    await h.post('/v1/page', { anonymousId: 'a1', messageId: 'p1', name: 'Home', context: { page: { url: 'https://acme.test/', path: '/' } } });
    await h.post('/v1/track', { anonymousId: 'a2', event: 'Clicked', messageId: 't1' });
    await h.post('/v1/identify', { userId: 'u1', anonymousId: 'a1', traits: { email: 'u1@example.com' } });
    await h.post('/v1/alias', { previousId: 'a2', userId: 'u1' });
    assert.equal(await h.contact('anon:a1'), null);
    assert.equal(await h.contact('anon:a2'), null);
    const u1 = await h.contact('u1');
    assert.deepEqual(u1?.events.map((e) => [e.name, e.properties]).sort(), [['Clicked', {}], ['page_view', { url: 'https://acme.test/', path: '/', name: 'Home' }]]);
    const merges = await h.live.store.sql.rows('SELECT * FROM merges ORDER BY from_id');
    assert.deepEqual(merges.map((m) => [m.from_id, m.into_id]), [['anon:a1', 'u1'], ['anon:a2', 'u1']]);
  } finally {
    await h.close();
  }
});

test('hostile values: no prototype pollution, SQL-looking text and control characters stored verbatim', async () => {
  const h = await harness({ fields: FIELDS });
  try {
    const sql = "x'); DROP TABLE contacts; --";
    const res = await h.post('/v1/batch', `{"batch":[
      {"type":"identify","userId":${JSON.stringify(sql)},"traits":{"zip":${JSON.stringify(`${sql}\u0000\u0007`)},"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}},
      {"type":"track","userId":${JSON.stringify(sql)},"event":${JSON.stringify(sql)},"properties":{"__proto__":{"polluted":1},"q":${JSON.stringify(sql)},"c":"\\u0000\\u001b[31m"}}
    ],"context":{"__proto__":{"polluted":1}}}`);
    assert.equal(res.status, 200);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const c = await h.contact(sql);
    assert.equal(c?.values.zip, `${sql}\u0000\u0007`);
    assert.deepEqual(c?.events.map((e) => [e.name, e.properties]), [[sql, { q: sql, c: '\u0000\u001b[31m' }]]);
    assert.equal(Number((await h.live.store.sql.rows('SELECT count(*) AS n FROM contacts'))[0].n), 1);
  } finally {
    await h.close();
  }
});

test('a lone surrogate in an id, event name, property or trait refuses that message only, with where it was; the rest of the batch is stored', async () => {
  const h = await harness({ fields: FIELDS });
  try {
    // JSON text may escape half of a UTF-16 pair alone: no UTF-8 store can keep it.
    const res = await h.post('/v1/batch', `{"batch":[
      {"type":"track","userId":"u\\ud800","event":"Viewed","messageId":"s1"},
      {"type":"track","userId":"u1","event":"Vi\\udc00ewed","messageId":"s2"},
      {"type":"track","userId":"u1","event":"Viewed","messageId":"s3","properties":{"tags":["ok","b\\ud83d"]}},
      {"type":"track","userId":"u1","event":"Viewed","messageId":"s4","properties":{"k\\udfff":1}},
      {"type":"identify","userId":"u1","messageId":"s5","traits":{"zip":"80\\ud800"}},
      {"type":"track","userId":"u1","event":"Viewed","messageId":"s6","properties":{"ok":"pair \\ud83d\\ude00 whole"}}
    ]}`);
    assert.equal(res.status, 200);
    const c = await h.contact('u1');
    assert.deepEqual(c?.events.map((e) => e.properties), [{ ok: 'pair \u{1F600} whole' }]);
    assert.equal(c?.values.zip, undefined);
    const messages = (await h.rejections()).rejections.map((r) => r.reason).join('\n');
    for (const where of ['userId: holds a lone surrogate', 'event: holds a lone surrogate', 'properties.tags[1]: holds a lone surrogate', 'properties (a key): holds a lone surrogate', 'zip: holds a lone surrogate']) {
      assert.ok(messages.includes(where), `${where} in ${messages}`);
    }
    assert.equal(Number((await h.live.store.sql.rows('SELECT count(*) AS n FROM contacts'))[0].n), 1);
  } finally {
    await h.close();
  }
});

test('backpressure: 429 with Retry-After when the live queue refuses or too much is in flight; nothing half-acknowledged', async () => {
  const h = await harness({ maxInFlight: 2 });
  try {
    h.live.busy = true;
    const busy = await h.post('/v1/track', { userId: 'u', event: 'e' });
    assert.equal(busy.status, 429);
    assert.equal(busy.headers.get('retry-after'), '1');
    h.live.busy = false;
    let open!: () => void;
    h.live.hold = new Promise<void>((r) => { open = r; });
    const first = h.post('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: 'e', messageId: 'x1' }, { type: 'track', userId: 'u', event: 'e', messageId: 'x2' }] });
    await new Promise((r) => setTimeout(r, 20));
    const second = await h.post('/v1/track', { userId: 'u', event: 'e', messageId: 'x3' });
    assert.equal(second.status, 429);
    open();
    assert.equal((await first).status, 200);
    h.live.hold = null;
    assert.equal((await h.post('/v1/track', { userId: 'u', event: 'e', messageId: 'x3' })).status, 200);
    assert.equal((await h.contact('u'))?.events.length, 3);
  } finally {
    await h.close();
  }
});

test('when the store refuses a batch, each message is tried alone: the rest is stored, the refused one kept with the reason; all refused is 503', async () => {
  const h = await harness({ fields: FIELDS });
  try {
    h.live.failWhen = (b) => (b.events ?? []).some((e) => e.name === 'poison');
    // Each message alone is read again from its text: its numbers as sent, the batch's
    // context under its own, an identify's traits, a write key left out.
    const res = await h.post('/v1/batch', JSON.stringify({ writeKey: KEY, context: { page: { url: 'https://shop.example/a' } }, batch: [
      { type: 'track', userId: 'u', event: 'ok1', timestamp: '2026-03-15T11:00:00.123+02:00', properties: { n: 1.5, z: '007' } },
      { type: 'track', userId: 'u', event: 'poison' },
      { type: 'page', userId: 'u', name: 'Home', writeKey: KEY, timestamp: '2026-03-15T11:00:01Z' },
      { type: 'identify', userId: 'u', traits: { plan: 'pro', zip: '0815', age: 41 } },
      { type: 'track', userId: 'u', event: 'ok2', timestamp: '2026-03-15T11:00:02Z' },
    ] }).replace('1.5', '1.50'), { 'content-type': 'application/json' });
    assert.deepEqual(await res.json(), { success: true, accepted: 4, rejected: 1, duplicates: 0, traitsRefused: 0, traitsIgnored: 0 });
    const u = await h.contact('u');
    assert.deepEqual(u?.events.map((e) => e.name), ['ok1', 'page_view', 'ok2']);
    assert.equal(u?.events[0].ts, Date.parse('2026-03-15T09:00:00.123Z'));
    assert.deepEqual(u?.events[0].properties, { n: 1.5, z: '007' });
    assert.deepEqual(u?.events[1].properties, { url: 'https://shop.example/a', name: 'Home' });
    assert.deepEqual({ plan: u?.values.plan, zip: u?.values.zip, age: u?.values.age }, { plan: 'pro', zip: '0815', age: 41 });
    assert.deepEqual((await h.rejections()).rejections.map((r) => [r.reason, r.path]), [['not stored: the store refused this write', '/v1/batch batch[1]']]);
    const single = await h.post('/v1/track', { userId: 'u', event: 'poison' });
    assert.equal(single.status, 503);
    assert.equal(single.headers.get('retry-after'), '1');
  } finally {
    await h.close();
  }
});

test('rejections are paged newest first, and a long message is kept cut to its bound', async () => {
  const h = await harness();
  try {
    for (let i = 0; i < 5; i++) await h.post('/v1/batch', { batch: [{ type: 'track', userId: 'u', n: i }] });
    await h.post('/v1/batch', { batch: [{ type: 'track', userId: 'u', properties: { s: 'x'.repeat(20_000) } }] });
    const p1 = await h.rejections('?limit=2');
    assert.equal(p1.rejections.length, 2);
    assert.equal(p1.rejections[0].truncated, true);
    assert.equal(p1.rejections[0].message.length, 8192);
    assert.match(p1.rejections[1].message, /"n":4/);
    const p2 = await h.rejections(`?limit=10&cursor=${p1.next}`);
    assert.deepEqual(p2.rejections.map((r) => JSON.parse(r.message).n), [3, 2, 1, 0]);
    assert.equal(p2.next, null);
    assert.equal((await h.app.request('/api/v1/rejections?limit=0')).status, 400);
  } finally {
    await h.close();
  }
});
