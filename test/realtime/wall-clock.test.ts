import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore, type Store } from '../../src/store/index.js';

// On the wall clock, time moves while the server starts: the start-up rebuild decides every
// segment at one instant, and the scan that schedules each contact's next boundary must
// start from that same instant. A boundary that falls while the rebuild runs is then due
// at once and applied at its own time, not lost between the two.

const HOUR = 3_600_000;

/** A store whose one segment an earlier server applied and then stopped. */
async function storeWithSegment(def: { name: string; alias: string; condition: unknown }): Promise<DuckDBStore> {
  const store = await DuckDBStore.open(':memory:');
  const first = await startLive(store, { tickMs: 20 });
  await first.mutate((ws) => ws.applySegments([def]));
  await first.close();
  return store;
}

/** The store with some of its methods replaced; the others pass through. */
function storeWith(store: DuckDBStore, replaced: Partial<Record<keyof Store, unknown>>): Store {
  return new Proxy(store, {
    get(target, key) {
      if (Object.hasOwn(replaced, key)) return replaced[key as keyof Store];
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The store, with its first read of the segments slowed: a start whose rebuild takes a while. */
function slowFirstRebuild(store: DuckDBStore, ms: number): Store {
  let slowed = false;
  return storeWith(store, {
    listSegments: async () => {
      if (!slowed) { slowed = true; await new Promise((r) => setTimeout(r, ms)); }
      return store.listSegments();
    },
  });
}

/** A scan's chunks wait for `gate` once read (`read` is called as the first is). */
const heldScan = (store: DuckDBStore, read: () => void, gate: Promise<void>): Pick<Store, 'scanContacts'> => ({
  scanContacts: (n, fn, opts) => store.scanContacts(n, async (chunk) => { read(); await gate; return fn(chunk); }, opts),
});

test('a boundary that falls while the server starts is applied at its instant', { timeout: 30_000 }, async () => {
  const store = await storeWithSegment({ name: 'Active', alias: 'active', condition: { type: 'event', event: 'login', within: '1h' } });
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
  const store = await storeWithSegment({ name: 'Lapsed', alias: 'lapsed', condition: { type: 'not', condition: { type: 'event', event: 'login', within: '1h' } } });
  // Ann's login leaves the window 1.5 s from now: she would enter, if anything still knew her then.
  const edge = Date.now() + 1_500;
  await store.appendEvents([{ contactId: 'ann', name: 'login', ts: edge - HOUR, properties: {}, messageId: 'm1' }], ['ann'], Date.now());
  let open!: () => void, read!: () => void;
  const gate = new Promise<void>((r) => { open = r; });
  const chunkRead = new Promise<void>((r) => { read = r; });
  // The scan reads its chunk, then waits at the gate before caching it.
  const live = await startLive(storeWith(store, heldScan(store, read, gate)), { tickMs: 20 });
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
  const store = await storeWithSegment({ name: 'Exactly two', alias: 'two', condition: { type: 'event', event: 'purchase', measure: 'count', op: 'eq', value: 2 } });
  const purchase = (contactId: string, n: number) => ({ contactId, name: 'purchase', ts: Date.now() - 60_000 + n, properties: {}, messageId: `${contactId}-${n}` });
  await store.appendEvents([purchase('ann', 1)], ['ann'], Date.now());
  const latch = () => { let open!: () => void; const p = new Promise<void>((r) => { open = r; }); return { p, open }; };
  const scanGate = latch(), chunkRead = latch(), failing = latch(), failNow = latch();
  let appends = 0;
  const live = await startLive(storeWith(store, {
    ...heldScan(store, chunkRead.open, scanGate.p),
    appendEvents: async (...args: Parameters<Store['appendEvents']>) => {
      // The second write group fails while the first scan's chunk waits behind it.
      if (++appends === 2) { failing.open(); await failNow.p; throw new Error('disk full'); }
      return store.appendEvents(...args);
    },
  }), { tickMs: 20 });
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

test('on the wall clock, contacts decided by large groups still leave at their own instants while later writes go on', { timeout: 60_000 }, async () => {
  const store = await storeWithSegment({ name: 'Active', alias: 'active', condition: { type: 'event', event: 'login', within: '2s' } });
  const live = await startLive(store, { tickMs: 20 });
  try {
    const ids = Array.from({ length: 600 }, (_, i) => `c${i}`);
    const last = new Map<string, number>();
    let n = 0;
    const login = (id: string, ts: number) => {
      last.set(id, ts);
      return { contactId: id, name: 'login', ts, properties: {}, messageId: `m${n++}` };
    };
    // One large group (its contacts wait to be scheduled), then small ones for some of the
    // same contacts and others, every 100 ms, for 2 s.
    await live.write({ events: ids.map((id) => login(id, Date.now())) });
    for (let round = 0; round < 20; round++) {
      await new Promise((r) => setTimeout(r, 100));
      await live.write({ events: ids.filter((_, i) => (i + round) % 7 === 0).map((id) => login(id, Date.now())) });
    }
    const end = Math.max(...last.values()) + 2_000;
    while (Date.now() < end + 300) await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 100 && (await store.members('active')).length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await store.members('active'), []);
    const log: { contactId: string; change: string; at: number }[] = [];
    for (let after = 0; ;) {
      const page = await live.changes({ after, limit: 10_000, segment: 'active' });
      log.push(...page.changes);
      if (!page.changes.length) break;
      after = page.next;
    }
    // Each contact entered once and left once, at its last login's edge.
    for (const id of ids) {
      const mine = log.filter((c) => c.contactId === id);
      assert.deepEqual(mine.map((c) => c.change), ['entered', 'left'], id);
      const edge = (last.get(id) as number) + 2_000;
      assert.ok(Math.abs(mine[1].at - edge) <= 1, `${id} left at ${mine[1].at}, its edge is ${edge}`);
    }
  } finally {
    await live.close();
    await store.close();
  }
});
