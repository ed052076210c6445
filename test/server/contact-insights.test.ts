import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { err, testServer, type TestServer } from './harness.js';

// Overlap of two segments, a contact's membership history with the cause of each change,
// and a contact's in/out of every segment with the reason.

const NOW = '2026-03-15T10:00:00.000Z';

describe('overlap, contact history and contact segments', () => {
  let s: TestServer;
  const ok = async (method: string, path: string, body?: unknown, status = 200) => {
    const r = await s.call(method, path, body === undefined ? {} : { body });
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
    return r.body;
  };

  before(async () => {
    s = await testServer({ now: NOW });
    await ok('POST', '/api/v1/fields', [{ key: 'city', label: 'City', type: 'text' }, { key: 'points', label: 'Points', type: 'number' }]);
    await ok('POST', '/api/v1/segments', { name: 'Zurich', alias: 'zurich', condition: 'city = "zürich"' }, 201);
    await ok('POST', '/api/v1/segments', { name: 'VIP', alias: 'vip', condition: 'points >= 1000' }, 201);
    await ok('POST', '/api/v1/segments', { name: 'Active', alias: 'active', condition: 'performed login within 7d' }, 201);
    await ok('POST', '/api/v1/segments', { name: 'Guests', alias: 'guests', kind: 'manual' }, 201);
    await ok('POST', '/api/v1/contacts', [
      { id: 'c1', city: 'Zürich', points: 1500 }, { id: 'c2', city: 'Zürich', points: 10 }, { id: 'c3', city: 'Bern', points: 2000 },
      { id: 'c4', city: 'Bern', points: 5000 }, { id: 'c5' },
    ]);
  });
  after(async () => { await s.close(); });

  test('overlap: only A, both, only B', async () => {
    assert.deepEqual(await ok('GET', '/api/v1/segments/zurich/overlap/vip'), { a: 'zurich', b: 'vip', onlyA: 1, both: 1, onlyB: 2 });
    assert.deepEqual(await ok('GET', '/api/v1/segments/vip/overlap/zurich'), { a: 'vip', b: 'zurich', onlyA: 2, both: 1, onlyB: 1 });
    assert.deepEqual(await ok('GET', '/api/v1/segments/vip/overlap/vip'), { a: 'vip', b: 'vip', onlyA: 0, both: 3, onlyB: 0 });
    assert.deepEqual(await ok('GET', '/api/v1/segments/guests/overlap/vip'), { a: 'guests', b: 'vip', onlyA: 0, both: 0, onlyB: 3 });
  });

  test('history: every entry and exit with its cause (data, manual, definition, time), newest first, paged', async () => {
    await ok('POST', '/api/v1/events', { contact_id: 'c1', name: 'login', ts: '2026-03-14T10:00:00Z' });
    await ok('POST', '/api/v1/segments/guests/include', { ids: ['c1'] });
    await ok('PUT', '/api/v1/segments/vip', { name: 'VIP', condition: 'points >= 2000' });
    await ok('POST', '/api/v1/clock', { now: '2026-03-22T10:00:00.000Z' });
    const h = await ok('GET', '/api/v1/contacts/c1/history');
    assert.deepEqual(h.history.map((x: { segment: string; change: string; cause: string; at: string }) => [x.segment, x.change, x.cause, x.at]), [
      // In `within 7d` while ts ≥ now − 7d: out one millisecond after the seventh day.
      ['active', 'left', 'time', '2026-03-21T10:00:00.001Z'],
      ['vip', 'left', 'definition', NOW],
      ['guests', 'entered', 'manual', NOW],
      ['active', 'entered', 'data', NOW],
      ['vip', 'entered', 'data', NOW],
      ['zurich', 'entered', 'data', NOW],
    ]);
    assert.equal(h.next, null);
    const first = await ok('GET', '/api/v1/contacts/c1/history?limit=2');
    assert.equal(first.history.length, 2);
    const rest = await ok('GET', `/api/v1/contacts/c1/history?limit=10&before=${first.next}`);
    assert.deepEqual([...first.history, ...rest.history], h.history);
    assert.deepEqual((await ok('GET', '/api/v1/contacts/c5/history')).history, []);
  });

  test('contact segments: in or out of each, with the reason tree', async () => {
    const r = await ok('GET', '/api/v1/contacts/c1/segments');
    assert.equal(r.contactId, 'c1');
    const by = new Map(r.segments.map((x: { segment: string }) => [x.segment, x]));
    assert.deepEqual([...by.keys()], ['zurich', 'vip', 'active', 'guests']);
    const zurich = by.get('zurich') as { member: boolean; matches: boolean; trace: { result: boolean; seen: Record<string, unknown> } };
    assert.deepEqual([zurich.member, zurich.matches, zurich.trace.result], [true, true, true]);
    assert.equal(zurich.trace.seen.value, 'Zürich');
    const vip = by.get('vip') as { member: boolean; matches: boolean; trace: { result: boolean } };
    assert.deepEqual([vip.member, vip.matches, vip.trace.result], [false, false, false]);
    const guests = by.get('guests') as { member: boolean; manual: string; trace: unknown; kind: string };
    assert.deepEqual([guests.member, guests.manual, guests.trace, guests.kind], [true, 'include', null, 'manual']);
  });

  test('bad input: clear errors with paths, nothing stored changes', async () => {
    const before_ = await s.state();
    assert.deepEqual(err(await s.call('GET', '/api/v1/segments/zurich/overlap/nope')), [404, 'not_found', 'params.other']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/segments/nope/overlap/zurich')), [404, 'not_found', 'params.alias']);
    assert.deepEqual(err(await s.call('GET', "/api/v1/segments/zurich/overlap/x'%20OR%201=1")), [400, 'invalid_request', 'params.other']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/contacts/nobody/history')), [404, 'not_found', 'params.id']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/contacts/c1/history?limit=0')), [400, 'invalid_request', 'query.limit']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/contacts/c1/history?before=abc')), [400, 'invalid_request', 'query.before']);
    assert.deepEqual(err(await s.call('GET', "/api/v1/contacts/x'%3B%20DROP%20TABLE%20contacts%3B--/segments")), [404, 'not_found', 'params.id']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/contacts/c1/segments', { key: s.writer })), [403, 'forbidden', 'headers.authorization']);
    assert.deepEqual(await s.state(), before_);
  });

  test('every segment\'s daily history at once is each segment\'s own', async () => {
    // After the history test: entries, a definition change and a window closing on the 21st.
    const all = await ok('GET', '/api/v1/history?days=10');
    assert.equal(all.timezone, 'UTC');
    assert.deepEqual(all.segments.map((x: { segment: string }) => x.segment), ['active', 'guests', 'vip', 'zurich']);
    for (const one of all.segments as { segment: string; days: unknown[] }[]) {
      const own = await ok('GET', `/api/v1/segments/${one.segment}/history?days=10`);
      assert.deepEqual(one.days, own.days, one.segment);
    }
    assert.ok(all.segments.some((x: { days: { left: number }[] }) => x.days.some((d) => d.left > 0)), 'a day with exits');
    assert.deepEqual((await ok('GET', '/api/v1/history')).segments[0].days.length, 8);
    assert.deepEqual(err(await s.call('GET', '/api/v1/history?days=0')), [400, 'invalid_request', 'query.days']);
  });

  test('the routes are in the OpenAPI document', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json')).body;
    for (const p of ['/api/v1/segments/{alias}/overlap/{other}', '/api/v1/contacts/{id}/history', '/api/v1/contacts/{id}/segments', '/api/v1/history']) assert.ok(doc.paths[p], p);
  });
});
