import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../src/engine/index.js';
import { DuckDBStore } from '../../src/store/index.js';
import { overlap } from '../../src/store/insights.js';

const NOW = Date.parse('2026-10-25T09:00:00Z');

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-members-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every way the store answers membership, in one comparable value. */
async function readings(store: DuckDBStore, ws: Workspace) {
  const counts = Object.fromEntries([...(await store.memberCounts())].sort());
  const of = await store.membershipsOf(['a', 'b', 'c', 'd']);
  return {
    vip: await store.members('vip'),
    fans: await store.members('fans'),
    counts,
    of: Object.fromEntries(['a', 'b', 'c', 'd'].map((id) => [id, [...(of.get(id) ?? [])].sort()])),
    cIsVip: await store.isMember('vip', 'c'),
    overlap: await overlap(store, 'vip', 'fans'),
    // The SQL path reads another segment's members through the same table.
    inVip: await ws.count({ type: 'segment', op: 'in', segment: 'vip' }),
  };
}

/** Changes logged that `memberships` does not hold yet (past the fold's mark). */
const PAST_FOLD = 'FROM changes WHERE seq > (SELECT seq FROM member_folded)';
const pendingRows = async (store: DuckDBStore): Promise<number> => Number((await store.sql.rows(`SELECT count(*) AS n ${PAST_FOLD}`))[0].n);

test('live changes are buffered, kept across a restart, and folded before anything reads memberships', async () => {
  await withDir(async (dir) => {
    let store = await DuckDBStore.open(dir);
    await store.writeContacts(['a', 'b', 'c', 'd'].map((id) => ({ id, values: {} })), NOW - 5000);
    let ws = await Workspace.open(store, NOW);
    await ws.applySegments([
      { name: 'VIP', alias: 'vip', kind: 'manual' },
      { name: 'Fans', alias: 'fans', kind: 'manual' },
    ]);
    await store.setManual('vip', ['a', 'b'], 'include');
    await ws.rebuild(['vip']);
    const change = (segment: string, contactId: string, entered: boolean, at: number) => ({ segment, contactId, change: entered ? 'entered' as const : 'left' as const, at, cause: 'data' as const });
    // b leaves; c enters, leaves and enters again in one call; d enters fans, then leaves in a later call.
    await store.recordChanges([change('vip', 'b', false, NOW + 1), change('vip', 'c', true, NOW + 2), change('vip', 'c', false, NOW + 3), change('vip', 'c', true, NOW + 4), change('fans', 'd', true, NOW + 5), change('fans', 'a', true, NOW + 5)]);
    await store.recordChanges([change('fans', 'd', false, NOW + 6)]);
    assert.equal(await pendingRows(store), 7, 'every change is buffered in the log');
    const expected = {
      vip: ['a', 'c'], fans: ['a'], counts: { fans: 1, vip: 2 },
      of: { a: ['fans', 'vip'], b: [], c: ['vip'], d: [] },
      cIsVip: true, overlap: { onlyA: 1, both: 1, onlyB: 0 }, inVip: 2,
    };
    // Closed with the buffer full: opening folds it.
    await store.close();
    store = await DuckDBStore.open(dir);
    ws = await Workspace.open(store, NOW + 10);
    assert.equal(await pendingRows(store), 0);
    assert.deepEqual(await readings(store, ws), expected, 'after a restart');

    // Each way of reading folds first.
    await store.recordChanges([change('vip', 'a', false, NOW + 11)]);
    const after = { ...expected, vip: ['c'], counts: { fans: 1, vip: 1 }, of: { ...expected.of, a: ['fans'] }, overlap: { onlyA: 1, both: 0, onlyB: 1 }, inVip: 1 };
    assert.deepEqual(await readings(store, ws), after, 'read while changes were buffered');
    for (const read of [
      () => store.members('vip'), () => store.memberCounts(), () => store.membershipsOf(['a']), () => store.isMember('vip', 'a'),
      () => overlap(store, 'vip', 'fans'), () => ws.count({ type: 'segment', op: 'in', segment: 'vip' }),
    ]) {
      await store.recordChanges([change('vip', 'a', true, NOW + 12), change('vip', 'a', false, NOW + 13)]);
      assert.equal(await pendingRows(store), 2);
      await read();
      assert.equal(await pendingRows(store), 0, String(read));
    }
    assert.deepEqual(await readings(store, ws), after);
    // When c entered stays its last entry's time.
    const [since] = await store.sql.rows(`SELECT since FROM memberships m JOIN segments s ON s.id = m.segment_id JOIN contacts c ON c._key = m.contact WHERE s.alias = 'vip' AND c.id = 'c'`);
    assert.equal(Number(since.since), NOW + 4);
    await store.close();
  });
});

test('a rebuild and an erasure see pending changes: the rebuild logs only true differences, the erasure leaves nothing of the contact', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.writeContacts(['a', 'b', 'c'].map((id) => ({ id, values: {} })), NOW - 5000);
    const ws = await Workspace.open(store, NOW);
    await ws.applySegments([{ name: 'VIP', alias: 'vip', kind: 'manual' }]);
    await store.setManual('vip', ['a', 'b'], 'include');
    await ws.rebuild(['vip']);
    // The live path has already logged what the rebuild would find: c in, b out.
    await store.setManual('vip', ['b'], 'reset');
    await store.setManual('vip', ['c'], 'include');
    await store.recordChanges([
      { segment: 'vip', contactId: 'b', change: 'left', at: NOW + 1, cause: 'data' },
      { segment: 'vip', contactId: 'c', change: 'entered', at: NOW + 1, cause: 'data' },
    ]);
    const [r] = await ws.rebuild(['vip']);
    assert.deepEqual({ entered: r.entered, left: r.left, total: r.total }, { entered: 0, left: 0, total: 2 });
    assert.deepEqual(await store.members('vip'), ['a', 'c']);
    await store.recordChanges([{ segment: 'vip', contactId: 'a', change: 'left', at: NOW + 2, cause: 'data' }]);
    const [{ _key: key }] = await store.sql.rows(`SELECT _key FROM contacts WHERE id = 'c'`);
    assert.equal(await store.deleteContact('c'), true);
    assert.deepEqual(await store.members('vip'), []);
    const rows = await store.sql.rows(`SELECT (SELECT count(*) FROM memberships WHERE contact = $1) + (SELECT count(*) ${PAST_FOLD} AND contact = $1) AS n`, [key]);
    assert.equal(Number(rows[0].n), 0, 'no membership row of the erased contact remains');
  } finally {
    await store.close();
  }
});

test('change numbers grow in the order changes are written, whether a live group, a rebuild or a rolled-back group wrote before', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.writeContacts(['a', 'b', 'c', 'd'].map((id) => ({ id, values: {} })), NOW - 5000);
    const ws = await Workspace.open(store, NOW);
    await ws.applySegments([{ name: 'VIP', alias: 'vip', kind: 'manual' }]);
    const live = (id: string, change: 'entered' | 'left', at: number) => store.recordChanges([{ segment: 'vip', contactId: id, change, at, cause: 'data' }]);
    const ids: number[] = [];
    ids.push(...(await live('a', 'entered', NOW + 1)).map((r) => r.id));
    // A rebuild numbers its changes in SQL: b enters (a leaves: not included).
    await store.setManual('vip', ['b'], 'include');
    await ws.rebuild(['vip']);
    ids.push(...(await live('c', 'entered', NOW + 3)).map((r) => r.id));
    // A group that fails after taking its numbers: nothing of it stays, later numbers still grow.
    await assert.rejects(store.transaction(async () => {
      await live('d', 'entered', NOW + 4);
      throw new Error('the group failed');
    }), /the group failed/);
    ids.push(...(await live('d', 'entered', NOW + 5)).map((r) => r.id));
    const log = await store.changesAfter(0, 100);
    assert.deepEqual(log.map((c) => `${c.contactId} ${c.change}`), ['a entered', 'a left', 'b entered', 'c entered', 'd entered'], 'the log in number order is the order of writing');
    assert.ok(log.every((c, i) => i === 0 || c.id > log[i - 1].id));
    assert.deepEqual(ids, [log[0].id, log[3].id, log[4].id]);
    assert.equal((await store.changesAfter(log[2].id, 100)).length, 2, 'a cursor taken after the rebuild finds the later groups');
  } finally {
    await store.close();
  }
});

test('a page of the change log is full while changes remain, even past a change whose contact is gone', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.writeContacts(['a', 'b', 'c', 'd'].map((id) => ({ id, values: {} })), NOW - 5000);
    const ws = await Workspace.open(store, NOW);
    await ws.applySegments([{ name: 'VIP', alias: 'vip', kind: 'manual' }, { name: 'Fans', alias: 'fans', kind: 'manual' }]);
    await store.recordChanges(['a', 'b', 'c', 'd'].map((id, i) => ({ segment: i % 2 ? 'fans' : 'vip', contactId: id, change: 'entered' as const, at: NOW + i, cause: 'data' as const })));
    const page = (after: number, limit: number, segment?: string) => store.changesAfter(after, limit, segment).then((l) => l.map((c) => c.contactId));
    assert.deepEqual(await page(0, 2), ['a', 'b']);
    assert.deepEqual(await page(0, 10, 'fans'), ['b', 'd']);
    // Erasure takes a contact's log with it; a row left behind by other means is skipped, not counted.
    await store.sql.run(`DELETE FROM contacts WHERE id = 'b'`);
    assert.deepEqual(await page(0, 2), ['a', 'c']);
    assert.deepEqual(await page(0, 1, 'fans'), ['d']);
  } finally {
    await store.close();
  }
});

test('calls logging few changes and one logging many store the same rows; the transaction reads them before it commits, and a rollback leaves none', async () => {
  const ids = Array.from({ length: 300 }, (_, i) => `c${String(i).padStart(3, '0')}`);
  const logged = async (calls: number[][]): Promise<unknown> => {
    const store = await DuckDBStore.open(':memory:');
    try {
      await store.writeContacts(ids.map((id) => ({ id, values: {} })), NOW - 5000);
      await (await Workspace.open(store, NOW)).applySegments([{ name: 'VIP', alias: 'vip', kind: 'manual' }]);
      // Each contact enters, and every third leaves again within the same call.
      const changes = ids.flatMap((id, i) => [
        { segment: 'vip', contactId: id, change: 'entered' as const, at: NOW + i, cause: 'data' as const },
        ...(i % 3 ? [] : [{ segment: 'vip', contactId: id, change: 'left' as const, at: NOW + i + 1, cause: 'time' as const }]),
      ]);
      let from = 0;
      for (const [n] of calls) {
        const part = changes.slice(from, from + n);
        from += n;
        const seen = await store.transaction(async () => {
          await store.recordChanges(part);
          return Number((await store.sql.rows('SELECT count(*) AS n FROM changes'))[0].n);
        });
        assert.equal(seen, from, 'the transaction reads what it logged before it commits');
      }
      // A group that fails after logging its changes leaves none of them.
      await assert.rejects(store.transaction(async () => {
        await store.recordChanges([{ segment: 'vip', contactId: ids[1], change: 'left', at: NOW + 999, cause: 'data' }]);
        throw new Error('the group fails');
      }), /the group fails/);
      return {
        log: await store.sql.rows('SELECT segment_id, contact, entered, "at", cause FROM changes ORDER BY seq'),
        pending: await store.sql.rows(`SELECT segment_id, contact, entered, "at" ${PAST_FOLD} ORDER BY contact, "at"`),
        members: (await store.members('vip')).sort(),
      };
    } finally {
      await store.close();
    }
  };
  const total = ids.length + Math.ceil(ids.length / 3);
  const small = await logged(Array.from({ length: Math.ceil(total / 50) }, (_, i) => [Math.min(50, total - i * 50)]));
  const large = await logged([[total]]);
  assert.deepEqual(small, large);
  assert.equal((large as { members: string[] }).members.length, ids.length - ids.length / 3);
});

test('a change whose time is not a whole number is refused, and nothing of its call is logged', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.writeContacts([{ id: 'a', values: {} }], NOW - 5000);
    await (await Workspace.open(store, NOW)).applySegments([{ name: 'VIP', alias: 'vip', kind: 'manual' }]);
    await assert.rejects(store.recordChanges([
      { segment: 'vip', contactId: 'a', change: 'entered', at: NOW, cause: 'data' },
      { segment: 'vip', contactId: 'a', change: 'left', at: NOW + 0.5, cause: 'data' },
    ]), /not a whole number/);
    assert.deepEqual(await store.sql.rows('SELECT * FROM changes'), []);
  } finally {
    await store.close();
  }
});

test('a data directory whose live changes wait in the old buffer table opens with them folded and the table gone', async () => {
  await withDir(async (dir) => {
    let store = await DuckDBStore.open(dir);
    try {
      await store.writeContacts(['a', 'b'].map((id) => ({ id, values: {} })), NOW - 5000);
      const ws = await Workspace.open(store, NOW);
      await ws.applySegments([{ name: 'VIP', alias: 'vip', kind: 'manual' }]);
      await store.setManual('vip', ['a'], 'include');
      await ws.rebuild(['vip']);
      // As an earlier release left it: a entered, then b entered and a left, buffered beside the log.
      const [{ id }] = await store.sql.rows(`SELECT id FROM segments WHERE alias = 'vip'`);
      const keys = new Map((await store.sql.rows('SELECT id, _key FROM contacts')).map((r) => [r.id, Number(r._key)]));
      await store.sql.run('CREATE TABLE member_pending (segment_id INTEGER, contact BIGINT, entered BOOLEAN, "at" BIGINT, seq BIGINT)');
      await store.sql.run(`INSERT INTO changes (segment_id, contact, entered, "at", seq, cause) VALUES (${id}, ${keys.get('b')}, true, ${NOW + 1}, nextval('change_seq'), 'data')`);
      await store.sql.run(`INSERT INTO changes (segment_id, contact, entered, "at", seq, cause) VALUES (${id}, ${keys.get('a')}, false, ${NOW + 2}, nextval('change_seq'), 'data')`);
      await store.sql.run(`INSERT INTO member_pending SELECT segment_id, contact, entered, "at", seq FROM changes WHERE "at" > ${NOW}`);
      await store.sql.run('DROP TABLE member_folded');
    } finally {
      await store.close();
    }
    store = await DuckDBStore.open(dir);
    try {
      assert.deepEqual(await store.members('vip'), ['b']);
      assert.deepEqual(await store.sql.rows(`SELECT table_name FROM information_schema.tables WHERE table_name = 'member_pending'`), []);
      assert.equal(await pendingRows(store), 0);
      // And live changes after it fold as any others.
      await store.recordChanges([{ segment: 'vip', contactId: 'a', change: 'entered', at: NOW + 3, cause: 'data' }]);
      assert.deepEqual((await store.members('vip')).sort(), ['a', 'b']);
    } finally {
      await store.close();
    }
  });
});
