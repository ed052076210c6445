import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventRecord } from '../../src/evaluate/index.js';
import { PackedEvents, propertyKeys, propertyProjection } from '../../src/realtime/contact-cache.js';

test('packed events give back what was put in, in time order, later inserts after equal times, properties only where some were kept', () => {
  const reference: EventRecord[] = [];
  const packed = PackedEvents.from([], (n) => n);
  const add = (name: string, ts: number, properties: Record<string, unknown>): void => {
    packed.insert(name, ts, properties);
    let i = reference.length;
    while (i > 0 && reference[i - 1].ts > ts) i--;
    reference.splice(i, 0, { name, ts, properties });
  };
  add('page_view', 1_700_000_000_000, {});
  add('page_view', 1_600_000_000_000, {});
  assert.deepEqual(packed.view().events, reference);
  add('purchase', 1_650_000_000_000, { amount: 12.5 });
  add('login', 1_650_000_000_000, {});
  add('purchase', 1_800_000_000_000, { amount: 0, nested: { a: [1] } });
  add('old', -86_400_000, {});
  assert.equal(packed.length, 6);
  assert.deepEqual(packed.view().events, reference);
  assert.deepEqual(packed.view().events.map((e) => e.name), ['old', 'page_view', 'purchase', 'login', 'page_view', 'purchase']);
});

test('a view unpacks only the names asked for, each event once, the same objects by name and in full', () => {
  const packed = PackedEvents.from([
    { name: 'a', ts: 1, properties: {} }, { name: 'b', ts: 2, properties: { x: 1 } }, { name: 'a', ts: 3, properties: {} }, { name: 'c', ts: 3, properties: {} },
  ], (n) => n);
  const view = packed.view();
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
