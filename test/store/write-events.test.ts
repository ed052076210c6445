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
