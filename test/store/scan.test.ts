import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBStore, type StoredContact } from '../../src/store/index.js';

const NOW = Date.parse('2026-10-25T09:00:00Z');

/** Every chunk of a scan: its ids and its contacts, as the scan hands them over. */
async function scanAll(store: DuckDBStore, chunk: number, opts?: Parameters<DuckDBStore['scanContacts']>[2]): Promise<{ ids: string[][]; contacts: StoredContact[] }> {
  const ids: string[][] = [];
  const contacts: StoredContact[] = [];
  await store.scanContacts(chunk, async (c) => {
    ids.push([...c.ids]);
    c.forEach((d) => contacts.push(d));
  }, opts);
  return { ids, contacts };
}

test('a scan hands over every contact once, in chunks, each with its own events in time order, as a load reads them', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    // Events of neighbours interleave in time; some contacts have none; ids sort as text.
    await store.writeContacts([{ id: 'a', values: { first_name: 'Ada' } }, { id: 'b10', values: {} }, { id: 'b9', values: { email: 'b9@example.com' } }, { id: 'z', values: {} }], NOW - 5000);
    const ev = (contactId: string, name: string, ts: number, properties: Record<string, unknown> = {}) => ({ contactId, name, ts, properties, messageId: null });
    await store.writeEvents([
      ev('b9', 'purchase', NOW - 900, { amount: 12, sku: '007' }), ev('a', 'login', NOW - 800), ev('b9', 'login', NOW - 1000),
      ev('y', 'login', NOW - 700), ev('a', 'purchase', NOW - 1200, { amount: 3.5 }), ev('z', 'page_view', NOW - 10, { url: '/p?q=1' }),
    ], NOW - 500);
    // An event whose contact is gone (read by nobody) sits between two contacts' events.
    await store.sql.run(`INSERT INTO events VALUES ('b95', 'login', ${NOW - 600}, '{}', NULL)`);
    // A scan leaves empty fields out (they read as missing); a load gives them as null.
    // Without a prototype: a missing field named `constructor` reads as missing.
    const sparse = (values: object) => Object.assign(Object.create(null) as object, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)));
    const loaded = (await store.loadContacts()).map((d) => ({ ...d, contact: { id: d.contact.id, values: sparse(d.contact.values) } }));
    for (const size of [1, 2, 3, 100]) {
      const { ids, contacts } = await scanAll(store, size);
      assert.deepEqual(ids.flat(), ['a', 'b10', 'b9', 'y', 'z'], `chunks of ${size}`);
      assert.ok(ids.every((c) => c.length <= size));
      assert.deepEqual(contacts.map((c) => c.contact.id), ids.flat(), 'contacts in the order of the ids');
      assert.deepEqual(contacts, loaded.sort((p, q) => (p.contact.id < q.contact.id ? -1 : 1)), `chunks of ${size}: as loaded`);
    }
    // Only the fields and properties asked for.
    const { contacts } = await scanAll(store, 2, { fields: ['email'], properties: ['amount'] });
    const b9 = contacts.find((c) => c.contact.id === 'b9') as StoredContact;
    assert.deepEqual(b9.contact.values, sparse({ email: 'b9@example.com' }));
    assert.equal(b9.contact.values.constructor, undefined);
    assert.deepEqual(b9.events.map((e) => [e.name, e.properties]), [['login', {}], ['purchase', { amount: 12 }]]);
    // Stopping early reads no further chunk.
    let chunks = 0;
    await store.scanContacts(2, async () => { chunks++; return false; });
    assert.equal(chunks, 1);
  } finally {
    await store.close();
  }
});
