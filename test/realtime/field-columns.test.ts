import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldColumns } from '../../src/realtime/field-columns.js';
import { ContactCache, NO_MANUAL, NO_SEGMENTS } from '../../src/realtime/contact-cache.js';
import type { FieldValue } from '../../src/fields/types.js';
import { PRESENT } from '../../src/evaluate/index.js';

/** Every value a row's view gives, as a plain object. */
function plain(view: Readonly<Record<string, FieldValue | null | undefined>>): Record<string, FieldValue | null> {
  const out: Record<string, FieldValue | null> = {};
  for (const k in view) {
    const v = view[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
const values = (cols: FieldColumns, row: number) => plain(cols.view(row));

test('field columns give back every kept value unchanged: numbers past small integers, -0, text, lists, booleans, null; others are dropped', () => {
  const cols = new FieldColumns(['created_at', 'score', 'city', 'tags', 'vip', 'note']);
  const a = cols.add({ created_at: 1_764_460_800_123, score: -0, city: '08123', tags: ['a', 'b'], vip: false, note: null, unread: 'dropped' });
  const b = cols.add({ score: 2 ** 53 + 2, city: 'Zürich' });
  assert.deepEqual(values(cols, a), { created_at: 1_764_460_800_123, score: -0, city: '08123', tags: ['a', 'b'], vip: false, note: null });
  assert.ok(Object.is(values(cols, a).score, -0));
  assert.deepEqual(values(cols, b), { score: 2 ** 53 + 2, city: 'Zürich' });
  // A merge changes only the keys given; a value may change kind (a number to text and back).
  cols.write(a, { score: 'high', city: undefined });
  assert.deepEqual(values(cols, a), { created_at: 1_764_460_800_123, score: 'high', tags: ['a', 'b'], vip: false, note: null });
  cols.write(a, { score: 0.1 + 0.2 });
  assert.equal(values(cols, a).score, 0.1 + 0.2);
});

test('field columns reuse released rows empty, and keep every row exact as they grow page by page', () => {
  const cols = new FieldColumns(['n', 's']);
  const rows: number[] = [];
  // A text column first written far past its start (pages hold 16,384 rows), and numbers in every row.
  const at = (i: number) => (i % 1_000 === 999 || i > 33_000 ? { n: i * 1e9, s: `t${i}` } : { n: i * 1e9 });
  for (let i = 0; i < 40_000; i++) rows.push(cols.add(at(i)));
  for (let i = 0; i < 40_000; i++) assert.deepEqual(values(cols, rows[i]), at(i));
  cols.release(rows[999]);
  const again = cols.add({});
  assert.equal(again, rows[999], 'a released row is used again');
  assert.deepEqual(values(cols, again), {}, 'and holds nothing of its last contact');
});

test('the cache keeps only the fields it was told the segments read, replaces a contact added twice and frees its row on delete', () => {
  const cache = new ContactCache();
  cache.clear(['city']);
  const state = () => ({ key: 1, events: [], member: NO_SEGMENTS, manual: NO_MANUAL });
  const st = cache.add('c1', { city: 'Bern', email: 'x@example.com' }, state());
  assert.equal(cache.record(st).id, 'c1');
  assert.deepEqual(plain(cache.record(st).values), { city: 'Bern' });
  cache.write(st, { city: 'Basel', email: 'y@example.com' });
  assert.deepEqual(plain(cache.record(st).values), { city: 'Basel' });
  const replaced = cache.add('c1', { city: 'Genf' }, state());
  assert.equal(cache.size, 1);
  assert.equal(cache.get('c1')?.row, replaced.row);
  assert.deepEqual(plain(cache.record(replaced).values), { city: 'Genf' });
  cache.delete('c1');
  assert.equal(cache.get('c1'), undefined);
  const other = cache.add('c2', {}, state());
  assert.deepEqual(plain(cache.record(other).values), {}, 'a reused row starts empty');
});

test('field columns share repeated lists between contacts, give each value back unchanged, and stop sharing a column whose values prove distinct', () => {
  const cols = new FieldColumns(['city', 'tags', 'ids']);
  const rows: number[] = [];
  for (let i = 0; i < 40_000; i++) {
    // Built afresh each time, as a store read or a parsed request gives them.
    rows.push(cols.add({ city: ['Zürich', 'Bern', '08123'][i % 3], tags: ['vip', `t${i % 5}`], ids: [`id-${i}`] }));
  }
  assert.deepEqual(values(cols, rows[7]), { city: 'Bern', tags: ['vip', 't2'], ids: ['id-7'] });
  assert.deepEqual(values(cols, rows[39_998]), { city: '08123', tags: ['vip', 't3'], ids: ['id-39998'] });
  assert.equal(values(cols, rows[1]).tags, values(cols, rows[11]).tags, 'one list for equal lists');
  assert.ok(Object.isFrozen(values(cols, rows[1]).tags), 'a shared list cannot be changed in place');
  // Every list of `ids` was new: past the floor the column keeps each as it came.
  const x = cols.add({ ids: ['same'] }), y = cols.add({ ids: ['same'] });
  assert.notEqual(values(cols, x).ids, values(cols, y).ids);
  assert.deepEqual(values(cols, y).ids, ['same']);
  // A text that reads like a list's JSON stays text, and a list stays a list.
  const t = cols.add({ tags: '["vip","t1"]' });
  assert.equal(values(cols, t).tags, '["vip","t1"]');
  assert.deepEqual(values(cols, rows[1]).tags, ['vip', 't1']);
});

test('a row view reads its columns when asked: it follows later writes, and a field not kept or named like an Object method reads undefined', () => {
  const cols = new FieldColumns(['city', 'constructor']);
  const row = cols.add({ city: 'Bern' });
  const view = cols.view(row);
  assert.equal(view.city, 'Bern');
  cols.write(row, { city: 'Basel' });
  assert.equal(view.city, 'Basel');
  assert.equal(view.email, undefined);
  assert.equal(view.constructor, undefined);
  assert.equal(view.toString, undefined);
  cols.write(row, { constructor: 'kept' });
  assert.equal(view.constructor, 'kept');
});

test('a column whose texts prove distinct keeps them as characters and gives each back exactly, through overwrites, clears and compaction', () => {
  const cols = new FieldColumns(['email']);
  const rows: number[] = [];
  const at = (i: number, round: number) => `user${i}.${round}@example.com`;
  for (let i = 0; i < 40_000; i++) rows.push(cols.add({ email: at(i, 0) }));
  // Texts a conversion would change: a leading zero, a lone surrogate, emoji, accents, an empty text, a long one.
  const odd = ['08123', '\ud800x', '😀 Zoë', '', 'x'.repeat(20_000) + 'ü', '  spaced  '];
  const oddRows = odd.map((email) => cols.add({ email }));
  odd.forEach((v, k) => assert.equal(values(cols, oddRows[k]).email, v));
  // Every row rewritten twice and every third cleared: more characters abandoned than held, so the column compacts.
  for (let round = 1; round <= 2; round++) for (let i = 0; i < 40_000; i++) cols.write(rows[i], { email: at(i, round) });
  for (let i = 0; i < 40_000; i += 3) cols.write(rows[i], { email: undefined });
  for (let i = 0; i < 40_000; i++) assert.equal(values(cols, rows[i]).email, i % 3 === 0 ? undefined : at(i, 2), `row ${i}`);
  odd.forEach((v, k) => assert.equal(values(cols, oddRows[k]).email, v, `odd ${k} after compaction`));
  // A number and a list replace a text, and a text replaces them.
  cols.write(rows[1], { email: 42 });
  assert.equal(values(cols, rows[1]).email, 42);
  cols.write(rows[1], { email: ['a'] });
  assert.deepEqual(values(cols, rows[1]).email, ['a']);
  cols.write(rows[1], { email: 'back@example.com' });
  assert.equal(values(cols, rows[1]).email, 'back@example.com');
  // A released row reused starts empty.
  cols.release(rows[2]);
  assert.deepEqual(values(cols, cols.add({})), {});
});

test('texts past a block of characters go on in the next without moving what is held, and a long text is kept whole', () => {
  const cols = new FieldColumns(['email']);
  const at = (i: number) => `someone.with.a.longer.name.${i}@example.com`;
  const rows: number[] = [];
  // About 4.5M characters: several blocks, and texts that do not fit a block's rest.
  for (let i = 0; i < 100_000; i++) rows.push(cols.add({ email: at(i) }));
  const long = 'ü'.repeat(5_000);
  const longRow = cols.add({ email: long });
  for (let i = 0; i < 100_000; i += 997) assert.equal(values(cols, rows[i]).email, at(i), `row ${i}`);
  assert.equal(values(cols, rows[99_999]).email, at(99_999));
  assert.equal(values(cols, longRow).email, long);
  // Rewritten: the old characters are abandoned, compacted away, and every row still reads its own.
  for (let i = 0; i < 100_000; i++) cols.write(rows[i], { email: `${at(i)}.new` });
  for (let i = 0; i < 100_000; i++) assert.equal(values(cols, rows[i]).email, `${at(i)}.new`, `row ${i} rewritten`);
  assert.equal(values(cols, longRow).email, long);
});

test('field columns side by side stay each their own: random writes, clears and releases over five columns agree with plain objects, and say which are set without reading them', () => {
  const keys = ['n', 'city', 'email', 'tags', 'mixed'];
  const cols = new FieldColumns(keys);
  let seed = 11;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed % n;
  };
  const valueFor = (k: string): FieldValue | null | undefined => {
    if (rand(8) === 0) return undefined;
    switch (k) {
      case 'n': return rand(2) ? rand(1_000) : 1e12 + rand(1_000_000) + 0.5;
      case 'city': return ['Bern', 'Zürich', 'Genève', '08123'][rand(4)];
      // Distinct enough to be kept as characters (and compacted as they are overwritten).
      case 'email': return rand(10) ? `person${rand(1_000_000)}@example.com` : '';
      case 'tags': return rand(3) ? ['a', `t${rand(50)}`] : [];
      default: return [rand(10), `x${rand(10_000)}`, true, null, ['l'], '', [], false][rand(8)] as FieldValue | null;
    }
  };
  const model = new Map<number, Record<string, FieldValue | null>>();
  for (let step = 0; step < 120_000; step++) {
    const op = rand(20);
    if (op === 0 && model.size) {
      const row = [...model.keys()][rand(model.size)];
      cols.release(row);
      model.delete(row);
    } else if (op < 4 || !model.size) {
      const values: Record<string, FieldValue | null | undefined> = {};
      for (const k of keys) values[k] = valueFor(k);
      const row = cols.add(values);
      assert.ok(!model.has(row), `row ${row} handed out twice`);
      model.set(row, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, FieldValue | null>);
    } else {
      const row = [...model.keys()][rand(model.size)];
      const k = keys[rand(keys.length)];
      const v = valueFor(k);
      cols.write(row, { [k]: v });
      const m = model.get(row) as Record<string, FieldValue | null>;
      if (v === undefined) delete m[k];
      else m[k] = v;
    }
    if (model.size > 40_000) {
      // Past two pages: release a few so rows are reused.
      for (const row of [...model.keys()].slice(0, 100)) { cols.release(row); model.delete(row); }
    }
  }
  for (const [row, m] of model) {
    assert.deepEqual(values(cols, row), m, `row ${row}`);
    // What `is set` reads: set unless absent, null, empty text or an empty list.
    const view = cols.view(row) as unknown as { [PRESENT]: (k: string) => boolean };
    for (const k of [...keys, 'not_kept']) {
      const v = m[k];
      assert.equal(view[PRESENT](k), !(v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)), `row ${row} ${k} ${JSON.stringify(v)}`);
    }
  }
});
