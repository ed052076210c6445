import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ContactCache, NO_MANUAL, NO_SEGMENTS, propertyKeys } from '../../src/realtime/contact-cache.js';
import { Schedule } from '../../src/realtime/schedule.js';

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

test('what the cache and the schedule keep holds no request body: ids, texts, lists, event names and property values read out of large bodies are copies', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const cache = new ContactCache();
  cache.clear(['city', 'note', 'tags'], ['url']);
  const schedule = new Schedule();
  const before = (): number => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const start = before();
  for (let i = 0; i < 48; i++) {
    // A 1 MiB body, as a batch's text: every value below is a piece of it (V8 slices pieces of 13 characters or more).
    const body = `anon-visitor-${String(i).padStart(6, '0')}|Zürich-Altstetten-${i % 3}|${'n'.repeat(5_000)}|newsletter-spring-${i}|Order Completed ${i % 2}|/products/shoes/${i}|${'x'.repeat(2 ** 20)}`;
    const [id, city, note, tag, name, url] = body.split('|').map((part) => body.slice(body.indexOf(part), body.indexOf(part) + part.length));
    const st = cache.add(id, { city, note, tags: [tag, 'vip'] }, { key: i, events: [], member: NO_SEGMENTS, manual: NO_MANUAL });
    cache.insertEvent(st, name, i, { url });
    const held = cache.get(id) ?? st;
    schedule.set(held.row, held.id, 1_000 + i);
  }
  const grown = before() - start;
  assert.ok(grown < 8 * 2 ** 20, `the heap grew by ${(grown / 2 ** 20).toFixed(1)} MiB for 48 contacts cut out of 48 MiB of bodies`);
  // And everything reads back.
  const st = cache.get('anon-visitor-000047');
  assert.ok(st);
  const { city, note, tags } = cache.record(st).values;
  assert.deepEqual([city, note === 'n'.repeat(5_000), tags], ['Zürich-Altstetten-2', true, ['newsletter-spring-47', 'vip']]);
  assert.deepEqual(cache.events(st).events.map((e) => [e.name, e.properties.url]), [['Order Completed 1', '/products/shoes/47']]);
  assert.equal(schedule.at(st.row, 'anon-visitor-000047'), 1_047);
});
