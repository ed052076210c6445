import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { err, testServer, type TestServer } from './harness.js';

// Definition history: every save of a segment is a version with its time and the key
// that saved it; restore saves an old one as the newest; versions outlive a delete.

const NOW = '2026-03-15T10:00:00.000Z';

describe('segment definition versions', () => {
  let s: TestServer;
  before(async () => {
    s = await testServer({ now: NOW });
    const r = await s.call('POST', '/api/v1/fields', { body: [{ key: 'points', label: 'Points', type: 'number' }, { key: 'city', label: 'City', type: 'text' }] });
    assert.equal(r.status, 200, r.text);
    await s.call('POST', '/api/v1/contacts', { body: [{ id: 'c1', points: 1500, city: 'Bern' }, { id: 'c2', points: 300, city: 'Zürich' }] });
  });
  after(async () => { await s.close(); });

  const ok = async (method: string, path: string, body?: unknown, status = 200) => {
    const r = await s.call(method, path, body === undefined ? {} : { body });
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
    return r.body;
  };

  test('create, update and a save that changes nothing: two versions, newest first, with the key that saved each', async () => {
    await ok('POST', '/api/v1/segments', { name: 'VIP', alias: 'vip', category: 'Loyalty', condition: 'points >= 1000' }, 201);
    await ok('PUT', '/api/v1/segments/vip', { name: 'VIP', category: 'Loyalty', description: 'Big points', condition: 'points >= 200' });
    await ok('PUT', '/api/v1/segments/vip', { name: 'VIP', category: 'Loyalty', description: 'Big points', condition: 'points >= 200' });
    const { alias, versions } = await ok('GET', '/api/v1/segments/vip/versions');
    assert.equal(alias, 'vip');
    assert.deepEqual(versions.map((v: { version: number }) => v.version), [2, 1]);
    const keyId = (await ok('GET', '/api/v1/keys')).find((k: { name: string }) => k.name === 'tests').id;
    assert.deepEqual(versions[1], {
      alias: 'vip', version: 1,
      definition: { name: 'VIP', description: null, category: 'Loyalty', kind: 'dynamic', condition: { type: 'field', field: 'points', op: 'gte', value: 1000 }, dsl: 'points >= 1000' },
      savedAt: NOW, savedBy: { id: keyId, name: 'tests' }, restoredFrom: null, current: false,
    });
    assert.equal(versions[0].current, true);
    assert.equal(versions[0].definition.description, 'Big points');
    assert.equal((await ok('GET', '/api/v1/segments/vip')).members, 2);
  });

  test('one version by number; restore saves it as the newest and membership follows', async () => {
    const v1 = await ok('GET', '/api/v1/segments/vip/versions/1');
    assert.equal(v1.definition.dsl, 'points >= 1000');
    const r = await ok('POST', '/api/v1/segments/vip/versions/1/restore');
    assert.equal(r.unchanged, false);
    assert.equal(r.version.version, 3);
    assert.equal(r.version.restoredFrom, 1);
    assert.equal(r.version.current, true);
    assert.equal(r.segment.dsl, 'points >= 1000');
    assert.equal(r.segment.description, null);
    assert.equal(r.segment.members, 1);
    // Restoring what the segment already has saves nothing.
    const again = await ok('POST', '/api/v1/segments/vip/versions/3/restore');
    assert.deepEqual([again.unchanged, again.version.version], [true, 3]);
    assert.deepEqual((await ok('GET', '/api/v1/segments/vip/versions')).versions.map((v: { version: number }) => v.version), [3, 2, 1]);
  });

  test('bulk saves (PUT /segments) version each segment they change', async () => {
    await ok('PUT', '/api/v1/segments', [{ name: 'Bern', alias: 'bern', condition: 'city = "Bern"' }, { name: 'VIP', alias: 'vip', category: 'Loyalty', condition: 'points >= 1000' }]);
    assert.deepEqual((await ok('GET', '/api/v1/segments/bern/versions')).versions.map((v: { version: number }) => v.version), [1]);
    assert.deepEqual((await ok('GET', '/api/v1/segments/vip/versions')).versions.map((v: { version: number }) => v.version), [3, 2, 1]);
  });

  test('a save outside the server (the CLI) is saved by "cli"', async () => {
    await s.live.mutate((ws) => ws.applySegments({ name: 'Bern', alias: 'bern', condition: 'city = "bern" and points > 1' }));
    const [latest] = (await ok('GET', '/api/v1/segments/bern/versions')).versions;
    assert.deepEqual([latest.version, latest.savedBy], [2, { id: 'cli', name: null }]);
  });

  test('bad input: clear errors with paths, nothing stored changes', async () => {
    const before_ = await s.state();
    assert.deepEqual(err(await s.call('GET', '/api/v1/segments/nope/versions')), [404, 'not_found', 'params.alias']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/segments/vip/versions/9')), [404, 'not_found', 'params.n']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/segments/vip/versions/zero')), [400, 'invalid_request', 'params.n']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/segments/Not-An-Alias/versions')), [400, 'invalid_request', 'params.alias']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/segments/vip/versions/9/restore')), [404, 'not_found', 'params.n']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/segments/vip/versions/1/restore', { key: s.writer })), [403, 'forbidden', 'headers.authorization']);
    assert.deepEqual(await s.state(), before_);
  });

  test('a version that no longer fits the workspace is refused at its place, and nothing changes', async () => {
    await ok('POST', '/api/v1/segments', { name: 'Rich in Bern', alias: 'rich_bern', condition: 'in segment bern and points > 100' }, 201);
    await ok('PUT', '/api/v1/segments/rich_bern', { name: 'Rich in Bern', condition: 'points > 100' });
    await ok('DELETE', '/api/v1/segments/bern');
    const before_ = await s.state();
    const versions = await ok('GET', '/api/v1/segments/rich_bern/versions');
    const r = await s.call('POST', '/api/v1/segments/rich_bern/versions/1/restore');
    assert.deepEqual(err(r), [422, 'unknown_segment', 'definition.condition.conditions[0].segment']);
    assert.deepEqual(await s.state(), before_);
    assert.deepEqual(await ok('GET', '/api/v1/segments/rich_bern/versions'), versions);
  });

  test('versions outlive a deleted segment; restoring one creates it again', async () => {
    const kept = await ok('GET', '/api/v1/segments/bern/versions');
    assert.deepEqual(kept.versions.map((v: { version: number; current: boolean }) => [v.version, v.current]), [[2, false], [1, false]]);
    const r = await ok('POST', '/api/v1/segments/bern/versions/2/restore');
    assert.deepEqual([r.unchanged, r.version.version, r.version.restoredFrom, r.segment.members], [false, 3, 2, 1]);
    assert.equal((await ok('GET', '/api/v1/segments/bern')).dsl, 'city = "bern" and points > 1');
  });

  test('the routes are in the OpenAPI document', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json')).body;
    for (const p of ['/api/v1/segments/{alias}/versions', '/api/v1/segments/{alias}/versions/{n}', '/api/v1/segments/{alias}/versions/{n}/restore']) assert.ok(doc.paths[p], p);
  });
});
