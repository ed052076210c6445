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

test('events read back exactly whether a group sends them as SQL text with its commit or through the Appender', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const now = Date.parse('2026-10-25T09:00:00Z');
    const texts = ["o'brien", "'); DROP TABLE events; --", 'back\\slash \\\' \\n', 'line\nbreak\ttab', 'zürich 😀', '', '08123', ' padded ', '$1 ?'];
    // A NUL cannot travel in statement text: such a group goes through the Appender. (A lone
    // surrogate has no UTF-8 at all: it is refused where it enters, test/ingest/message.test.ts.)
    const odd = ['nul\u0000inside', 'pair \ud83d\ude00 whole'];
    const ev = (i: number, text: string) => ({ contactId: `c-${text}`, name: text, ts: now - i, properties: { text, i }, messageId: `m-${i}-${text}` });
    const small = texts.map((t, i) => ev(i, t));
    const oddOnes = odd.map((t, i) => ev(100 + i, t));
    // More than a literal group holds: the Appender.
    const large = Array.from({ length: 200 }, (_, i) => ev(1000 + i, texts[i % texts.length]));
    const made = new Set<string>();
    const keys = new Map<string, number>();
    for (const group of [small, oddOnes, large]) {
      const fresh = [...new Set(group.map((e) => e.contactId))].filter((id) => !made.has(id));
      fresh.forEach((id) => made.add(id));
      for (const [id, k] of await store.transaction(() => store.appendEvents(group, fresh, now))) keys.set(id, k);
    }
    // The contacts the events created, under exactly their ids, with the keys the call handed back.
    const stored = await store.sql.rows('SELECT id, CAST(_key AS DOUBLE) AS k, created_at FROM contacts');
    assert.deepEqual(new Map(stored.map((r) => [String(r.id), Number(r.k)])), keys);
    assert.equal(new Set(keys.values()).size, keys.size);
    assert.ok(stored.every((r) => Number(r.created_at) === now));
    const rows = await store.sql.rows('SELECT contact_id, name, ts, CAST(properties AS VARCHAR) AS p, message_id FROM events');
    const got = new Map(rows.map((r) => [String(r.message_id), r]));
    for (const e of [...small, ...oddOnes, ...large]) {
      const r = got.get(e.messageId);
      assert.ok(r, `event ${JSON.stringify(e.messageId)} stored`);
      assert.deepEqual([r.contact_id, r.name, Number(r.ts), JSON.parse(String(r.p))], [e.contactId, e.name, e.ts, e.properties], JSON.stringify(e.messageId));
    }
    assert.equal(rows.length, small.length + oddOnes.length + large.length);
    assert.equal(Number((await store.sql.rows('SELECT count(*) AS n FROM contacts'))[0].n), new Set([...small, ...oddOnes, ...large].map((e) => e.contactId)).size);
  } finally {
    await store.close();
  }
});

test('a group whose held statements fail rolls back whole, and the next group commits', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const now = Date.parse('2026-10-25T09:00:00Z');
    const ev = (messageId: string) => ({ contactId: 'a', name: 'buy', ts: now, properties: {}, messageId });
    await store.transaction(() => store.appendEvents([ev('m1')], ['a'], now));
    // A column of the events table is renamed behind the store's back: the held INSERT fails inside the one call that also carries BEGIN and COMMIT.
    await store.sql.run('ALTER TABLE events RENAME COLUMN message_id TO message_ref');
    await assert.rejects(store.transaction(() => store.appendEvents([ev('m2')], [], now)), /message_id/);
    await store.sql.run('ALTER TABLE events RENAME COLUMN message_ref TO message_id');
    await store.transaction(() => store.appendEvents([ev('m3')], [], now));
    const rows = await store.sql.rows('SELECT message_id FROM events ORDER BY message_id');
    assert.deepEqual(rows.map((r) => r.message_id), ['m1', 'm3']);
  } finally {
    await store.close();
  }
});

test('writes sent ahead of the commit land with it, or not at all', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const now = Date.parse('2026-10-25T09:00:00Z');
    const ev = (messageId: string) => ({ contactId: 'a', name: 'buy', ts: now, properties: {}, messageId });
    // Sent ahead, then more held: all of it lands with the commit.
    await store.transaction(async () => {
      await store.appendEvents([ev('m1'), ev('m2')], ['a'], now);
      store.sendAhead();
      await store.appendEvents([ev('m3')], [], now);
    });
    // Sent ahead, then the group fails on our side: none of it lands.
    await assert.rejects(store.transaction(async () => {
      await store.appendEvents([ev('m4')], [], now);
      store.sendAhead();
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('deciding failed');
    }), /deciding failed/);
    // The insert sent ahead fails: the group fails whole, and the next one commits.
    await store.sql.run('ALTER TABLE events RENAME COLUMN message_id TO message_ref');
    await assert.rejects(store.transaction(async () => {
      await store.appendEvents([ev('m5')], [], now);
      store.sendAhead();
      await store.appendEvents([ev('m6')], [], now);
    }), /message_id/);
    await store.sql.run('ALTER TABLE events RENAME COLUMN message_ref TO message_id');
    await store.transaction(() => store.appendEvents([ev('m7')], [], now));
    const rows = await store.sql.rows('SELECT message_id FROM events ORDER BY message_id');
    assert.deepEqual(rows.map((r) => r.message_id), ['m1', 'm2', 'm3', 'm7']);
    assert.equal(await store.countContacts(), 1);
  } finally {
    await store.close();
  }
});
