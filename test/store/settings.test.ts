import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBStore } from '../../src/store/index.js';

// The store keeps settings it has read (a workspace is opened for every request): what it
// answers must stay what is committed.
test('a setting written in a transaction that rolls back reads as before, and a committed one as written', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.setSetting('timezone', 'Europe/Zurich');
    assert.equal(await store.getSetting('timezone'), 'Europe/Zurich');
    await assert.rejects(store.transaction(async () => {
      await store.setSetting('timezone', 'Asia/Tokyo');
      // Read inside the transaction: its own write.
      assert.equal(await store.getSetting('timezone'), 'Asia/Tokyo');
      throw new Error('undo');
    }), /undo/);
    assert.equal(await store.getSetting('timezone'), 'Europe/Zurich');
    assert.equal((await store.sql.rows(`SELECT value FROM settings WHERE key = 'timezone'`))[0].value, 'Europe/Zurich');
    await store.transaction(() => store.setSetting('timezone', 'America/New_York'));
    assert.equal(await store.getSetting('timezone'), 'America/New_York');
    assert.equal(await store.getSetting('absent'), null);
  } finally {
    await store.close();
  }
});
