import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Workspace } from '../../src/engine/index.js';
import { DuckDBStore } from '../../src/store/index.js';

const NOW = Date.parse('2026-10-25T09:00:00Z');
const EVERYONE = [{ name: 'Everyone', alias: 'everyone', condition: { type: 'all' } }];

test('memberships follow their contacts through updates, new contacts and contacts made by events', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.writeContacts([{ id: 'a', values: {} }, { id: 'b', values: {} }], NOW - 3000);
    const ws = await Workspace.open(store, NOW);
    await ws.applySegments(EVERYONE);
    // One import updates b (rewritten in place), adds c (given twice) and f; events then
    // make d and e, several events each. Two contacts sharing a key would be one member.
    await store.writeContacts([
      { id: 'c', values: { first_name: 'C' } }, { id: 'b', values: { first_name: 'Ben' } },
      { id: 'f', values: {} }, { id: 'c', values: { first_name: 'Cleo' } },
    ], NOW - 2000);
    const login = (contactId: string, ts: number) => ({ contactId, name: 'login', ts, properties: {}, messageId: null });
    await store.writeEvents([login('d', NOW - 1100), login('e', NOW - 1050), login('d', NOW - 1000), login('a', NOW - 900), login('e', NOW - 800)], NOW - 1000);
    await store.writeContacts([{ id: 'a', values: { first_name: 'Ada' } }], NOW - 500);
    const [r] = await ws.rebuild(['everyone']);
    assert.deepEqual({ entered: r.entered, left: r.left, total: r.total }, { entered: 4, left: 0, total: 6 });
    assert.deepEqual(await ws.members('everyone'), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual((await store.changes('everyone')).map((c) => `${c.change} ${c.contactId}`), ['entered a', 'entered b', 'entered c', 'entered d', 'entered e', 'entered f']);
    assert.equal(await store.isMember('everyone', 'b'), true);
    assert.deepEqual((await store.memberRows('everyone')).map((x) => [x.id, x.first_name]), [['a', 'Ada'], ['b', 'Ben'], ['c', 'Cleo'], ['d', null], ['e', null], ['f', null]]);
  } finally {
    await store.close();
  }
});

test('a data directory from before contact keys keeps its memberships and change log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-keys-'));
  try {
    const instance = await DuckDBInstance.create(join(dir, 'segmint.duckdb'));
    const db = await instance.connect();
    for (const sql of [
      `CREATE TABLE contacts (id VARCHAR, email VARCHAR, phone VARCHAR, first_name VARCHAR, last_name VARCHAR, created_at BIGINT, tags VARCHAR[])`,
      `INSERT INTO contacts (id, created_at) VALUES ('x', 1), ('y', 1), ('z', 1)`,
      `CREATE TABLE segments (alias VARCHAR, name VARCHAR, description VARCHAR, category VARCHAR, kind VARCHAR, condition VARCHAR, created_at BIGINT, updated_at BIGINT)`,
      `INSERT INTO segments VALUES ('some', 'Some', NULL, NULL, 'manual', NULL, 1, 1)`,
      `CREATE TABLE memberships (segment VARCHAR, contact_id VARCHAR, since BIGINT)`,
      `INSERT INTO memberships VALUES ('some', 'y', 5), ('some', 'z', 7)`,
      `CREATE TABLE changes (segment VARCHAR, contact_id VARCHAR, change VARCHAR, "at" BIGINT)`,
      `INSERT INTO changes VALUES ('some', 'x', 'entered', 3), ('some', 'y', 'entered', 5), ('some', 'x', 'left', 6), ('some', 'z', 'entered', 7)`,
    ]) await db.run(sql);
    db.closeSync();
    instance.closeSync();

    const store = await DuckDBStore.open(dir);
    try {
      assert.deepEqual(await store.members('some'), ['y', 'z']);
      assert.deepEqual((await store.changes('some')).map((c) => `${c.at} ${c.change} ${c.contactId}`), ['3 entered x', '5 entered y', '6 left x', '7 entered z']);
      // New contacts get keys of their own, after the ones given on opening.
      await store.writeContacts([{ id: 'w', values: {} }], NOW);
      await store.setManual('some', ['w'], 'include');
      const ws = await Workspace.open(store, NOW);
      await ws.rebuild(['some']);
      assert.deepEqual(await store.members('some'), ['w']);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a deleted segment takes its members and log along: a segment saved after it starts a new history', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    await store.writeContacts([{ id: 'a', values: { first_name: 'Ada' } }, { id: 'b', values: {} }], NOW - 3000);
    const ws = await Workspace.open(store, NOW);
    await ws.applySegments([...EVERYONE, { name: 'Named', alias: 'named', condition: { type: 'field', field: 'first_name', op: 'is_set' } }]);
    await ws.deleteSegment('named');
    // The new segment may be given the deleted one's key; it must not inherit its rows.
    await ws.applySegments([{ name: 'Unnamed', alias: 'unnamed', condition: { type: 'field', field: 'first_name', op: 'is_not_set' } }]);
    assert.deepEqual(await ws.members('unnamed'), ['b']);
    assert.deepEqual((await store.changes('unnamed')).map((c) => `${c.change} ${c.contactId}`), ['entered b']);
    await ws.applySegments([{ name: 'Named', alias: 'named', condition: { type: 'field', field: 'first_name', op: 'is_set' } }]);
    assert.deepEqual((await store.changes('named')).map((c) => `${c.change} ${c.contactId}`), ['entered a']);
    assert.deepEqual(Object.fromEntries(await store.memberCounts()), { everyone: 2, unnamed: 1, named: 1 });
  } finally {
    await store.close();
  }
});

test('every way of making a contact gives it a key no other contact has, across restarts and rolled-back writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-keys-'));
  const login = (contactId: string, ts: number) => ({ contactId, name: 'login', ts, properties: {}, messageId: null });
  try {
    for (let round = 0; round < 2; round++) {
      const store = await DuckDBStore.open(dir);
      try {
        const r = `r${round}-`;
        await store.writeContacts([{ id: `${r}a`, values: {} }, { id: `${r}b`, values: {} }], NOW);
        await store.writeEvents([login(`${r}c`, NOW), login(`${r}d`, NOW), login(`${r}c`, NOW + 1)], NOW);
        await store.appendEvents([login(`${r}e`, NOW), login(`${r}f`, NOW)], [`${r}e`, `${r}f`], NOW);
        await store.appendEvents([], [`${r}anon`], NOW);
        await store.mergeContact(`${r}anon`, `${r}known`, NOW);
        // A write that rolls back still uses up its keys; the next one must not reuse any stored.
        await assert.rejects(store.transaction(async () => {
          await store.appendEvents([], [`${r}gone`], NOW);
          throw new Error('rolled back');
        }));
        await store.writeContacts([{ id: `${r}g`, values: {} }], NOW);
        const [k] = await store.sql.rows('SELECT count(*) AS n, count(DISTINCT _key) AS keys, count(_key) AS keyed FROM contacts');
        assert.equal(Number(k.n), 8 * (round + 1));
        assert.equal(Number(k.keys), Number(k.n), `round ${round}: two contacts share a key`);
        assert.equal(Number(k.keyed), Number(k.n));
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
