import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Workspace } from '../../src/engine/index.js';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore } from '../../src/store/index.js';

// A group of live writes is acknowledged once it is in the store's journal and reaches the
// tables shortly after. What was acknowledged survives the process dying before that, and
// anything that reads the store finds every acknowledged write, in the order acknowledged.

const CHILD = fileURLToPath(new URL('./journal-child.js', import.meta.url));
const NOW = '2026-06-01T12:00:00.000Z';
const journalBytes = (dir: string): number => readdirSync(dir).filter((f) => f.startsWith('segmint.journal.')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

async function workspace(dir: string): Promise<DuckDBStore> {
  const store = await DuckDBStore.open(dir);
  const ws = await Workspace.open(store, Date.parse(NOW));
  await ws.applySegments([{ name: 'Buyers', alias: 'buyers', condition: 'performed purchase' }]);
  await store.writeContacts([{ id: 'known', values: { email: 'known@example.com' } }], Date.parse(NOW) - 86_400_000);
  return store;
}

test('a group acknowledged from the journal is stored exactly once after the process is killed before it reached the tables', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-journal-'));
  try {
    await (await workspace(dir)).close();
    const child = spawnSync(process.execPath, [CHILD, dir, NOW], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const acked = /acknowledged (.*)/.exec(child.stdout)?.[1];
    assert.ok(acked, child.stdout + child.stderr);
    assert.deepEqual(JSON.parse(acked).map((c: string) => c.replace(/ \d+$/, '')).sort(), ['entered buyers brand-new', 'entered buyers known']);
    assert.ok(journalBytes(dir) > 0, 'the group was still in the journal when the process died');

    for (let open = 0; open < 2; open++) {
      const store = await DuckDBStore.open(dir);
      try {
        const events = await store.sql.rows("SELECT contact_id, name, ts, CAST(properties AS VARCHAR) AS p, message_id FROM events WHERE message_id <> 'm-0' ORDER BY message_id");
        assert.deepEqual(events, [
          { contact_id: 'known', name: 'purchase', ts: Date.parse(NOW) - 60_000, p: '{"amount":25,"note":"it\'s \\"quoted\\""}', message_id: 'm-1' },
          { contact_id: 'brand-new', name: 'purchase', ts: Date.parse(NOW) - 30_000, p: '{"amount":7}', message_id: 'm-2' },
        ], `open ${open + 1}: each acknowledged event once, as written`);
        assert.deepEqual((await store.sql.rows('SELECT id FROM contacts ORDER BY id')).map((r) => r.id), ['brand-new', 'known', 'warm']);
        const changes = (await store.changesAfter(0, 100)).filter((c) => c.contactId !== 'warm');
        assert.deepEqual(changes.map((c) => `${c.change} ${c.segment} ${c.contactId} ${c.id}`).sort(), JSON.parse(acked).sort(), 'the acknowledged changes, under the ids the stream gave them');
        assert.deepEqual([...(await store.membershipsOf(['known', 'brand-new'])).entries()].map(([id, s]) => `${id}:${[...s].join(',')}`).sort(), ['brand-new:buyers', 'known:buyers']);
        assert.equal(journalBytes(dir), 0, 'applied, the journal is emptied');
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a batch-sized group (3,000 events) is acknowledged from the journal too, and stored once after a kill', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-journal-'));
  try {
    await (await workspace(dir)).close();
    const child = spawnSync(process.execPath, [CHILD, dir, NOW, 'batch'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    assert.match(child.stdout, /acknowledged 3000/, child.stderr);
    assert.ok(journalBytes(dir) > 0, 'the group was still in the journal when the process died');
    const store = await DuckDBStore.open(dir);
    try {
      const r = await store.sql.rows("SELECT count(*) AS n, count(DISTINCT message_id) AS d FROM events WHERE message_id LIKE 'b-%'");
      assert.deepEqual(r.map((x) => [Number(x.n), Number(x.d)]), [[3_000, 3_000]]);
      assert.equal(journalBytes(dir), 0, 'applied, the journal is emptied');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reads find journaled groups, and a group that must reach the tables itself lands after them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-journal-'));
  const store = await workspace(dir);
  const live = await startLive(store, { now: Date.parse(NOW) });
  try {
    const at = Date.parse(NOW) - 1_000;
    for (let i = 0; i < 5; i++) await live.write({ events: [{ contactId: `c${i}`, name: 'purchase', ts: at + i, properties: {}, messageId: `j-${i}` }] });
    assert.ok(journalBytes(dir) > 0, 'single events are acknowledged from the journal');
    // Too many events for statement text: they go through the Appender, in a transaction of
    // their own, which first puts the journaled groups in the tables.
    const many = Array.from({ length: 100 }, (_, i) => ({ contactId: `c${i % 5}`, name: 'page_view', ts: at + 10 + i, properties: {}, messageId: `b-${i}` }));
    const r = await live.write({ events: many });
    assert.equal(r.eventsInserted, 100);
    // A resent single event is a duplicate whether its first copy is in the journal or the tables.
    const again = await live.write({ events: [{ contactId: 'c0', name: 'purchase', ts: at, properties: {}, messageId: 'j-0' }] });
    assert.equal(again.duplicates, 1);
    const counts = await store.sql.rows('SELECT name, count(*)::INTEGER AS n, count(DISTINCT message_id)::INTEGER AS d FROM events GROUP BY name ORDER BY name');
    assert.deepEqual(counts, [{ name: 'page_view', n: 100, d: 100 }, { name: 'purchase', n: 5, d: 5 }]);
    const members = await live.read((ws) => ws.members('buyers'));
    assert.deepEqual(members.sort(), ['c0', 'c1', 'c2', 'c3', 'c4']);
  } finally {
    await live.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('under a steady stream of journaled writes every read returns, and finds every write acknowledged before it began', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-journal-'));
  const store = await workspace(dir);
  const live = await startLive(store, { now: Date.parse(NOW) });
  try {
    let acked = 0;
    let stop = false;
    // Several writers at once, as many clients send: the journal is seldom empty while a
    // read brings what was journaled before it into DuckDB.
    const writers = Array.from({ length: 8 }, (_, w) => (async () => {
      for (let i = 0; !stop; i++) {
        await live.write({ events: [{ contactId: `s${i % 20}`, name: 'purchase', ts: Date.parse(NOW) - 5_000 + i, properties: { i, w }, messageId: `s-${w}-${i}` }] });
        acked++;
      }
    })());
    for (let r = 0; r < 20; r++) {
      await new Promise((res) => setTimeout(res, 15));
      const before = acked;
      const n = await live.read(async (ws) => Number((await ws.store.sql.rows('SELECT count(*) AS n FROM events'))[0].n));
      assert.ok(n >= before, `read ${r + 1} found ${n} events, ${before} were acknowledged before it began`);
    }
    stop = true;
    await Promise.all(writers);
    assert.ok(acked > 20, `the writers kept writing (${acked})`);
  } finally {
    await live.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
