import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventRecord } from '../../src/evaluate/index.js';
import { EventArena } from '../../src/realtime/event-arena.js';
import { Rng } from '../differential/generate.js';

const NAMES = ['page_view', 'purchase', 'login', 'add_to_cart', 'email_open'];
const PROPS = [{}, { amount: 12.5 }, { amount: 0, nested: { a: [1] } }, { category: 'shoes' }];

/** Insert into a plain list the way the arena must: after every event at the same time. */
function insertInto(list: EventRecord[], e: EventRecord): void {
  let i = list.length;
  while (i > 0 && list[i - 1].ts > e.ts) i--;
  list.splice(i, 0, e);
}

/** Events as plain records (a kept property set is read through its columns). */
function plain(events: readonly EventRecord[]): EventRecord[] {
  return events.map((e) => {
    const properties: Record<string, unknown> = {};
    for (const k in e.properties) if (e.properties[k] !== undefined) properties[k] = e.properties[k];
    return { name: e.name, ts: e.ts, properties };
  });
}

const KEYS = ['amount', 'nested', 'category'];

function check(arena: EventArena, reference: readonly EventRecord[][], label: string): void {
  reference.forEach((_, k) => {
    const view = arena.view(k);
    assert.deepEqual(plain(view.events), reference[k], `${label}: contact ${k}`);
    assert.deepEqual([...view.times], reference[k].map((e) => e.ts), `${label}: times of contact ${k}`);
    for (const name of [...NAMES, 'never_seen']) {
      assert.deepEqual(view.timesNamed(name), reference[k].filter((e) => e.name === name).map((e) => e.ts), `${label}: ${name} times of contact ${k}`);
    }
  });
}

for (const blockSize of [undefined, 8]) test(`an arena shared by many contacts gives each back exactly its events, in time order, later ones after equal times, through moves, releases and compactions (blocks of ${blockSize ?? 'default'} slots)`, () => {
  const rng = new Rng(7);
  // A low floor, so that compactions happen within the test's few thousand events; blocks
  // of 8 slots put spans in many blocks, and longer ones in blocks of their own.
  const arena = new EventArena(KEYS, 32, blockSize);
  const reference: EventRecord[][] = [];
  let compactions = 0;
  const event = (): EventRecord => ({ name: rng.pick(NAMES), ts: 1_700_000_000_000 + rng.int(-50, 50) * 1_000, properties: rng.pick(PROPS) });
  for (let round = 0; round < 40; round++) {
    // New contacts arrive with their events (not necessarily in order, as a store read may not be).
    for (let n = rng.int(1, 6); n > 0; n--) {
      const events = Array.from({ length: rng.int(0, 12) }, event);
      arena.place(reference.length, events);
      reference.push([...events].sort((a, b) => a.ts - b.ts));
    }
    // Events arrive for some of them, one at a time.
    for (let n = rng.int(0, 60); n > 0; n--) {
      const k = rng.int(0, reference.length - 1);
      const e = event();
      arena.insert(k, e.name, e.ts, e.properties);
      insertInto(reference[k], e);
    }
    // Some contacts are forgotten (and, as the cache does, placed again from a fresh read).
    if (rng.chance(0.5) && reference.length > 1) {
      const k = rng.int(0, reference.length - 1);
      arena.release(k);
      assert.equal(arena.view(k).events.length, 0, 'a released contact reads empty');
      arena.place(k, reference[k]);
    }
    if (arena.wasteful) {
      // In another order than the rows', as a cache's contacts may be.
      arena.compact(reference.map((_, k) => k).reverse());
      compactions++;
      assert.equal(arena.wasteful, false);
    }
    check(arena, reference, `round ${round}`);
  }
  assert.ok(compactions >= 2, `compacted ${compactions} times`);
  // Properties come back as they went in; events without any read as an empty object.
  const k = reference.findIndex((list) => list.some((e) => Object.keys(e.properties).length));
  const view = arena.view(k);
  assert.deepEqual(plain(view.events).map((e) => e.properties), reference[k].map((e) => e.properties));
});

test('a view taken before its contact moves or the arena is compacted still reads what it read', () => {
  const arena = new EventArena(['v'], 0);
  const a = 0, b = 1;
  arena.place(a, [{ name: 'x', ts: 1, properties: { v: 1 } }, { name: 'y', ts: 2, properties: {} }]);
  arena.place(b, [{ name: 'z', ts: 5, properties: {} }]);
  const before = arena.view(a);
  // Full: the next event moves the span to the end of the arena.
  arena.insert(a, 'x', 3, {});
  assert.deepEqual(plain(before.events).map((e) => [e.name, e.ts, e.properties]), [['x', 1, { v: 1 }], ['y', 2, {}]]);
  const moved = arena.view(a);
  arena.compact([b, a]);
  assert.deepEqual(moved.events.map((e) => [e.name, e.ts]), [['x', 1], ['y', 2], ['x', 3]]);
  assert.deepEqual(arena.view(a).events.map((e) => [e.name, e.ts]), [['x', 1], ['y', 2], ['x', 3]]);
  assert.deepEqual(arena.view(b).events.map((e) => [e.name, e.ts]), [['z', 5]]);
  assert.equal(arena.held, 4, 'compaction leaves no room but what the spans hold');
});

test('a contact with many thousands of events, and a workspace with more than 65,536 event names, keep every name', () => {
  const arena = new EventArena();
  const span = 0;
  const events = Array.from({ length: 20_000 }, (_, i) => ({ name: `e${i % 300}`, ts: i, properties: {} }));
  arena.place(span, events);
  assert.deepEqual(arena.view(span).events.map((e) => e.name), events.map((e) => e.name));
  // Crafted input can name every event differently: each still reads back its own name.
  const many = 1;
  arena.place(many, Array.from({ length: 70_000 }, (_, i) => ({ name: `n${i}`, ts: i, properties: {} })));
  const view = arena.view(many);
  assert.equal(view.events[69_999].name, 'n69999');
  assert.deepEqual(view.timesNamed('n65537'), [65_537]);
});

test('a view unpacks only the names asked for, each event once, the same objects by name and in full', () => {
  const arena = new EventArena(['x']);
  const span = 0;
  arena.place(span, [
    { name: 'a', ts: 1, properties: {} }, { name: 'b', ts: 2, properties: { x: 1 } }, { name: 'a', ts: 3, properties: {} }, { name: 'c', ts: 3, properties: {} },
  ]);
  const view = arena.view(span);
  const a = view.eventsNamed(['a']);
  assert.deepEqual(a.map((e) => e.ts), [1, 3]);
  assert.equal(view.eventsNamed(['a']), a, 'a name asked again is not unpacked again');
  assert.deepEqual(view.eventsNamed(['c', 'b']).map((e) => [e.name, e.ts]), [['b', 2], ['c', 3]]);
  assert.deepEqual(view.eventsNamed(['zz']), []);
  const all = view.events;
  assert.deepEqual(all.map((e) => e.name), ['a', 'b', 'a', 'c']);
  assert.equal(all[0], a[0]);
  assert.equal(all[2], a[1]);
  assert.equal(view.eventsNamed([null, 'a']), all);
  assert.deepEqual(plain([all[1]])[0].properties, { x: 1 });
  assert.deepEqual([...view.times], [1, 2, 3, 3]);
});

test('an event keeps exactly the properties segments read, each value unchanged, and one without any of them holds no row', () => {
  const arena = new EventArena(['amount', 'page', 'page.path', 'zip']);
  const span = 0;
  const sent = [
    { amount: 3, other: 'x', page: { path: '/' }, 'page.path': 1 },
    { other: 'x' },
    { amount: '3' },
    { amount: 0.1 + 0.2, zip: '08123' },
    { amount: 2 ** 53 + 2, zip: ['08123', '0'] },
  ];
  arena.place(span, sent.map((properties, i) => ({ name: 'purchase', ts: i, properties })));
  const got = plain(arena.view(span).events).map((e) => e.properties);
  assert.deepEqual(got, [
    { amount: 3, page: { path: '/' }, 'page.path': 1 },
    {},
    { amount: '3' },
    { amount: 0.30000000000000004, zip: '08123' },
    { amount: 9007199254740994, zip: ['08123', '0'] },
  ]);
  assert.equal(typeof got[2].amount, 'string', 'the text "3" stays text');
  const props = arena.view(span).events[0].properties;
  assert.equal(props.other, undefined, 'a property no segment reads is not kept');
  assert.equal(props.constructor, undefined, 'nor does one named like an Object method read as anything');
});

test('the arena grows a block at a time: what it holds is never copied to make room', () => {
  const arena = new EventArena([], 1 << 16, 1_024);
  arena.place(0, [{ name: 'a', ts: 1, properties: {} }, { name: 'b', ts: 2, properties: {} }]);
  const before = arena.view(0).times.buffer;
  // Far more slots than the first block holds.
  for (let row = 1; row <= 2_000; row++) arena.place(row, Array.from({ length: 10 }, (_, i) => ({ name: 'c', ts: i, properties: {} })));
  assert.equal(arena.view(0).times.buffer, before, 'the first contact still reads the block it was placed in');
  assert.deepEqual(arena.view(0).events.map((e) => e.name), ['a', 'b']);
  assert.deepEqual(arena.view(2_000).timesNamed('c'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(arena.held, 2 + 2_000 * 10);
});
