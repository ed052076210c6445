import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContactCache, NO_MANUAL, NO_SEGMENTS, propertyKeys } from '../../src/realtime/contact-cache.js';

test('the event properties kept are exactly the top-level keys and dotted paths segments read', () => {
  const keys = propertyKeys([{
    alias: 'a', name: 'A', description: null, category: null, kind: 'dynamic', createdAt: 0, updatedAt: 0,
    condition: { type: 'and', conditions: [
      { type: 'event', event: 'purchase', measure: 'sum', property: 'amount', op: 'gt', value: 1 },
      { type: 'event', event: 'view', where: { type: 'field', field: 'page.path', op: 'eq', value: '/' } },
    ] },
  }]);
  assert.deepEqual(keys.sort(), ['amount', 'page', 'page.path']);
});

test('the cache keeps each contact\'s key, memberships, manual decisions and events by row: a change through one read of a contact is seen by the next, and a reused row holds nothing of its last contact', () => {
  const cache = new ContactCache();
  cache.clear(['city'], ['amount']);
  const vip = new Set(['vip']);
  const manual = new Map([['vip', 'include' as const]]);
  // An import numbers keys from 2^32 on: kept exactly.
  const a = cache.add('a', { city: 'Bern' }, { key: 2 ** 32 + 7, events: [{ name: 'purchase', ts: 5, properties: { amount: 12.5 } }], member: NO_SEGMENTS, manual });
  cache.add('b', {}, { key: 3, events: [], member: cache.members(vip), manual: NO_MANUAL });
  assert.equal(a.key, 2 ** 32 + 7);
  assert.equal(a.manual, manual);
  a.member = cache.members(new Set(['vip']), a.member);
  const again = cache.get('a');
  assert.ok(again);
  assert.deepEqual([...again.member], ['vip']);
  assert.equal(again.member, cache.get('b')?.member, 'one shared set for equal memberships');
  cache.insertEvent(again, 'login', 1, {});
  assert.deepEqual(cache.events(again).events.map((e) => [e.name, e.ts, e.properties.amount]), [['login', 1, undefined], ['purchase', 5, 12.5]]);
  assert.equal(cache.get('b')?.key, 3);
  cache.delete('a');
  assert.equal(cache.get('a'), undefined);
  assert.equal(cache.size, 1);
  const c = cache.add('c', {}, { key: 9, events: [], member: NO_SEGMENTS, manual: NO_MANUAL });
  assert.equal(c.row, a.row, 'the row is used again');
  assert.equal(c.member, NO_SEGMENTS);
  assert.equal(c.manual, NO_MANUAL);
  assert.deepEqual(cache.events(c).events, []);
  assert.equal(c.key, 9);
});
