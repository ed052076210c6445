import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore } from '../../src/store/index.js';

// Memory takes a group's writes before DuckDB does. When DuckDB refuses them, nothing of the
// group may be stored, and no later decision may rest on what memory took: it is forgotten
// and read again from the store.

const NOW = Date.parse('2026-11-02T10:00:00Z');
const HOUR = 3_600_000;

const purchases = (n: number, tag: string, ts = NOW - 60_000) => Array.from({ length: n }, (_, i) => ({
  contactId: 'a', name: 'purchase', ts: ts - i, properties: {}, messageId: `${tag}-${i}`,
}));

/** Make DuckDB refuse every change-log insert while `fn` runs. */
async function changeLogBroken<T>(store: DuckDBStore, fn: () => Promise<T>): Promise<T> {
  await store.sql.run('ALTER TABLE changes RENAME COLUMN cause TO reason');
  try {
    return await fn();
  } finally {
    await store.sql.run('ALTER TABLE changes RENAME COLUMN reason TO cause');
  }
}

test('a group DuckDB refuses leaves nothing stored, and the next write is decided from the store', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-group-failure-'));
  const store = await DuckDBStore.open(dir);
  // Without the journal every group reaches DuckDB itself (with it, a group does when it
  // writes a profile, merges contacts, or finds DuckDB too far behind).
  const live = await startLive(store, { now: NOW, journal: false });
  try {
    await live.mutate((ws) => ws.applySegments([{ name: 'Buyers', alias: 'buyers', condition: { type: 'event', event: 'purchase', op: 'gte', value: 3 } }]));
    await live.write({ events: purchases(1, 'first') });

    // 5,000 purchases enter the contact in memory; the change log's insert fails at the COMMIT,
    // after the events were sent ahead.
    await changeLogBroken(store, () => assert.rejects(live.write({ events: purchases(5_000, 'big') }), /cause/));
    assert.equal(Number((await store.sql.rows('SELECT count(*) AS n FROM events'))[0].n), 1);

    // Two purchases stored: not a member (memory still holding the failed group's would call
    // it a member already, and the third purchase would change nothing).
    const next = await live.write({ events: purchases(1, 'next') });
    assert.equal(next.eventsInserted, 1);
    assert.deepEqual(next.changes, []);
    assert.deepEqual(await store.members('buyers'), []);
    const third = await live.write({ events: purchases(1, 'third') });
    assert.deepEqual(third.changes.map((c) => `${c.segment} ${c.change}`), ['buyers entered']);
    // The failed group's message ids were never stored: sent again, they are stored now.
    const retried = await live.write({ events: purchases(2, 'big') });
    assert.equal(retried.eventsInserted, 2);
    assert.equal(retried.duplicates, 0);
  } finally {
    await live.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a time-driven change DuckDB refuses is not lost: it is applied at its own instant once the store takes it', { timeout: 60_000 }, async () => {
  const store = await DuckDBStore.open(':memory:');
  const live = await startLive(store, { now: NOW, journal: false });
  try {
    await live.mutate((ws) => ws.applySegments([{ name: 'Recent buyers', alias: 'recent', condition: { type: 'event', event: 'purchase', within: '1d' } }]));
    const bought = await live.write({ events: purchases(1, 'p', NOW - 20 * HOUR) });
    assert.deepEqual(bought.changes.map((c) => `${c.segment} ${c.change}`), ['recent entered']);
    // The purchase leaves the window 4 hours from now (the first millisecond at which
    // now-1d <= ts no longer holds); moving the clock past it fails.
    await changeLogBroken(store, () => assert.rejects(live.setClock(NOW + 6 * HOUR), /cause/));
    assert.deepEqual(await store.members('recent'), ['a']);
    // Moved again, the boundary is found again and applied, stamped at its own instant.
    const moved = await live.setClock(NOW + 6 * HOUR);
    assert.equal(moved.applied, 1);
    const log = await store.changesAfter(0, 10);
    assert.deepEqual(log.map((c) => `${c.segment} ${c.change} ${new Date(c.at).toISOString()}`), [
      `recent entered ${new Date(NOW).toISOString()}`,
      `recent left ${new Date(NOW + 4 * HOUR + 1).toISOString()}`,
    ]);
    assert.deepEqual(await store.members('recent'), []);
  } finally {
    await live.close();
    await store.close();
  }
});

test('groups written together are each stored once, and a repeat of an earlier group\'s message ids is a duplicate', { timeout: 60_000 }, async () => {
  const store = await DuckDBStore.open(':memory:');
  const live = await startLive(store, { now: NOW, journal: false });
  try {
    await live.mutate((ws) => ws.applySegments([{ name: 'Buyers', alias: 'buyers', condition: { type: 'event', event: 'purchase', op: 'gte', value: 3 } }]));
    // Three groups (the first two each reach the group limit); the last repeats ids of the first.
    const [first, second, third] = await Promise.all([
      live.write({ events: purchases(5_000, 'x') }),
      live.write({ events: purchases(5_000, 'y') }),
      live.write({ events: purchases(10, 'x') }),
    ]);
    assert.equal(first.eventsInserted, 5_000);
    assert.deepEqual(first.changes.map((c) => `${c.segment} ${c.change}`), ['buyers entered']);
    assert.equal(second.eventsInserted, 5_000);
    assert.deepEqual(third, { ...third, eventsInserted: 0, duplicates: 10 });
    assert.equal(Number((await store.sql.rows('SELECT count(*) AS n FROM events'))[0].n), 10_000);
    assert.deepEqual(await store.members('buyers'), ['a']);
  } finally {
    await live.close();
    await store.close();
  }
});
