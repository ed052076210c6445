import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { err, testServer, type TestServer } from './harness.js';

// The event catalog (names, counts, property keys with types and examples) and the
// templates adapted to what the workspace holds.

const NOW = '2026-03-15T10:00:00.000Z';

describe('event catalog and templates', () => {
  let s: TestServer;
  const ok = async (method: string, path: string, body?: unknown, status = 200) => {
    const r = await s.call(method, path, body === undefined ? {} : { body });
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
    return r.body;
  };
  before(async () => { s = await testServer({ now: NOW }); });
  after(async () => { await s.close(); });

  test('an empty workspace: no events; every template offered, those needing what is missing with a note', async () => {
    assert.deepEqual(await ok('GET', '/api/v1/catalog/events'), { events: [] });
    const { templates } = await ok('GET', '/api/v1/templates');
    assert.equal(templates.length, 13);
    const by = new Map(templates.map((t: { id: string }) => [t.id, t]));
    for (const id of ['city', 'loyal', 'big_spenders', 'interested_in_topic', 'recent_support_case', 'over_points', 'aged_40_50', 'cart_abandoned', 'vip_or_gold']) {
      const t = by.get(id) as { ready: boolean; notes: string[] };
      assert.equal(t.ready, false, id);
      assert.ok(t.notes.length > 0, id);
    }
    for (const id of ['active_with_email', 'inactive_60d', 'registered_30d', 'holdout_10']) {
      assert.equal((by.get(id) as { ready: boolean }).ready, true, id);
    }
    assert.equal((by.get('registered_30d') as { dsl: string }).dsl, 'created_at >= -30d');
    assert.equal((by.get('inactive_60d') as { dsl: string }).dsl, 'performed * exactly 0 times within 60d');
    assert.equal((by.get('loyal') as { dsl: string }).dsl, 'performed purchase at least 3 times');
  });

  test('the catalog lists names by count with last seen, and property keys with types and commonest values', async () => {
    await ok('POST', '/api/v1/events', [
      { contact_id: 'c1', name: 'order_completed', ts: '2026-03-10T10:00:00Z', properties: { total: 120.5, category: 'shoes', gift: false, shipping: { city: 'Bern' } } },
      { contact_id: 'c1', name: 'order_completed', ts: '2026-03-11T10:00:00Z', properties: { total: 20, category: 'shoes', items: [1, 2] } },
      { contact_id: 'c2', name: 'order_completed', ts: '2026-03-12T10:00:00Z', properties: { total: '30', category: 'hats' } },
      { contact_id: 'c2', name: 'basket_add', ts: '2026-03-13T10:00:00Z', properties: { sku: 'x1' } },
      { contact_id: 'c3', name: 'helpdesk_ticket', ts: '2026-03-14T10:00:00Z' },
    ]);
    const { events } = await ok('GET', '/api/v1/catalog/events');
    assert.deepEqual(events.map((e: { name: string; count: number }) => [e.name, e.count]), [['order_completed', 3], ['basket_add', 1], ['helpdesk_ticket', 1]]);
    const order = events[0];
    assert.equal(order.lastSeen, '2026-03-12T10:00:00.000Z');
    assert.equal(order.sampled, 3);
    const props = new Map(order.properties.map((p: { key: string }) => [p.key, p]));
    assert.deepEqual([...props.keys()], ['category', 'gift', 'items', 'shipping', 'shipping.city', 'total']);
    assert.deepEqual(props.get('category'), { key: 'category', types: ['string'], seen: 3, distinct: 2, examples: ['shoes', 'hats'] });
    const total = props.get('total') as { types: string[]; seen: number; distinct: number; examples: unknown[] };
    assert.deepEqual([total.types, total.seen, total.distinct], [['number', 'string'], 3, 3]);
    assert.deepEqual(total.examples.map(String).sort(), ['120.5', '20', '30']);
    assert.deepEqual(props.get('gift'), { key: 'gift', types: ['boolean'], seen: 1, distinct: 1, examples: [false] });
    assert.deepEqual((props.get('shipping') as { types: string[] }).types, ['object']);
    assert.deepEqual((props.get('shipping.city') as { examples: string[] }).examples, ['Bern']);
    assert.deepEqual([events[2].sampled, events[2].properties], [1, []]);
  });

  test('templates name the workspace\'s own fields, events and properties, and each ready one saves', async () => {
    await ok('POST', '/api/v1/fields', [
      { key: 'town', label: 'Town', type: 'text' },
      { key: 'dob', label: 'Date of birth', type: 'date' },
      { key: 'bonus_points', label: 'Bonus points', type: 'number' },
      { key: 'tier', label: 'Tier', type: 'select', options: ['Basic', 'Gold', 'VIP'] },
      { key: 'topics', label: 'Topics', type: 'multiselect', options: ['running', 'cycling'] },
    ]);
    await ok('POST', '/api/v1/contacts', [{ id: 'c1', town: 'Basel' }, { id: 'c2', town: 'Basel' }, { id: 'c3', town: 'Chur' }]);
    const { templates } = await ok('GET', '/api/v1/templates');
    const by = new Map(templates.map((t: { id: string; dsl: string }) => [t.id, t.dsl]));
    assert.equal(by.get('city'), 'town = "Basel"');
    assert.equal(by.get('loyal'), 'performed order_completed at least 3 times');
    assert.equal(by.get('big_spenders'), 'performed order_completed sum(total) > 500 within 365d');
    assert.equal(by.get('recent_support_case'), 'performed helpdesk_ticket within 30d');
    assert.equal(by.get('over_points'), 'bonus_points >= 1000');
    assert.equal(by.get('aged_40_50'), 'age(dob) between 40 and 50');
    assert.equal(by.get('cart_abandoned'), 'performed basket_add then not order_completed gap 48h within 14d');
    assert.equal(by.get('vip_or_gold'), 'tier in ("Gold", "VIP")');
    assert.equal(by.get('interested_in_topic'), 'topics any of ("running")');
    for (const t of templates) {
      assert.equal(t.ready, true, `${t.id}: ${t.notes.join(' ')}`);
      await ok('POST', '/api/v1/segments', { name: t.name, alias: `t_${t.id}`, category: t.category, condition: t.condition }, 201);
    }
  });

  test('bad input: a write key is refused; the routes are in the OpenAPI document', async () => {
    assert.deepEqual(err(await s.call('GET', '/api/v1/catalog/events', { key: s.writer })), [403, 'forbidden', 'headers.authorization']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/templates', { key: null })), [401, 'unauthorized', 'headers.authorization']);
    const doc = (await s.call('GET', '/api/v1/openapi.json')).body;
    for (const p of ['/api/v1/catalog/events', '/api/v1/templates']) assert.ok(doc.paths[p], p);
  });
});
