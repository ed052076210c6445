import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldColumns } from '../../src/realtime/field-columns.js';
import { ContactCache, NO_MANUAL, NO_SEGMENTS, PackedEvents } from '../../src/realtime/contact-cache.js';

test('field columns give back every kept value unchanged: numbers past small integers, -0, text, lists, booleans, null; others are dropped', () => {
  const cols = new FieldColumns(['created_at', 'score', 'city', 'tags', 'vip', 'note']);
  const a = cols.add({ created_at: 1_764_460_800_123, score: -0, city: '08123', tags: ['a', 'b'], vip: false, note: null, unread: 'dropped' });
  const b = cols.add({ score: 2 ** 53 + 2, city: 'Zürich' });
  assert.deepEqual(cols.values(a), { created_at: 1_764_460_800_123, score: -0, city: '08123', tags: ['a', 'b'], vip: false, note: null });
  assert.ok(Object.is(cols.values(a).score, -0));
  assert.deepEqual(cols.values(b), { score: 2 ** 53 + 2, city: 'Zürich' });
  // A merge changes only the keys given; a value may change kind (a number to text and back).
  cols.write(a, { score: 'high', city: undefined });
  assert.deepEqual(cols.values(a), { created_at: 1_764_460_800_123, score: 'high', tags: ['a', 'b'], vip: false, note: null });
  cols.write(a, { score: 0.1 + 0.2 });
  assert.equal(cols.values(a).score, 0.1 + 0.2);
});

test('field columns reuse released rows empty, and keep every row exact as they grow past their first capacity', () => {
  const cols = new FieldColumns(['n', 's']);
  const rows: number[] = [];
  // A text column first written far past its start, and numbers in every row.
  for (let i = 0; i < 5_000; i++) rows.push(cols.add(i % 1_000 === 999 ? { n: i * 1e9, s: `t${i}` } : { n: i * 1e9 }));
  for (let i = 0; i < 5_000; i++) assert.deepEqual(cols.values(rows[i]), i % 1_000 === 999 ? { n: i * 1e9, s: `t${i}` } : { n: i * 1e9 });
  cols.release(rows[999]);
  const again = cols.add({});
  assert.equal(again, rows[999], 'a released row is used again');
  assert.deepEqual(cols.values(again), {}, 'and holds nothing of its last contact');
});

test('the cache keeps only the fields it was told the segments read, replaces a contact added twice and frees its row on delete', () => {
  const cache = new ContactCache();
  cache.clear(['city']);
  const state = () => ({ key: 1, events: PackedEvents.from([], cache.names), member: NO_SEGMENTS, manual: NO_MANUAL });
  const st = cache.add('c1', { city: 'Bern', email: 'x@example.com' }, state());
  assert.deepEqual(cache.record(st), { id: 'c1', values: { city: 'Bern' } });
  cache.write(st, { city: 'Basel', email: 'y@example.com' });
  assert.deepEqual(cache.record(st).values, { city: 'Basel' });
  const replaced = cache.add('c1', { city: 'Genf' }, state());
  assert.equal(cache.size, 1);
  assert.equal(cache.get('c1'), replaced);
  assert.deepEqual(cache.record(replaced).values, { city: 'Genf' });
  cache.delete('c1');
  assert.equal(cache.get('c1'), undefined);
  const other = cache.add('c2', {}, state());
  assert.deepEqual(cache.record(other).values, {}, 'a reused row starts empty');
});
