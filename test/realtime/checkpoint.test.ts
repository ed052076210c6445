import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore } from '../../src/store/index.js';

// The write-ahead log is checkpointed while writes pause, not inside the commit of a group
// that happens to carry it past DuckDB's threshold (every write behind that group would
// wait for it). What was written stays, and a restart finds it.

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

test('once writes pause, the log is checkpointed into the database file; its writes stay and a restart finds them', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-checkpoint-'));
  try {
    const first = await DuckDBStore.open(dir);
    const live = await startLive(first, { tickMs: 20, checkpointWhenIdle: { idleMs: 300, afterBytes: 1 } });
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

test('while writes keep coming the log is not checkpointed by the live workspace', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-checkpoint-'));
  const store = await DuckDBStore.open(dir);
  // A pause of a minute is never reached here.
  const live = await startLive(store, { tickMs: 20, checkpointWhenIdle: { idleMs: 60_000, afterBytes: 1 } });
  try {
    const sizes: number[] = [];
    for (let i = 0; i < 10; i++) {
      await live.write({ events: events(20, Date.now() + i) });
      // Ticks run meanwhile: a checkpoint between writes would shrink the log.
      await new Promise((r) => setTimeout(r, 60));
      sizes.push(store.walBytes());
    }
    assert.ok(sizes[0] > 0);
    assert.deepEqual(sizes, [...sizes].sort((a, b) => a - b), `the log only grew: ${sizes.join(', ')}`);
  } finally {
    await live.close();
    await store.close();
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
