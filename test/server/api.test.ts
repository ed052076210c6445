import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testServer, type TestServer } from './harness.js';

// Every route of the REST API through a real server and real HTTP, in the order a team
// wiring its shop into Segmint would meet them.

const NOW = '2026-03-15T10:00:00.000Z';

describe('REST API: every route', () => {
  let s: TestServer;
  before(async () => { s = await testServer({ now: NOW }); });
  after(async () => { await s.close(); });

  const ok = async (method: string, path: string, body?: unknown, status = 200) => {
    const r = await s.call(method, path, body === undefined ? {} : { body });
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
    return r.body;
  };

  test('healthz needs no key; settings read and change', async () => {
    assert.deepEqual((await s.call('GET', '/healthz', { key: null })).body, { ok: true });
    assert.deepEqual(await ok('GET', '/api/v1/settings'), { timezone: 'UTC' });
    assert.deepEqual(await ok('PUT', '/api/v1/settings', { timezone: 'Europe/Zurich' }), { timezone: 'Europe/Zurich' });
    assert.deepEqual(await ok('GET', '/api/v1/settings'), { timezone: 'Europe/Zurich' });
  });

  test('fields are declared and listed with the system ones', async () => {
    assert.deepEqual(await ok('POST', '/api/v1/fields', [
      { key: 'city', label: 'City', type: 'text' },
      { key: 'points', label: 'Points', type: 'number' },
      { key: 'country', label: 'Country', type: 'select', options: ['CH', 'DE'] },
      { key: 'birth_date', label: 'Birth date', type: 'date' },
    ]), { added: 4, updated: 0 });
    assert.deepEqual(await ok('POST', '/api/v1/fields', { key: 'city', label: 'Town', type: 'text' }), { added: 0, updated: 1 });
    const fields = await ok('GET', '/api/v1/fields');
    assert.deepEqual(fields.map((f: { key: string }) => f.key), ['id', 'email', 'phone', 'first_name', 'last_name', 'created_at', 'tags', 'last_active_at', 'city', 'points', 'country', 'birth_date']);
    assert.deepEqual(fields.find((f: { key: string }) => f.key === 'city'), { key: 'city', label: 'Town', type: 'text', options: null, system: false, computed: false });
    assert.deepEqual(fields.find((f: { key: string }) => f.key === 'last_active_at'), { key: 'last_active_at', label: null, type: 'datetime', options: null, system: true, computed: true });
  });

  test('segments are created before any contact exists', async () => {
    const vip = await ok('POST', '/api/v1/segments', { name: 'VIP', alias: 'vip', category: 'Loyalty', condition: 'points >= 1000' }, 201);
    assert.deepEqual(vip, {
      alias: 'vip', name: 'VIP', description: null, category: 'Loyalty', kind: 'dynamic',
      condition: { type: 'field', field: 'points', op: 'gte', value: 1000 }, dsl: 'points >= 1000', members: 0,
      computedAt: NOW, createdAt: NOW, updatedAt: NOW,
    });
    // Without an alias, one is made from the name; a JSON condition is taken as it is.
    const zurich = await ok('POST', '/api/v1/segments', { name: 'Zurich', condition: { type: 'field', field: 'city', op: 'eq', value: 'Zürich' } }, 201);
    assert.equal(zurich.alias, 'zurich');
    await ok('POST', '/api/v1/segments', { name: 'Zurich VIPs', alias: 'zurich_vip', condition: 'in segment zurich and in segment vip' }, 201);
    await ok('POST', '/api/v1/segments', { name: 'Buyers', alias: 'buyers', condition: 'performed purchase' }, 201);
    await ok('POST', '/api/v1/segments', { name: 'Active this week', alias: 'active', condition: 'performed login within 7d' }, 201);
    const guests = await ok('POST', '/api/v1/segments', { name: 'Guests', alias: 'guests', kind: 'manual' }, 201);
    assert.equal(guests.condition, null);
    assert.equal(guests.dsl, null);
  });

  test('contacts are written one or many, with merge semantics, and memberships follow at once', async () => {
    const one = await ok('POST', '/api/v1/contacts', { id: 'c1', email: 'anna@example.com', city: 'Zürich', points: 1200, country: 'ch', tags: ['vip'] });
    assert.equal(one.inserted, 1);
    assert.deepEqual(one.changes.map((c: { segment: string; change: string }) => `${c.segment} ${c.change}`).sort(), ['vip entered', 'zurich entered', 'zurich_vip entered']);
    for (const c of one.changes) {
      assert.equal(c.contactId, 'c1');
      assert.equal(c.at, NOW);
      assert.equal(typeof c.id, 'number');
    }
    const many = await ok('POST', '/api/v1/contacts', [
      { id: 'c2', city: 'Berlin', points: '350', birth_date: '1990-03-20' },
      { id: 'c3', city: 'Zürich', points: 80 },
      { id: 'c4', first_name: 'Dario' },
    ]);
    assert.deepEqual([many.inserted, many.updated], [3, 0]);
    assert.deepEqual(many.changes.map((c: { segment: string; contactId: string }) => `${c.segment} ${c.contactId}`), ['zurich c3']);
    // Only the keys given change: c3 keeps its city.
    const upd = await ok('POST', '/api/v1/contacts', { id: 'c3', points: 5000 });
    assert.deepEqual([upd.inserted, upd.updated], [0, 1]);
    assert.deepEqual(upd.changes.map((c: { segment: string; change: string }) => `${c.segment} ${c.change}`).sort(), ['vip entered', 'zurich_vip entered']);
  });

  test('events are recorded one or many; a repeated message_id is stored once; an unknown contact is created', async () => {
    const r = await ok('POST', '/api/v1/events', [
      { contact_id: 'c1', name: 'purchase', ts: '2026-03-10T10:00:00Z', properties: { amount: 120 }, message_id: 'm1' },
      { contact_id: 'c1', name: 'login', ts: '2026-03-14T09:00:00Z', message_id: 'm2' },
      { contact_id: 'c9', name: 'login', ts: '2026-03-13T08:00:00Z', message_id: 'm3' },
    ]);
    assert.deepEqual([r.inserted, r.duplicates, r.contactsCreated], [3, 0, 1]);
    assert.deepEqual(r.changes.map((c: { segment: string; contactId: string }) => `${c.segment} ${c.contactId}`).sort(), ['active c1', 'active c9', 'buyers c1']);
    const again = await ok('POST', '/api/v1/events', { contact_id: 'c1', name: 'purchase', ts: '2026-03-10T10:00:00Z', message_id: 'm1' });
    assert.deepEqual([again.inserted, again.duplicates, again.changes.length], [0, 1, 0]);
  });

  test('a contact shows its fields, tags, segments and latest events', async () => {
    const c1 = await ok('GET', '/api/v1/contacts/c1');
    assert.equal(c1.id, 'c1');
    assert.deepEqual(c1.tags, ['vip']);
    assert.equal(c1.fields.email, 'anna@example.com');
    assert.equal(c1.fields.country, 'CH');
    assert.equal(c1.fields.points, 1200);
    assert.equal(c1.fields.phone, null);
    assert.equal(c1.fields.created_at, NOW);
    assert.deepEqual(c1.segments, ['vip', 'zurich', 'zurich_vip', 'buyers', 'active']);
    assert.deepEqual(c1.events, [
      { name: 'login', ts: '2026-03-14T09:00:00.000Z', properties: {}, messageId: 'm2' },
      { name: 'purchase', ts: '2026-03-10T10:00:00.000Z', properties: { amount: 120 }, messageId: 'm1' },
    ]);
    assert.equal(c1.eventCount, 2);
    assert.equal((await ok('GET', '/api/v1/contacts/c2')).fields.birth_date, '1990-03-20');
  });

  test('files import as NDJSON and CSV, with rejected rows and their records in the answer', async () => {
    const nd = await s.call('POST', '/api/v1/imports/contacts', {
      type: 'application/x-ndjson',
      raw: '{"id": "c5", "city": "Zürich", "points": 1500}\n{"id": "c6", "points": "lots"}\nnot json\n',
    });
    assert.equal(nd.status, 200, nd.text);
    assert.deepEqual([nd.body.read, nd.body.imported, nd.body.rejected], [3, 1, 2]);
    assert.deepEqual(nd.body.rejects[0], { line: 2, reasons: ['points: "lots" is not a number'], record: { id: 'c6', points: 'lots' } });
    assert.equal(nd.body.rejects[1].line, 3);
    assert.ok(nd.body.segmentsRebuilt > 0);
    assert.equal('file' in nd.body || 'rejectsFile' in nd.body, false, 'no server paths in the answer');
    const csv = await s.call('POST', '/api/v1/imports/events?format=csv', {
      type: 'text/plain',
      raw: 'contact_id,name,ts,properties,message_id\nc5,purchase,2026-03-12T12:00:00Z,"{""amount"": 19.9}",m20\nc5,purchase,never,,m21\n',
    });
    assert.equal(csv.status, 200, csv.text);
    assert.deepEqual([csv.body.read, csv.body.imported, csv.body.rejected, csv.body.duplicates], [2, 1, 1, 0]);
    const byType = await s.call('POST', '/api/v1/imports/contacts', { type: 'text/csv', raw: 'id,city\nc7,Bern\n' });
    assert.deepEqual([byType.status, byType.body.imported], [200, 1]);
    // Memberships followed the imports.
    assert.deepEqual((await ok('GET', '/api/v1/contacts/c5')).segments, ['vip', 'zurich', 'zurich_vip', 'buyers']);
  });

  test('segments list with member counts and when each was computed', async () => {
    const list = await ok('GET', '/api/v1/segments');
    assert.deepEqual(list.map((x: { alias: string; members: number }) => `${x.alias}:${x.members}`), ['vip:3', 'zurich:3', 'zurich_vip:3', 'buyers:2', 'active:2', 'guests:0']);
    for (const x of list) assert.equal(x.computedAt, NOW);
    const one = await ok('GET', '/api/v1/segments/vip');
    assert.equal(one.members, 3);
    assert.deepEqual(one.manual, { include: [], exclude: [] });
  });

  test('members come a page at a time by cursor, with or without fields', async () => {
    const first = await ok('GET', '/api/v1/segments/zurich/members?limit=2');
    assert.deepEqual(first.members, ['c1', 'c3']);
    assert.equal(typeof first.next, 'string');
    const second = await ok('GET', `/api/v1/segments/zurich/members?limit=2&cursor=${encodeURIComponent(first.next)}`);
    assert.deepEqual(second, { members: ['c5'], next: null });
    const all = await ok('GET', '/api/v1/segments/zurich/members');
    assert.deepEqual(all, { members: ['c1', 'c3', 'c5'], next: null });
    const rows = await ok('GET', '/api/v1/segments/vip/members?fields=true&limit=1');
    assert.equal(rows.members[0].id, 'c1');
    assert.equal(rows.members[0].created_at, NOW);
    assert.equal(rows.members[0].points, 1200);
    assert.ok(rows.next);
  });

  test('include, exclude and reset by hand; rebuild answers entered, left and total', async () => {
    const inc = await ok('POST', '/api/v1/segments/guests/include', { ids: ['c2', 'c4'] });
    assert.deepEqual([inc.alias, inc.mode, inc.ids, inc.members], ['guests', 'include', ['c2', 'c4'], 2]);
    const exc = await ok('POST', '/api/v1/segments/vip/exclude', { ids: ['c3'] });
    assert.equal(exc.members, 2);
    assert.deepEqual((await ok('GET', '/api/v1/segments/vip')).manual, { include: [], exclude: ['c3'] });
    const reset = await ok('POST', '/api/v1/segments/vip/reset', { ids: ['c3'] });
    assert.equal(reset.members, 3);
    const rebuilt = await ok('POST', '/api/v1/segments/vip/rebuild');
    assert.deepEqual([rebuilt.entered, rebuilt.left, rebuilt.total], [0, 0, 3]);
    assert.ok(rebuilt.rebuilt.some((r: { alias: string }) => r.alias === 'zurich_vip'), 'what references it is rebuilt too');
    const all = await ok('POST', '/api/v1/rebuild', {});
    assert.equal(all.segments.length, 6);
  });

  test('explain says why, node by node', async () => {
    const e = await ok('GET', '/api/v1/segments/zurich_vip/explain/c1');
    assert.equal(e.member, true);
    assert.equal(e.matches, true);
    assert.equal(e.manual, null);
    assert.equal(e.trace.result, true);
    assert.equal(e.trace.children.length, 2);
    const out = await ok('GET', '/api/v1/segments/vip/explain/c2');
    assert.deepEqual([out.member, out.matches], [false, false]);
    assert.deepEqual((await ok('GET', '/api/v1/segments/guests/explain/c2')).manual, 'include');
  });

  test('count takes DSL text or a JSON tree; check validates without saving', async () => {
    const dsl = await ok('POST', '/api/v1/count', { condition: 'points >= 1000 and city = "Zürich"' });
    assert.equal(dsl.count, 3);
    assert.equal(dsl.dsl, 'points >= 1000 and city = "Zürich"');
    const tree = await ok('POST', '/api/v1/count', { condition: { type: 'segment', segment: 'buyers', op: 'in' } });
    assert.equal(tree.count, 2);
    assert.deepEqual(await ok('POST', '/api/v1/check', [{ name: 'Big', alias: 'big', condition: 'points > 100' }]), { ok: true, segments: ['big'], errors: [] });
    const bad = await ok('POST', '/api/v1/check', [{ name: 'X', condition: 'in segment nope' }, { name: 'Y', condition: 'points contains "1"' }]);
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.errors.map((e: { code: string }) => e.code), ['unknown_segment', 'type_mismatch']);
    assert.equal((await ok('GET', '/api/v1/segments')).length, 6, 'check saved nothing');
  });

  test('a segment is replaced with PUT (or created), many are applied at once, and deleted', async () => {
    const put = await ok('PUT', '/api/v1/segments/vip', { name: 'VIP', condition: 'points >= 2000', description: 'Big spenders' });
    assert.deepEqual([put.dsl, put.members, put.description], ['points >= 2000', 1, 'Big spenders']);
    const created = await s.call('PUT', '/api/v1/segments/bern', { body: { name: 'Bern', condition: 'city = "Bern"' } });
    assert.deepEqual([created.status, created.body.members], [201, 1]);
    const bulk = await ok('PUT', '/api/v1/segments', [{ name: 'Bern', alias: 'bern', condition: 'city = "bern"' }, { name: 'Berlin', alias: 'berlin', condition: 'city = "Berlin"' }]);
    assert.deepEqual(bulk.saved.map((x: { alias: string; members: number }) => `${x.alias}:${x.members}`), ['bern:1', 'berlin:1']);
    assert.deepEqual(bulk.rebuilt.map((x: { alias: string }) => x.alias).sort(), ['berlin', 'bern']);
    assert.deepEqual(await ok('DELETE', '/api/v1/segments/berlin'), { deleted: 'berlin' });
    assert.equal((await s.call('GET', '/api/v1/segments/berlin')).status, 404);
  });

  test('changes page by cursor; history counts per day in the workspace zone; upcoming names who leaves when', async () => {
    const first = await ok('GET', '/api/v1/changes?limit=3');
    assert.equal(first.changes.length, 3);
    assert.deepEqual(first.changes.map((c: { id: number }) => c.id), [...first.changes.map((c: { id: number }) => c.id)].sort((a: number, b: number) => a - b));
    const rest = await ok('GET', `/api/v1/changes?after=${first.next}&limit=10000`);
    assert.ok(rest.changes.every((c: { id: number }) => c.id > Number(first.next)));
    const vip = await ok('GET', '/api/v1/changes?segment=vip');
    assert.ok(vip.changes.length > 0 && vip.changes.every((c: { segment: string }) => c.segment === 'vip'));
    const end = await ok('GET', `/api/v1/changes?after=${rest.next}`);
    assert.deepEqual(end, { changes: [], next: rest.next });

    const h = await ok('GET', '/api/v1/segments/zurich/history?days=3');
    assert.equal(h.timezone, 'Europe/Zurich');
    assert.deepEqual(h.days, [
      { date: '2026-03-13', size: 0, entered: 0, left: 0 },
      { date: '2026-03-14', size: 0, entered: 0, left: 0 },
      { date: '2026-03-15', size: 3, entered: 3, left: 0 },
    ]);
    assert.equal((await ok('GET', '/api/v1/segments/zurich/history')).days.length, 30);

    // The last logins were on 13 March 08:00 (c9) and 14 March 09:00 (c1): each leaves
    // `active` once its login is more than 7 days old.
    const up = await ok('GET', '/api/v1/segments/active/upcoming?days=7');
    assert.deepEqual(up.upcoming, [
      { contactId: 'c9', change: 'left', at: '2026-03-20T08:00:00.001Z' },
      { contactId: 'c1', change: 'left', at: '2026-03-21T09:00:00.001Z' },
    ]);
    assert.deepEqual((await ok('GET', '/api/v1/segments/active/upcoming?days=5')).upcoming.length, 1);
    assert.equal(up.from, NOW);
    assert.deepEqual([up.entering, up.leaving], [0, 2]);
    // A page of the list: the first in time order, the totals still over all of it.
    const page = await ok('GET', '/api/v1/segments/active/upcoming?days=7&limit=1');
    assert.deepEqual(page.upcoming, [{ contactId: 'c9', change: 'left', at: '2026-03-20T08:00:00.001Z' }]);
    assert.deepEqual([page.entering, page.leaving], [0, 2]);
  });

  test('the fixed clock moves forward and applies what fell due, each at its boundary', async () => {
    assert.deepEqual(await ok('GET', '/api/v1/clock'), { now: NOW, fixed: true });
    const moved = await ok('POST', '/api/v1/clock', { now: '2026-03-21T00:00:00Z' });
    assert.deepEqual(moved, { now: '2026-03-21T00:00:00.000Z', fixed: true, applied: 1 });
    const changes = await ok('GET', '/api/v1/changes?segment=active');
    const last = changes.changes[changes.changes.length - 1];
    assert.deepEqual([last.contactId, last.change, last.at, last.cause], ['c9', 'left', '2026-03-20T08:00:00.001Z', 'time']);
  });

  test('a contact is erased with its events and history', async () => {
    assert.deepEqual(await ok('DELETE', '/api/v1/contacts/c9'), { deleted: 'c9' });
    assert.equal((await s.call('GET', '/api/v1/contacts/c9')).status, 404);
    const log = await ok('GET', '/api/v1/changes?limit=10000');
    assert.equal(log.changes.some((c: { contactId: string }) => c.contactId === 'c9'), false);
  });

  test('keys are created (shown once), listed and revoked', async () => {
    const created = await ok('POST', '/api/v1/keys', { role: 'write', name: 'shop' }, 201);
    assert.match(created.key, /^sk_write_[0-9A-Za-z]{32}$/);
    assert.equal((await s.call('POST', '/api/v1/events', { key: created.key, body: { contact_id: 'c1', name: 'view', ts: NOW } })).status, 200);
    const list = await ok('GET', '/api/v1/keys');
    const shop = list.find((k: { id: string }) => k.id === created.id);
    assert.deepEqual([shop.role, shop.name, shop.revokedAt, 'key' in shop], ['write', 'shop', null, false]);
    assert.ok(shop.lastUsedAt);
    const revoked = await ok('DELETE', `/api/v1/keys/${created.id}`);
    assert.ok(revoked.revokedAt);
    assert.equal((await s.call('POST', '/api/v1/events', { key: created.key, body: { contact_id: 'c1', name: 'view', ts: NOW } })).status, 401);
  });

  test('metrics (admin key) count events and membership changes; the OpenAPI document describes the API', async () => {
    const m = await s.call('GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.headers.get('content-type') ?? '', /text\/plain/);
    assert.match(m.text, /^segmint_events_accepted_total \d+/m);
    assert.match(m.text, /segmint_write_to_change_seconds_bucket/);
    assert.match(m.text, /segmint_membership_changes_total/);
    assert.match(m.text, /segmint_scheduler_lag_seconds/);
    assert.match(m.text, /segmint_webhook_deliveries_total/);
    assert.match(m.text, /segmint_events_rejected_total/);
    const doc = await ok('GET', '/api/v1/openapi.json');
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.components.schemas.Condition);
  });
});
