import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { err, testServer, type TestServer } from './harness.js';

// Bad input of every kind gets its clear error, naming what was wrong and where, and
// changes nothing stored. Strings that look like SQL are data like any other: stored and
// echoed verbatim, and the tables they name are still there.

const NOW = '2026-03-15T10:00:00.000Z';
const SQL = `'; DROP TABLE contacts; --`;

describe('bad input: clear errors, nothing stored', () => {
  let s: TestServer;
  let before_: unknown;

  before(async () => {
    s = await testServer({ now: NOW });
    const setup: [string, string, unknown][] = [
      ['POST', '/api/v1/fields', [{ key: 'city', label: 'City', type: 'text' }, { key: 'points', label: 'Points', type: 'number' }, { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] }]],
      ['POST', '/api/v1/contacts', [{ id: 'c1', city: 'Zürich', points: 1200 }, { id: 'c2', city: 'Bern', points: 10 }]],
      ['POST', '/api/v1/segments', { name: 'VIP', alias: 'vip', condition: 'points >= 1000' }],
      ['POST', '/api/v1/segments', { name: 'Zurich VIPs', alias: 'zurich_vip', condition: 'in segment vip and city = "Zürich"' }],
    ];
    for (const [m, p, b] of setup) assert.ok((await s.call(m, p, { body: b })).status < 300, `${m} ${p}`);
    before_ = await s.state();
  });
  after(async () => { await s.close(); });

  test('broken JSON: 400 parse_error on every JSON route', async () => {
    for (const [m, p] of [['POST', '/api/v1/contacts'], ['POST', '/api/v1/events'], ['POST', '/api/v1/segments'], ['PUT', '/api/v1/segments/vip'], ['POST', '/api/v1/count'], ['PUT', '/api/v1/settings'], ['POST', '/api/v1/fields'], ['POST', '/api/v1/keys']]) {
      for (const raw of ['{"id": ', '{id: "c9"}', '', 'nul', '[1,]']) {
        const r = await s.call(m, p, { raw });
        assert.deepEqual(err(r), [400, 'parse_error', 'body'], `${m} ${p} ${JSON.stringify(raw)}: ${r.text}`);
        assert.match(r.body.error.message, /^the body is not valid JSON: /);
      }
    }
  });

  test('a JSON body without a JSON content type: 415', async () => {
    const r = await s.call('POST', '/api/v1/contacts', { raw: '{"id": "c9"}', type: 'text/plain' });
    assert.deepEqual(err(r), [415, 'unsupported_media_type', 'headers.content-type']);
  });

  test('wrong types and shapes: 400 invalid_request naming the place', async () => {
    const cases: [string, string, unknown, string, RegExp?][] = [
      ['POST', '/api/v1/contacts', { id: { nested: 1 } }, 'body.id'],
      ['POST', '/api/v1/contacts', [{ id: 'c9' }, { city: 'x' }], 'body[1].id'],
      ['POST', '/api/v1/contacts', [], 'body'],
      ['POST', '/api/v1/events', { contact_id: 'c1', name: 5, ts: NOW }, 'body.name', /expected string, received number/],
      ['POST', '/api/v1/events', { contact_id: 'c1', name: 'x', ts: NOW, extra: 1 }, 'body', /unknown key "extra"/],
      ['POST', '/api/v1/events', { contact_id: 'c1', name: 'x', ts: NOW, properties: [1] }, 'body.properties'],
      ['POST', '/api/v1/count', { condition: { type: 'and', conditions: [{ type: 'all' }, { type: 'all' }, { type: 'field', field: 'city', op: 'eq', value: {} }] } }, 'body.condition.conditions[2].value', /expected string, number, boolean or array, received object/],
      ['POST', '/api/v1/count', { condition: { type: 'bogus' } }, 'body.condition.type', /unknown type "bogus"/],
      ['POST', '/api/v1/count', { condition: 'all', extra: true }, 'body', /unknown key "extra"/],
      ['POST', '/api/v1/count', { condition: 42 }, 'body.condition', /expected string or object, received number/],
      ['POST', '/api/v1/count', {}, 'body.condition'],
      ['POST', '/api/v1/segments', { name: 'X', alias: 'Not An Alias', condition: 'all' }, 'body.alias', /\^\[a-z0-9_\]\+\$/],
      ['POST', '/api/v1/segments', { alias: 'x', condition: 'all' }, 'body.name'],
      ['POST', '/api/v1/segments', { name: 'X', kind: 'static' }, 'body.kind'],
      ['POST', '/api/v1/segments/vip/include', { ids: 'c1' }, 'body.ids'],
      ['POST', '/api/v1/segments/vip/include', { ids: [] }, 'body.ids'],
      ['PUT', '/api/v1/settings', { timezone: 7 }, 'body.timezone'],
      ['PUT', '/api/v1/settings', { locale: 'de' }, 'body.timezone', /^required: expected string$/],
      ['POST', '/api/v1/fields', { key: 'x', label: 'X', type: 'color' }, 'body.type'],
      ['POST', '/api/v1/keys', { role: 'root' }, 'body.role'],
      ['POST', '/api/v1/clock', { now: 5 }, 'body.now'],
      ['POST', '/api/v1/rebuild', { segments: 'vip' }, 'body.segments'],
    ];
    for (const [m, p, body, path, message] of cases) {
      const r = await s.call(m, p, { body });
      assert.deepEqual(err(r), [400, 'invalid_request', path], `${m} ${p} ${JSON.stringify(body)}: ${r.text}`);
      if (message) assert.match(r.body.error.message, message);
    }
    const query: [string, string][] = [
      ['/api/v1/segments/vip/members?limit=abc', 'query.limit'],
      ['/api/v1/segments/vip/members?limit=0', 'query.limit'],
      ['/api/v1/segments/vip/members?limit=10001', 'query.limit'],
      ['/api/v1/segments/vip/members?cursor=bm9wZQ', 'query.cursor'],
      ['/api/v1/segments/vip/members?fields=yes', 'query.fields'],
      ['/api/v1/segments/vip/history?days=0', 'query.days'],
      ['/api/v1/segments/vip/history?days=1000', 'query.days'],
      ['/api/v1/segments/vip/upcoming?days=-1', 'query.days'],
      ['/api/v1/segments/vip/upcoming?limit=0', 'query.limit'],
      ['/api/v1/changes?after=-1', 'query.after'],
      ['/api/v1/changes?after=1e3', 'query.after'],
      ['/api/v1/changes?segment=NOT%20AN%20ALIAS', 'query.segment'],
      ['/api/v1/segments/UPPER', 'params.alias'],
    ];
    for (const [p, path] of query) {
      const r = await s.call('GET', p);
      assert.deepEqual(err(r), [400, 'invalid_request', path], `GET ${p}: ${r.text}`);
    }
  });

  test('several problems at once: the first as the error, all of them in `issues`', async () => {
    const shape = await s.call('PUT', '/api/v1/settings', { body: { locale: 'de' } });
    assert.deepEqual(shape.body.error.issues, [
      { code: 'invalid_request', message: 'required: expected string', path: 'body.timezone' },
      { code: 'invalid_request', message: 'unknown key "locale"', path: 'body' },
    ]);
    const r = await s.call('POST', '/api/v1/contacts', { body: [{ id: 'c7', points: 'lots' }, { id: 'c8', nope: 1, plan: 'gold' }] });
    assert.deepEqual(err(r), [422, 'invalid_value', 'body[0].points']);
    assert.equal(r.body.error.message, 'record 0: points: "lots" is not a number');
    assert.deepEqual(r.body.error.issues.map((i: { path: string }) => i.path), ['body[0].points', 'body[1].nope', 'body[1].plan']);
  });

  test('content the workspace refuses: 422 with the engine\'s reason and place', async () => {
    const cases: [string, string, unknown, string, string][] = [
      ['POST', '/api/v1/contacts', { id: 'c1', points: 'many' }, 'invalid_value', 'body.points'],
      ['POST', '/api/v1/contacts', { id: 'c1', nope: 1 }, 'invalid_value', 'body.nope'],
      ['POST', '/api/v1/contacts', { id: 'c1', last_active_at: NOW }, 'invalid_value', 'body.last_active_at'],
      ['POST', '/api/v1/contacts', { id: '  ' }, 'invalid_value', 'body.id'],
      ['POST', '/api/v1/events', [{ contact_id: 'c1', name: 'x', ts: NOW }, { contact_id: 'c1', name: 'x', ts: 'yesterday' }], 'invalid_value', 'body[1].ts'],
      ['POST', '/api/v1/count', { condition: 'nope = 1' }, 'unknown_field', 'body.condition.field'],
      ['POST', '/api/v1/count', { condition: 'points contains "1"' }, 'type_mismatch', 'body.condition.op'],
      ['POST', '/api/v1/count', { condition: 'in segment nope' }, 'unknown_segment', 'body.condition.segment'],
      ['POST', '/api/v1/segments', { name: 'X', condition: 'city = "a" and points > "x"' }, 'type_mismatch', 'body.condition.conditions[1].value'],
      ['POST', '/api/v1/segments', { name: 'Manual with condition', kind: 'manual', condition: 'all' }, 'invalid_condition', 'body.condition'],
      ['PUT', '/api/v1/settings', { timezone: 'Europe/Zurik' }, 'invalid_value', 'body.timezone'],
      ['POST', '/api/v1/fields', [{ key: 'a', label: 'A', type: 'text' }, { key: 'b', label: 'B', type: 'select' }], 'invalid_value', 'body[1].options'],
      ['POST', '/api/v1/fields', { key: 'email', label: 'E', type: 'text' }, 'conflict', 'body.key'],
    ];
    for (const [m, p, body, code, path] of cases) {
      const r = await s.call(m, p, { body });
      assert.deepEqual(err(r).slice(1), [code, path], `${m} ${p} ${JSON.stringify(body)}: ${r.text}`);
      assert.ok(r.status === 422 || (code === 'conflict' && r.status === 409), `${m} ${p}: ${r.status}`);
    }
    const dsl = await s.call('POST', '/api/v1/count', { body: { condition: 'points >= 1000 and' } });
    assert.deepEqual(err(dsl), [400, 'parse_error', 'body.condition (line 1, column 19)']);
    assert.equal(dsl.body.error.message, 'expected a condition after "and" but found end of input');
  });

  test('unknown segments, contacts and keys: 404', async () => {
    const cases: [string, string, unknown?][] = [
      ['GET', '/api/v1/segments/nope'],
      ['DELETE', '/api/v1/segments/nope'],
      ['GET', '/api/v1/segments/nope/members'],
      ['POST', '/api/v1/segments/nope/include', { ids: ['c1'] }],
      ['POST', '/api/v1/segments/nope/rebuild'],
      ['GET', '/api/v1/segments/nope/explain/c1'],
      ['GET', '/api/v1/segments/nope/history'],
      ['GET', '/api/v1/segments/nope/upcoming'],
      ['GET', '/api/v1/changes?segment=nope'],
      ['GET', '/api/v1/changes/stream?segment=nope'],
      ['POST', '/api/v1/rebuild', { segments: ['nope'] }],
    ];
    for (const [m, p, body] of cases) {
      const r = await s.call(m, p, body === undefined ? {} : { body });
      assert.equal(r.status, 404, `${m} ${p}: ${r.text}`);
      assert.equal(r.body.error.code, 'not_found');
      assert.equal(r.body.error.message, 'no segment with alias "nope"');
    }
    assert.deepEqual(err(await s.call('GET', '/api/v1/segments/vip/explain/c99')), [404, 'not_found', 'params.contactId']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/segments/nope')), [404, 'not_found', 'params.alias']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/contacts/c99')), [404, 'not_found', 'params.id']);
    assert.deepEqual(err(await s.call('DELETE', '/api/v1/contacts/c99')), [404, 'not_found', 'params.id']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/segments/vip/include', { body: { ids: ['c1', 'c98', 'c99'] } })), [404, 'not_found', 'body.ids']);
    assert.deepEqual(err(await s.call('DELETE', '/api/v1/keys/key_nope')), [404, 'not_found', 'params.id']);
  });

  test('conflicts with what is stored: 409 for an alias taken, a cycle, a referenced segment', async () => {
    const taken = await s.call('POST', '/api/v1/segments', { body: { name: 'Other', alias: 'vip', condition: 'all' } });
    assert.deepEqual(err(taken), [409, 'conflict', 'body.alias']);
    assert.match(taken.body.error.message, /alias "vip" is taken/);
    const byName = await s.call('POST', '/api/v1/segments', { body: { name: 'VIP', condition: 'all' } });
    assert.deepEqual(err(byName), [409, 'conflict', 'body.name']);
    const cycle = await s.call('PUT', '/api/v1/segments/vip', { body: { name: 'VIP', condition: 'in segment zurich_vip' } });
    assert.deepEqual(err(cycle), [409, 'cycle', 'body.condition']);
    assert.equal(cycle.body.error.message, 'segment references form a cycle: vip → zurich_vip → vip');
    const self = await s.call('PUT', '/api/v1/segments/loop', { body: { name: 'Loop', condition: 'in segment loop' } });
    assert.deepEqual(err(self), [409, 'cycle', 'body.condition']);
    const referenced = await s.call('DELETE', '/api/v1/segments/vip');
    assert.deepEqual(err(referenced), [409, 'referenced', 'params.alias']);
    assert.equal(referenced.body.error.message, 'segment "vip" is referenced by zurich_vip; change those first');
    const rename = await s.call('PUT', '/api/v1/segments/vip', { body: { name: 'VIP', alias: 'other', condition: 'all' } });
    assert.deepEqual(err(rename), [400, 'invalid_request', 'body.alias']);
  });

  test('bodies over the limit: 413, with or without a Content-Length', async () => {
    const big = JSON.stringify({ id: 'c9', city: 'x'.repeat(1024 * 1024) });
    assert.deepEqual(err(await s.call('POST', '/api/v1/contacts', { raw: big })), [413, 'payload_too_large', 'body']);
    // Chunked, no length given: counted as it arrives.
    const chunks = (function* () { for (let i = 0; i < 20; i++) yield new TextEncoder().encode(' '.repeat(64 * 1024)); })();
    const res = await fetch(`${s.url}/api/v1/contacts`, {
      method: 'POST', headers: { authorization: `Bearer ${s.admin}`, 'content-type': 'application/json' },
      body: (ReadableStream as unknown as { from(it: Iterable<Uint8Array>): ReadableStream }).from(chunks), duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'payload_too_large');
  });

  test('an import body over 100 MiB: 413, and nothing of it imported', async () => {
    const line = Buffer.from(`${JSON.stringify({ id: 'cx', city: 'y'.repeat(1000) })}\n`);
    const chunk = Buffer.concat(Array.from({ length: 1024 }, () => line));
    // A client that reads the answer while it is still sending, as curl and HTTP libraries do.
    const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = request(`${s.url}/api/v1/imports/contacts`, {
        method: 'POST', headers: { authorization: `Bearer ${s.admin}`, 'content-type': 'application/x-ndjson' },
      }, (res) => { res.resume(); resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }); });
      req.on('error', (e) => (sent > 100 * 2 ** 20 ? undefined : reject(e)));
      let sent = 0;
      const pump = (): void => {
        while (sent <= 101 * 2 ** 20) {
          sent += chunk.length;
          if (!req.write(chunk)) { req.once('drain', pump); return; }
        }
        req.end();
      };
      pump();
    });
    // The rest of the body is not read: the answer says the connection closes after it, so no client sends its next request there.
    assert.deepEqual(answer, { status: 413, connection: 'close' });
    assert.equal((await s.call('GET', '/api/v1/contacts/cx')).status, 404);
  });

  test('nesting: past the condition limit a clear error; past the body limit refused before any schema', async () => {
    let deep: unknown = { type: 'all' };
    for (let i = 0; i < 100; i++) deep = { type: 'not', condition: deep };
    const r = await s.call('POST', '/api/v1/count', { body: { condition: deep } });
    assert.ok(r.status === 400 || r.status === 422, r.text);
    assert.match(r.body.error.message, /nest/);
    const deeper = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const d = await s.call('POST', '/api/v1/count', { raw: `{"condition": ${deeper}}` });
    assert.deepEqual(err(d), [400, 'invalid_request', 'body']);
    assert.equal(d.body.error.message, 'the body nests deeper than 256 levels');
    assert.equal((await s.call('GET', '/healthz')).status, 200);
  });

  test('a clock that runs on the wall clock cannot be moved; a fixed one only forward', async () => {
    assert.deepEqual(err(await s.call('POST', '/api/v1/clock', { body: { now: '2026-03-14T00:00:00Z' } })), [409, 'conflict', 'body.now']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/clock', { body: { now: 'tomorrow' } })), [400, 'invalid_request', 'body.now']);
    const wall = await testServer();
    try {
      const r = await wall.call('POST', '/api/v1/clock', { body: { now: '2030-01-01T00:00:00Z' } });
      assert.deepEqual(err(r), [409, 'conflict', 'body.now']);
      assert.match(r.body.error.message, /wall clock/);
      assert.equal((await wall.call('GET', '/api/v1/clock')).body.fixed, false);
    } finally {
      await wall.close();
    }
  });

  test('after all of the above, nothing stored has changed', async () => {
    assert.deepEqual(await s.state(), before_);
  });

  test('SQL-looking strings in every value position are stored and echoed verbatim', async () => {
    const id = `c'${SQL}`;
    const label = `City ${SQL}`;
    const ok = async (m: string, p: string, body?: unknown, status = 200) => {
      const r = await s.call(m, p, { body });
      assert.equal(r.status, status, `${m} ${p}: ${r.text}`);
      return r.body;
    };
    await ok('POST', '/api/v1/fields', { key: 'note', label, type: 'select', options: [SQL, 'plain'] });
    const fields = await ok('GET', '/api/v1/fields');
    assert.deepEqual(fields.find((f: { key: string }) => f.key === 'note'), { key: 'note', label, type: 'select', options: [SQL, 'plain'], system: false, computed: false });
    await ok('POST', '/api/v1/contacts', { id, city: SQL, note: SQL, first_name: SQL, tags: [SQL, '"; DELETE FROM events; --'] });
    await ok('POST', '/api/v1/events', { contact_id: id, name: SQL, ts: NOW, properties: { [SQL]: SQL, nested: { q: `"${SQL}"` } }, message_id: SQL });
    const seg = await ok('POST', '/api/v1/segments', {
      name: SQL, alias: 'sql', description: SQL, category: SQL,
      condition: { type: 'or', conditions: [{ type: 'field', field: 'city', op: 'eq', value: SQL }, { type: 'event', event: SQL, where: { type: 'field', field: 'nested.q', op: 'eq', value: `"${SQL}"` } }] },
    }, 201);
    assert.deepEqual([seg.name, seg.description, seg.category, seg.members], [SQL, SQL, SQL, 1]);
    const c = await ok('GET', `/api/v1/contacts/${encodeURIComponent(id)}`);
    assert.equal(c.id, id);
    assert.deepEqual([c.fields.city, c.fields.note, c.fields.first_name], [SQL, SQL, SQL]);
    assert.deepEqual(c.tags, [SQL, '"; DELETE FROM events; --']);
    assert.deepEqual(c.events, [{ name: SQL, ts: NOW, properties: { [SQL]: SQL, nested: { q: `"${SQL}"` } }, messageId: SQL }]);
    assert.ok(c.segments.includes('sql'));
    assert.deepEqual((await ok('POST', '/api/v1/count', { condition: `city = "${SQL.replace(/"/g, '\\"')}"` })).count, 1);
    assert.deepEqual((await ok('GET', '/api/v1/segments/sql/members')).members, [id]);
    const members = await ok('GET', `/api/v1/segments/sql/members?limit=1&cursor=${encodeURIComponent(Buffer.from(JSON.stringify({ after: SQL })).toString('base64url'))}`);
    assert.deepEqual(members.members, [id]);
    assert.equal((await ok('GET', `/api/v1/segments/sql/explain/${encodeURIComponent(id)}`)).member, true);
    const key = await ok('POST', '/api/v1/keys', { role: 'write', name: SQL }, 201);
    assert.equal(key.name, SQL);
    // A key made of SQL is just a wrong key.
    assert.equal((await s.call('GET', '/api/v1/segments', { key: SQL })).status, 401);
    assert.equal((await s.call('GET', `/api/v1/segments/${encodeURIComponent(SQL)}`)).status, 400);
    // Every table is still there, with every row.
    const counts = await s.live.read(async (ws) => ({ contacts: await ws.store.countContacts(), segments: (await ws.segments()).length }));
    assert.deepEqual(counts, { contacts: 3, segments: 3 });
    assert.equal((await ok('GET', '/api/v1/contacts/c1')).fields.city, 'Zürich');
    const imported = await s.call('POST', '/api/v1/imports/contacts', { type: 'text/csv', raw: `id,city\n"${SQL}","${SQL}"\n` });
    assert.deepEqual([imported.status, imported.body.imported], [200, 1]);
    assert.equal((await ok('GET', `/api/v1/contacts/${encodeURIComponent(SQL)}`)).fields.city, SQL);
  });

  test('a lone surrogate anywhere in a JSON body: 400 naming its place, on every JSON route', async () => {
    const cases: [string, string, string, string][] = [
      ['POST', '/api/v1/contacts', '[{"id":"c9","city":"ok"},{"id":"c10","city":"Z\\ud800rich"}]', 'body[1].city'],
      ['POST', '/api/v1/events', '{"contact_id":"c1","name":"buy","ts":"2026-03-15T09:00:00Z","properties":{"sku\\udc00":1}}', 'body.properties'],
      ['POST', '/api/v1/segments', '{"name":"VIP \\ud83d","alias":"vip2","condition":"all"}', 'body.name'],
      ['PUT', '/api/v1/settings', '{"timezone":"Europe/Z\\udfffurich"}', 'body.timezone'],
      ['POST', '/api/v1/fields', '[{"key":"nick","label":"Ni\\ud800ck","type":"text"}]', 'body[0].label'],
    ];
    for (const [m, p, raw, where] of cases) {
      const r = await s.call(m, p, { raw });
      assert.deepEqual(err(r), [400, 'invalid_request', where], `${m} ${p}: ${r.text}`);
      assert.match(r.body.error.message, /holds a lone surrogate/);
    }
    // A whole pair is text like any other.
    const ok = await s.call('POST', '/api/v1/contacts', { raw: '{"id":"c9","city":"Z\\u00fcrich \\ud83d\\ude00"}' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await s.call('GET', '/api/v1/contacts/c9')).body.fields.city, 'Zürich \u{1F600}');
  });

  test('a number JavaScript would round: 400 naming its place, nothing stored; digits in quotes are text', async () => {
    const state = await s.state();
    const cases: [string, string, string, string][] = [
      ['POST', '/api/v1/contacts', '[{"id":"c11","points":5},{"id":12345678901234567890}]', 'body[1].id'],
      ['POST', '/api/v1/contacts', '{"id":"c11","points":9007199254740993}', 'body.points'],
      ['POST', '/api/v1/events', '{"contact_id":"c1","name":"buy","ts":"2026-03-15T09:00:00Z","properties":{"order":{"id":1e400}}}', 'body.properties.order.id'],
      ['POST', '/api/v1/segments', '{"name":"Big","alias":"big","condition":{"type":"field","field":"points","op":"gte","value":0.30000000000000001}}', 'body.condition.value'],
    ];
    for (const [m, p, raw, where] of cases) {
      const r = await s.call(m, p, { raw });
      assert.deepEqual(err(r), [400, 'invalid_request', where], `${m} ${p}: ${r.text}`);
      assert.match(r.body.error.message, /has more digits than a number keeps \(send it as a text, in quotes\)$/);
    }
    assert.deepEqual(await s.state(), state);
    const ok = await s.call('POST', '/api/v1/contacts', { raw: '{"id":"12345678901234567890","city":"12345678901234567890","points":1.50e3}' });
    assert.equal(ok.status, 200, ok.text);
    const c = (await s.call('GET', '/api/v1/contacts/12345678901234567890')).body;
    assert.deepEqual([c.id, c.fields.city, c.fields.points], ['12345678901234567890', '12345678901234567890', 1500]);
  });
});
