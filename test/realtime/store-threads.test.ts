import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore } from '../../src/store/index.js';

const threads = async (store: DuckDBStore): Promise<number> => Number((await store.sql.rows("SELECT current_setting('threads') AS n"))[0].n);

test('the live workspace moves the store to the thread count it is given once its start-up rebuild is done, and leaves it alone otherwise', async () => {
  const store = await DuckDBStore.open(':memory:');
  await store.useThreads(3);
  const untouched = await startLive(store, { now: Date.parse('2026-06-01T00:00:00Z') });
  assert.equal(await threads(store), 3);
  await untouched.close();
  const live = await startLive(store, { now: Date.parse('2026-06-01T00:00:00Z'), storeThreads: 1 });
  try {
    assert.equal(await threads(store), 1);
    await live.write({ events: [{ contactId: 'c1', name: 'page_view', ts: Date.parse('2026-05-31T12:00:00Z'), properties: {}, messageId: 'm1' }] });
    assert.equal(Number((await store.sql.rows('SELECT count(*) AS n FROM events'))[0].n), 1);
  } finally {
    await live.close();
    await store.close();
  }
  await assert.rejects(() => DuckDBStore.open(':memory:').then(async (s) => { try { await s.useThreads(0); } finally { await s.close(); } }), /not a thread count: 0/);
});

test('a checkpoint runs on the threads the store was opened with, and queries go back to the narrower count after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-threads-'));
  const store = await DuckDBStore.open(dir);
  try {
    const opened = await threads(store);
    await store.useThreads(1);
    await store.sql.run("INSERT INTO events (contact_id, name, ts, properties, message_id) VALUES ('c1', 'x', 1, '{}', 'm1')");
    assert.ok(store.walBytes() > 0);
    assert.equal(await store.checkpoint(), true);
    assert.equal(store.walBytes(), 0, 'the log was moved into the file');
    assert.equal(await threads(store), 1, 'back to one thread after it');
    assert.ok(opened >= 1);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
