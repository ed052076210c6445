import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBStore } from '../../src/store/index.js';

test('a skipped duplicate event creates no contact; the first occurrence does', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const now = Date.parse('2026-10-25T09:00:00Z');
    const r = await store.writeEvents([
      { contactId: 'first', name: 'buy', ts: now - 1000, properties: {}, messageId: 'm1' },
      { contactId: 'other', name: 'buy', ts: now - 1000, properties: {}, messageId: 'm1' },
    ], now);
    assert.deepEqual(r, { inserted: 1, duplicates: 1, contactsCreated: 1 });
    assert.deepEqual([...(await store.existingContactIds(['first', 'other']))], ['first']);
    const again = await store.writeEvents([{ contactId: 'late', name: 'buy', ts: now, properties: {}, messageId: 'm1' }], now);
    assert.deepEqual(again, { inserted: 0, duplicates: 1, contactsCreated: 0 });
    assert.equal(await store.countContacts(), 1);
  } finally {
    await store.close();
  }
});

test('a contact write that leaves out a field named like an Object method keeps that field as stored', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const now = Date.parse('2026-10-25T09:00:00Z');
    await store.applyFields([{ key: 'constructor', label: 'Constructor', type: 'text' }, { key: 'city', label: 'City', type: 'text' }]);
    await store.writeContacts([{ id: 'a', values: { city: 'Bern', constructor: 'kept' } }, { id: 'b', values: { city: 'Basel' } }], now);
    await store.writeContacts([{ id: 'a', values: { city: 'Zürich' } }], now);
    const byId = new Map((await store.loadContacts(['a', 'b'])).map((c) => [c.contact.id, c.contact.values]));
    assert.equal(byId.get('a')?.city, 'Zürich');
    assert.equal(byId.get('a')?.constructor, 'kept');
    assert.equal(Object.hasOwn(byId.get('b') ?? {}, 'constructor') ? byId.get('b')?.constructor : null, null);
  } finally {
    await store.close();
  }
});

test('live appends land after the events table is rebuilt in cluster order, and a failed group leaves none of its rows behind', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const now = Date.parse('2026-10-25T09:00:00Z');
    const ev = (contactId: string, messageId: string) => ({ contactId, name: 'buy', ts: now, properties: { n: messageId }, messageId });
    await store.transaction(() => store.appendEvents([ev('a', 'm1')], ['a'], now));
    await store.clusterEvents();
    await store.transaction(() => store.appendEvents([ev('a', 'm2')], [], now));
    await assert.rejects(store.transaction(async () => {
      await store.appendEvents([ev('a', 'm3')], [], now);
      throw new Error('the group failed');
    }), /the group failed/);
    // A row that cannot be written after one that could: the one before must not reach a later group.
    await assert.rejects(store.transaction(() => store.appendEvents([ev('a', 'm5'), { ...ev('a', 'm6'), properties: { n: 1n } }], [], now)), /BigInt/);
    await store.transaction(() => store.appendEvents([ev('a', 'm4')], [], now));
    const rows = await store.sql.rows('SELECT message_id, properties FROM events ORDER BY message_id');
    assert.deepEqual(rows.map((r) => [r.message_id, JSON.parse(String(r.properties)).n]), [['m1', 'm1'], ['m2', 'm2'], ['m4', 'm4']]);
  } finally {
    await store.close();
  }
});
