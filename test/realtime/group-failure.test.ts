import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore } from '../../src/store/index.js';

// A write group is decided while DuckDB commits the one before it, from memory that already
// holds that group's writes. When the earlier group fails to commit, the later one must fail
// too (it decided from writes that are not stored), and memory must be read again before
// anything else is decided: no membership may rest on writes the store does not have.

const NOW = Date.parse('2026-11-02T10:00:00Z');

const purchases = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({
  contactId: 'a', name: 'purchase', ts: NOW - 60_000 - i, properties: {}, messageId: `${tag}-${i}`,
}));

test('a group that fails to commit takes the group decided behind it down too, and memory is read again', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-group-failure-'));
  const store = await DuckDBStore.open(dir);
  await store.applyFields([{ key: 'note', label: 'Note', type: 'text' }]);
  // Without the journal every group reaches DuckDB itself (with it, a group does when it
  // writes a profile, merges contacts, or finds DuckDB too far behind).
  const live = await startLive(store, { now: NOW, journal: false });
  try {
    await live.mutate((ws) => ws.applySegments([{ name: 'Buyers', alias: 'buyers', condition: { type: 'event', event: 'purchase', op: 'gte', value: 3 } }]));
    await live.write({ events: purchases(1, 'first') });

    // The change log's insert fails in DuckDB: it goes with the COMMIT, after the group's
    // events were sent ahead, so the group behind is being decided by then.
    await store.sql.run('ALTER TABLE changes RENAME COLUMN cause TO reason');
    // Two groups: the first reaches the group limit and enters the contact (5,001
    // purchases); the second, decided while the first commits, writes a field no segment
    // reads, which DuckDB would take on its own.
    const big = live.write({ events: purchases(5_000, 'big') });
    const after = live.write({ contacts: [{ id: 'a', values: { note: 'called' } }] });
    const [bigOutcome, afterOutcome] = await Promise.allSettled([big, after]);
    assert.match(String(bigOutcome.status === 'rejected' && bigOutcome.reason), /cause/);
    assert.match(String(afterOutcome.status === 'rejected' && afterOutcome.reason), /cause|earlier write failed/);
    await store.sql.run('ALTER TABLE changes RENAME COLUMN reason TO cause');

    // Nothing of either group is stored.
    assert.equal(Number((await store.sql.rows('SELECT count(*) AS n FROM events'))[0].n), 1);
    assert.equal((await live.read((ws) => ws.store.loadContacts(['a'])))[0].contact.values.note, null);

    // A group failing with none behind it: the next piece of work reads memory again first.
    await store.sql.run('ALTER TABLE changes RENAME COLUMN cause TO reason');
    await assert.rejects(live.write({ events: purchases(5_000, 'alone') }), /cause/);
    await store.sql.run('ALTER TABLE changes RENAME COLUMN reason TO cause');

    // The next write is decided from the store's data, not from the failed groups' writes:
    // two purchases in all (memory still holding the failed group's would call it a member
    // already, and the third purchase would change nothing).
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

test('a group is answered only once durable, and groups behind it see its message ids as stored', { timeout: 60_000 }, async () => {
  const store = await DuckDBStore.open(':memory:');
  const live = await startLive(store, { now: NOW, journal: false });
  try {
    await live.mutate((ws) => ws.applySegments([{ name: 'Buyers', alias: 'buyers', condition: { type: 'event', event: 'purchase', op: 'gte', value: 3 } }]));
    // Three groups in flight at once; the last repeats ids of the first.
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
