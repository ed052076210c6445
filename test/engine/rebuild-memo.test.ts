import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../workspace-fixture.js';

// A rebuild skips what provably cannot have changed, and recomputes on any change of data,
// manual decision, clock or referenced segment.

test('a second rebuild in the same process skips unchanged segments; any input change recomputes', async () => {
  const f = await fixture({
    tz: 'Europe/Zurich',
    fields: [{ key: 'points', label: 'Points', type: 'number' }],
    contacts: [{ id: 'a', points: 5 }, { id: 'b', points: 50 }],
    events: [{ contact_id: 'a', name: 'buy', ts: '2026-10-20T10:00:00Z' }],
  });
  try {
    const ws = await f.at('2026-10-25T09:00:00Z');
    await ws.applySegments([
      { name: 'Rich', alias: 'rich', condition: 'points >= 10' },
      { name: 'Recent', alias: 'recent', condition: 'performed buy within 7d' },
      { name: 'Both', alias: 'both', condition: 'in segment rich or in segment recent' },
    ]);
    // Applying computed them: nothing has changed since.
    const second = await ws.rebuild();
    assert.deepEqual(second.map((r) => [r.alias, r.unchanged, r.total]), [['rich', true, 1], ['recent', true, 1], ['both', true, 2]]);
    const full = await ws.rebuild([], { full: true });
    assert.deepEqual(full.map((r) => [r.alias, r.unchanged ?? false, r.total, r.entered, r.left]), [['rich', false, 1, 0, 0], ['recent', false, 1, 0, 0], ['both', false, 2, 0, 0]]);

    // New data: everything depending on it is recomputed.
    await f.store.writeContacts([{ id: 'c', values: { points: 99 } }], Date.parse('2026-10-25T09:00:00Z'));
    const afterData = await ws.rebuild();
    assert.deepEqual(afterData.map((r) => [r.alias, r.unchanged ?? false, r.entered]), [['rich', false, 1], ['recent', false, 0], ['both', false, 1]]);

    // A later clock: the purchase leaves the 7-day window, and the referrer follows.
    const later = await f.at('2026-10-28T12:00:00Z');
    const afterClock = await later.rebuild();
    assert.deepEqual(afterClock.map((r) => [r.alias, r.unchanged ?? false, r.left]), [['rich', false, 0], ['recent', false, 1], ['both', false, 1]]);
    assert.deepEqual(await later.members('both'), ['b', 'c']);
    assert.deepEqual((await later.rebuild()).map((r) => r.unchanged), [true, true, true]);

    // A manual decision bumps the data version too.
    await later.setManual('recent', ['a'], 'include');
    assert.deepEqual(await later.members('both'), ['a', 'b', 'c']);
  } finally {
    await f.close();
  }
});
