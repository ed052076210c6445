import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore, type Store } from '../../src/store/index.js';

// On the wall clock, time moves while the server starts: the start-up rebuild decides every
// segment at one instant, and the scan that schedules each contact's next boundary must
// start from that same instant. A boundary that falls while the rebuild runs is then due
// at once and applied at its own time, not lost between the two.

const HOUR = 3_600_000;

/** The store, with its first read of the segments slowed: a start whose rebuild takes a while. */
function slowFirstRebuild(store: DuckDBStore, ms: number): Store {
  let slowed = false;
  return new Proxy(store, {
    get(target, key) {
      if (key === 'listSegments') {
        return async () => {
          if (!slowed) { slowed = true; await new Promise((r) => setTimeout(r, ms)); }
          return target.listSegments();
        };
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

test('a boundary that falls while the server starts is applied at its instant', { timeout: 30_000 }, async () => {
  const store = await DuckDBStore.open(':memory:');
  const first = await startLive(store, { tickMs: 20 });
  await first.mutate((ws) => ws.applySegments([{ name: 'Active', alias: 'active', condition: { type: 'event', event: 'login', within: '1h' } }]));
  await first.close();
  // Written while no server runs: the login leaves the 1-hour window 1.5 s from now,
  // while the next start's rebuild is held for 3 s.
  const edge = Date.now() + 1_500;
  await store.appendEvents([{ contactId: 'ann', name: 'login', ts: edge - HOUR, properties: {}, messageId: 'm1' }], ['ann'], Date.now());
  const live = await startLive(slowFirstRebuild(store, 3_000), { tickMs: 20 });
  try {
    assert.ok(Date.now() > edge, 'the edge fell during the start');
    for (let i = 0; i < 100 && (await store.members('active')).length; i++) await new Promise((r) => setTimeout(r, 20));
    const changes = (await live.changes({ limit: 10, segment: 'active' })).changes;
    assert.deepEqual(changes.map((c) => [c.contactId, c.change]), [['ann', 'entered'], ['ann', 'left']], 'the rebuild put ann in; the boundary took her out');
    assert.deepEqual(await store.members('active'), []);
    assert.ok(Math.abs(changes[1].at - edge) <= 1, `stamped at the boundary (${new Date(changes[1].at).toISOString()} vs ${new Date(edge).toISOString()})`);
  } finally {
    await live.close();
    await store.close();
  }
});

test('a contact erased while the start-up scan holds its rows read is not brought back by the scan', { timeout: 30_000 }, async () => {
  const store = await DuckDBStore.open(':memory:');
  const first = await startLive(store, { tickMs: 20 });
  await first.mutate((ws) => ws.applySegments([{ name: 'Lapsed', alias: 'lapsed', condition: { type: 'not', condition: { type: 'event', event: 'login', within: '1h' } } }]));
  await first.close();
  // Ann's login leaves the window 1.5 s from now: she would enter, if anything still knew her then.
  const edge = Date.now() + 1_500;
  await store.appendEvents([{ contactId: 'ann', name: 'login', ts: edge - HOUR, properties: {}, messageId: 'm1' }], ['ann'], Date.now());
  let open!: () => void, read!: () => void;
  const gate = new Promise<void>((r) => { open = r; });
  const chunkRead = new Promise<void>((r) => { read = r; });
  // The scan reads its chunk, then waits at the gate before caching it.
  const held = new Proxy(store, {
    get(target, key) {
      if (key === 'scanContacts') {
        return (n: number, fn: Parameters<Store['scanContacts']>[1], opts: Parameters<Store['scanContacts']>[2]) =>
          target.scanContacts(n, async (chunk) => { read(); await gate; return fn(chunk); }, opts);
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const live = await startLive(held, { tickMs: 20 });
  try {
    await chunkRead;
    assert.equal(await live.deleteContact('ann'), true);
    open();
    while (Date.now() < edge + 500) await new Promise((r) => setTimeout(r, 50));
    const changes = (await live.changes({ limit: 10, segment: 'lapsed' })).changes;
    assert.deepEqual(changes.filter((c) => c.contactId === 'ann'), [], 'nothing of ann is logged after her erasure');
    const rows = await store.sql.rows(`SELECT count(*) AS n FROM changes`);
    assert.equal(Number(rows[0].n), 0);
  } finally {
    await live.close();
    await store.close();
  }
});

test('a scan chunk that waited behind a write group that failed is dropped: the scan started again reads fresher data', { timeout: 30_000 }, async () => {
  const store = await DuckDBStore.open(':memory:');
  const first = await startLive(store, { tickMs: 20 });
  await first.mutate((ws) => ws.applySegments([{ name: 'Exactly two', alias: 'two', condition: { type: 'event', event: 'purchase', measure: 'count', op: 'eq', value: 2 } }]));
  await first.close();
  const purchase = (contactId: string, n: number) => ({ contactId, name: 'purchase', ts: Date.now() - 60_000 + n, properties: {}, messageId: `${contactId}-${n}` });
  await store.appendEvents([purchase('ann', 1)], ['ann'], Date.now());
  const latch = () => { let open!: () => void; const p = new Promise<void>((r) => { open = r; }); return { p, open }; };
  const scanGate = latch(), chunkRead = latch(), failing = latch(), failNow = latch();
  let appends = 0;
  const held = new Proxy(store, {
    get(target, key) {
      if (key === 'scanContacts') {
        return (n: number, fn: Parameters<Store['scanContacts']>[1], opts: Parameters<Store['scanContacts']>[2]) =>
          target.scanContacts(n, async (chunk) => { chunkRead.open(); await scanGate.p; return fn(chunk); }, opts);
      }
      if (key === 'appendEvents') {
        return async (...args: Parameters<Store['appendEvents']>) => {
          // The second write group fails while the first scan's chunk waits behind it.
          if (++appends === 2) { failing.open(); await failNow.p; throw new Error('disk full'); }
          return target.appendEvents(...args);
        };
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const live = await startLive(held, { tickMs: 20 });
  try {
    await chunkRead.p; // the scan holds ann with one purchase
    assert.deepEqual((await live.write({ events: [purchase('ann', 2)] })).changes.map((c) => c.change), ['entered']);
    const failed = live.write({ events: [purchase('bob', 1)] }).then(() => 'stored', (e: Error) => e.message);
    await failing.p;
    scanGate.open();
    await new Promise((r) => setTimeout(r, 100)); // the old chunk now waits behind the failing group
    failNow.open();
    assert.equal(await failed, 'disk full');
    // Ann's third purchase: she has three, not two.
    const third = await live.write({ events: [purchase('ann', 3)] });
    assert.deepEqual(third.changes.map((c) => `${c.contactId} ${c.change}`), ['ann left']);
    assert.deepEqual(await store.members('two'), []);
  } finally {
    await live.close();
    await store.close();
  }
});
