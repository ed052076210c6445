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
