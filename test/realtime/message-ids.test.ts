import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageIdSet } from '../../src/realtime/message-ids.js';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore, type EventWrite } from '../../src/store/index.js';

const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const ev = (contactId: string, messageId: string, name = 'purchase'): EventWrite => ({ contactId, name, ts: NOW - 60_000, properties: { amount: 10 }, messageId });

test('the message-id set finds every id it was given, grows past its first size and rules out ids it never saw', () => {
  const set = new MessageIdSet(16);
  for (let i = 0; i < 50_000; i++) set.add(`msg-${i}`);
  set.add('msg-1');
  assert.equal(set.size, 50_000);
  for (let i = 0; i < 50_000; i++) assert.ok(set.mayHave(`msg-${i}`), `msg-${i}`);
  let maybe = 0;
  for (let i = 50_000; i < 250_000; i++) if (set.mayHave(`msg-${i}`)) maybe++;
  // 48-bit fingerprints, 50,000 stored: about one false "maybe" in 5,600 million.
  assert.ok(maybe <= 2, `${maybe} unseen ids taken for maybe`);
  assert.ok(!set.mayHave(''));
  assert.ok(!set.mayHave('msg-1\u0000'));
});

test('while the set grows it copies its old table a little at every add, and every id given before or meanwhile is found at every step', () => {
  const set = new MessageIdSet(16);
  for (let i = 0; i < 6_000; i++) {
    set.add(`id-${i}`);
    if (i % 7 === 0 || (i > 700 && i < 760) || (i > 1_430 && i < 1_480) || (i > 2_860 && i < 2_960)) {
      for (let j = 0; j <= i; j++) assert.ok(set.mayHave(`id-${j}`), `id-${j} after ${i + 1} adds`);
    }
  }
  assert.equal(set.size, 6_000);
  let maybe = 0;
  for (let i = 0; i < 20_000; i++) if (set.mayHave(`other-${i}`)) maybe++;
  assert.equal(maybe, 0);
});

test('with millions of ids stored, an unseen id is almost never taken for one of them (the store is asked only then)', () => {
  const set = new MessageIdSet();
  const stored = 3_000_000;
  for (let i = 0; i < stored; i++) set.add(`m${String(i).padStart(9, '0')}`);
  let maybe = 0;
  for (let i = 0; i < 200_000; i++) if (set.mayHave(`lat-moiqz-${i}`)) maybe++;
  // n in 2^48: 200,000 × 3M / 2^48 ≈ 0.002 expected (32-bit fingerprints gave ~140).
  assert.ok(maybe <= 2, `${maybe} of 200,000 unseen ids taken for maybe`);
});

test('live writes skip message ids stored before the start, by an import through the live workspace and earlier in the same group; an id whose event was erased is stored again', async () => {
  const store = await DuckDBStore.open(':memory:');
  await store.writeEvents([ev('ann', 'before-1'), ev('ann', 'before-2')], NOW);
  const live = await startLive(store, { now: NOW });
  try {
    const first = await live.write({ events: [ev('ann', 'before-1'), ev('bob', 'new-1'), ev('bob', 'new-1'), ev('cid', 'new-2')] });
    assert.deepEqual([first.eventsInserted, first.duplicates, first.contactsCreated], [2, 2, 2]);

    // An import through the live workspace stores ids the live path never saw.
    await live.mutate(async () => store.writeEvents([ev('dan', 'imported-1')], NOW));
    const again = await live.write({ events: [ev('dan', 'imported-1'), ev('bob', 'new-1'), ev('ann', 'before-2')] });
    assert.deepEqual([again.eventsInserted, again.duplicates, again.contactsCreated], [0, 3, 0]);

    // Erasing a contact erases its events: the set still says "maybe", the store says no.
    assert.equal(await live.deleteContact('cid'), true);
    const back = await live.write({ events: [ev('cid', 'new-2')] });
    assert.deepEqual([back.eventsInserted, back.duplicates, back.contactsCreated], [1, 0, 1]);

    const rows = await store.sql.rows('SELECT message_id, count(*) AS n FROM events GROUP BY message_id ORDER BY message_id');
    assert.deepEqual(rows.map((r) => `${String(r.message_id)}×${Number(r.n)}`), ['before-1×1', 'before-2×1', 'imported-1×1', 'new-1×1', 'new-2×1']);
    const contacts = await store.sql.rows('SELECT id FROM contacts ORDER BY id');
    assert.deepEqual(contacts.map((r) => String(r.id)), ['ann', 'bob', 'cid', 'dan']);
  } finally {
    await live.close();
    await store.close();
  }
});
