import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore } from '../../src/store/index.js';

// The write-ahead log is checkpointed beside the writes, on a connection of its own, not
// inside the commit of a group that happens to carry it past DuckDB's threshold (every
// write behind that group would wait for it). What was written stays, and a restart finds it.

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const events = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({
  contactId: `c${i % 50}`, name: 'page_view', ts: from - i * 1000, properties: { path: `/p/${i}` }, messageId: `m-${from}-${i}`,
}));

test('once the log is large enough it is checkpointed into the database file; its writes stay and a restart finds them', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-checkpoint-'));
  try {
    const first = await DuckDBStore.open(dir);
    const live = await startLive(first, { tickMs: 20, checkpointAfterBytes: 1 });
    try {
      await live.mutate((ws) => ws.applySegments([{ name: 'Readers', alias: 'readers', condition: { type: 'event', event: 'page_view', op: 'gte', value: 3 } }]));
      await live.write({ events: events(400, Date.now()) });
      assert.ok(first.walBytes() > 0, 'the write group is in the log');
      await until('the log is checkpointed', () => first.walBytes() === 0);
      assert.equal((await first.members('readers')).length, 50);
    } finally {
      await live.close();
      await first.close();
    }
    const again = await DuckDBStore.open(dir);
    const restarted = await startLive(again, { now: Date.now() });
    try {
      assert.equal((await again.members('readers')).length, 50);
      assert.equal(Number((await again.sql.rows('SELECT count(*) AS n FROM events'))[0].n), 400);
    } finally {
      await restarted.close();
      await again.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('while writes keep coming without a pause, the log is checkpointed beside them below its size, and every write lands', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-checkpoint-'));
  const store = await DuckDBStore.open(dir);
  const limit = 256 * 1024;
  const live = await startLive(store, { tickMs: 10, checkpointAfterBytes: limit });
  let written = 0;
  try {
    await live.mutate((ws) => ws.applySegments([{ name: 'Readers', alias: 'readers', condition: { type: 'event', event: 'page_view', op: 'gte', value: 3 } }]));
    const sizes: number[] = [];
    // Writes back to back, several at once: the workspace never sees a pause.
    const base = Date.now();
    for (let i = 0; i < 40; i++) {
      await Promise.all([0, 1, 2].map((k) => live.write({ events: events(100, base - (i * 3 + k)) })));
      written += 300;
      sizes.push(store.walBytes());
    }
    const shrank = sizes.some((b, i) => i > 0 && b < sizes[i - 1]);
    assert.ok(shrank, `the log was checkpointed while writes went on: ${sizes.join(', ')}`);
    assert.ok(Math.max(...sizes) < 16 * 2 ** 20);
    // DuckDB itself no longer checkpoints inside a commit at its 16 MiB default.
    assert.equal((await store.sql.rows("SELECT current_setting('checkpoint_threshold') AS t"))[0].t, '64.0 MiB');
  } finally {
    await live.close();
    await store.close();
  }
  const again = await DuckDBStore.open(dir);
  try {
    assert.equal(Number((await again.sql.rows('SELECT count(*) AS n FROM events'))[0].n), written);
    assert.equal((await again.members('readers')).length, 50);
  } finally {
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint beside a write in flight leaves both whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-checkpoint-'));
  const store = await DuckDBStore.open(dir);
  try {
    await store.appendEvents(events(2_000, 1_700_000_000_000), Array.from({ length: 50 }, (_, i) => `c${i}`), 1_700_000_000_000);
    for (let i = 0; i < 5; i++) {
      const [ok] = await Promise.all([store.checkpoint(), store.transaction(() => store.appendEvents(events(500, 1_700_100_000_000 + i * 1_000_000), [], 1_700_000_000_000))]);
      assert.equal(typeof ok, 'boolean');
    }
    assert.equal(await store.checkpoint(), true);
    assert.equal(store.walBytes(), 0);
  } finally {
    await store.close();
  }
  const again = await DuckDBStore.open(dir);
  try {
    assert.equal(Number((await again.sql.rows('SELECT count(*) AS n FROM events'))[0].n), 4_500);
  } finally {
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint asked for inside a transaction is declined, and the transaction is unharmed', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const inside = await store.transaction(async () => {
      await store.setSetting('timezone', 'Europe/Paris');
      return store.checkpoint();
    });
    assert.equal(inside, false);
    assert.equal(await store.getSetting('timezone'), 'Europe/Paris');
    assert.equal(await store.checkpoint(), true);
  } finally {
    await store.close();
  }
});
