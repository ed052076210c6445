import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventWrites, fixture } from '../workspace-fixture.js';
import { CLOCKS, Rng, genCondition, generateContacts, generateEvents, FIELDS, BASE_SEGMENTS } from '../differential/generate.js';

// Re-clustering the events table is a physical change only: every answer stays the same.

test('clustering events changes no member of any generated condition', async () => {
  const rng = new Rng(42);
  const contacts = generateContacts(rng, 80);
  const clock = CLOCKS[0];
  const events = generateEvents(rng, contacts, 5);
  const f = await fixture({ tz: clock.tz, fields: FIELDS, contacts, events: [] });
  try {
    // Written in batches, the table is sorted within each batch only.
    const created = Date.parse('2024-01-01T00:00:00Z');
    for (let i = 0; i < events.length; i += 50) await f.store.writeEvents(eventWrites(events.slice(i, i + 50), clock.tz, i), created);
    const ws = await f.at(clock.now);
    await ws.applySegments(BASE_SEGMENTS);
    const conditions = Array.from({ length: 60 }, () => genCondition(rng, 0));
    const before = [];
    for (const c of conditions) before.push(await ws.query(c));
    // Events at the same instant have no order among themselves: compare them as sets.
    const snapshot = async (): Promise<[string, string[]][]> => (await f.store.loadContacts())
      .map((x) => [x.contact.id, x.events.map((e) => JSON.stringify(e)).sort()]);
    const eventsBefore = await snapshot();
    await f.store.clusterEvents();
    for (const [i, c] of conditions.entries()) assert.deepEqual(await ws.query(c), before[i], JSON.stringify(c));
    assert.deepEqual(await snapshot(), eventsBefore);
  } finally {
    await f.close();
  }
});
