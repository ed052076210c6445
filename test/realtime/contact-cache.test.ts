import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventRecord } from '../../src/evaluate/index.js';
import { EventNames, PackedEvents, propertyKeys, propertyProjection } from '../../src/realtime/contact-cache.js';

// Names are numbered in a table shared by every contact; past its limit a contact keeps
// its names as they are. Both ways must give back the same events.
for (const limit of [0xffff, 2]) {
  test(`packed events give back what was put in, in time order, later inserts after equal times, properties only where some were kept (name table of ${limit})`, () => {
    const names = new EventNames(limit);
    const reference: EventRecord[] = [];
    const packed = PackedEvents.from([], names);
    const add = (name: string, ts: number, properties: Record<string, unknown>): void => {
      packed.insert(names, name, ts, properties);
      let i = reference.length;
      while (i > 0 && reference[i - 1].ts > ts) i--;
      reference.splice(i, 0, { name, ts, properties });
    };
    add('page_view', 1_700_000_000_000, {});
    add('page_view', 1_600_000_000_000, {});
    assert.deepEqual(packed.view(names).events, reference);
    add('purchase', 1_650_000_000_000, { amount: 12.5 });
    add('login', 1_650_000_000_000, {});
    add('purchase', 1_800_000_000_000, { amount: 0, nested: { a: [1] } });
    add('old', -86_400_000, {});
    assert.equal(packed.length, 6);
    assert.deepEqual(packed.view(names).events, reference);
    assert.deepEqual(packed.view(names).events.map((e) => e.name), ['old', 'page_view', 'purchase', 'login', 'page_view', 'purchase']);
    assert.deepEqual(packed.view(names).named(['purchase']).map((e) => e.ts), [1_650_000_000_000, 1_800_000_000_000]);
    // One name's times, without its events: the same as its events' times, for every name.
    for (const name of ['old', 'page_view', 'purchase', 'login', 'never_seen']) {
      assert.deepEqual(packed.view(names).timesNamed(name), reference.filter((e) => e.name === name).map((e) => e.ts), name);
    }
    // Another contact packed after the table filled up still reads its own names.
    const other = PackedEvents.from([{ name: 'signup', ts: 1, properties: {} }, { name: 'page_view', ts: 2, properties: {} }], names);
    assert.deepEqual(other.view(names).events.map((e) => e.name), ['signup', 'page_view']);
  });
}

test('a contact with many thousands of events keeps every name in order', () => {
  const names = new EventNames();
  const events = Array.from({ length: 20_000 }, (_, i) => ({ name: `e${i % 300}`, ts: i, properties: {} }));
  const view = PackedEvents.from(events, names).view(names);
  assert.deepEqual(view.events.map((e) => e.name), events.map((e) => e.name));
});

test('a view unpacks only the names asked for, each event once, the same objects by name and in full', () => {
  const names = new EventNames();
  const packed = PackedEvents.from([
    { name: 'a', ts: 1, properties: {} }, { name: 'b', ts: 2, properties: { x: 1 } }, { name: 'a', ts: 3, properties: {} }, { name: 'c', ts: 3, properties: {} },
  ], names);
  const view = packed.view(names);
  const a = view.named(['a']);
  assert.deepEqual(a.map((e) => e.ts), [1, 3]);
  assert.equal(view.named(['a']), a, 'a name asked again is not unpacked again');
  assert.deepEqual(view.named(['c', 'b']).map((e) => [e.name, e.ts]), [['b', 2], ['c', 3]]);
  assert.deepEqual(view.named(['zz']), []);
  const all = view.events;
  assert.deepEqual(all.map((e) => e.name), ['a', 'b', 'a', 'c']);
  assert.equal(all[0], a[0]);
  assert.equal(all[2], a[1]);
  assert.equal(view.named([null, 'a']), all);
  assert.deepEqual(all[1].properties, { x: 1 });
  assert.deepEqual(view.times, [1, 2, 3, 3]);
});

test('the projection keeps exactly the top-level keys and dotted paths segments read', () => {
  const keys = propertyKeys([{
    alias: 'a', name: 'A', description: null, category: null, kind: 'dynamic', createdAt: 0, updatedAt: 0,
    condition: { type: 'and', conditions: [
      { type: 'event', event: 'purchase', measure: 'sum', property: 'amount', op: 'gt', value: 1 },
      { type: 'event', event: 'view', where: { type: 'field', field: 'page.path', op: 'eq', value: '/' } },
    ] },
  }]);
  assert.deepEqual(keys.sort(), ['amount', 'page', 'page.path']);
  const project = propertyProjection(keys);
  assert.deepEqual(project({ amount: 3, other: 'x', page: { path: '/' }, 'page.path': 1 }), { amount: 3, page: { path: '/' }, 'page.path': 1 });
  assert.deepEqual(project({ other: 'x' }), {});
  // Equal kept values share one object; different ones do not.
  const a = project({ amount: 3, other: 'x' });
  assert.equal(project({ amount: 3, other: 'y', more: [1] }), a);
  assert.notEqual(project({ amount: 4 }), a);
  assert.deepEqual(project({ amount: 4 }), { amount: 4 });
  assert.notEqual(project({ amount: '3' }), a, 'the text "3" is not the number 3');
});
