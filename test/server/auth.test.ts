import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WRITE_ROUTES } from '../../src/server/auth.js';
import { testServer, type TestServer } from './harness.js';

// Who may call what, for every route the OpenAPI document lists: no key or a wrong one is
// 401; a write key is 403 everywhere but the write routes; an admin key passes. The
// requests carry bodies that fail validation, so passing the check changes nothing.

/** `open`: the document says the route needs no key (`security: []`): /healthz, the sign-in exchange. */
interface Route { method: string; path: string; open: boolean }

describe('API keys: the 401/403 matrix over every route', () => {
  let s: TestServer;
  let routes: Route[];
  before(async () => {
    s = await testServer({ now: '2026-03-15T10:00:00Z' });
    const doc = (await s.call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({
      method: m.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x'), open: Array.isArray(op.security) && op.security.length === 0,
    })));
  });
  after(async () => { await s.close(); });

  /** The status only; event streams are closed as soon as their status is known. */
  const status = async (r: Route, headers: Record<string, string>): Promise<number> => {
    const ac = new AbortController();
    const hasBody = r.method !== 'GET' && r.method !== 'DELETE';
    const res = await fetch(`${s.url}${r.path}`, {
      method: r.method, signal: ac.signal,
      headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      body: hasBody ? '{"unexpected": true}' : undefined,
    });
    ac.abort();
    await res.body?.cancel().catch(() => undefined);
    return res.status;
  };

  test('the document lists the routes this test walks', () => {
    assert.ok(routes.length >= 30, `only ${routes.length} routes`);
    assert.ok(routes.some((r) => r.method === 'GET' && r.path === '/healthz'));
    assert.deepEqual(routes.filter((r) => r.open).map((r) => `${r.method} ${r.path}`).sort(), ['GET /healthz', 'POST /api/v1/signin']);
  });

  test('no key, a malformed header, an unknown key: 401 on every route but /healthz', async () => {
    for (const r of routes) {
      if (r.path === '/healthz') {
        assert.equal(await status(r, {}), 200);
        continue;
      }
      if (r.open) continue;
      const variants: Record<string, string>[] = [{}, { authorization: `Basic ${Buffer.from(`${s.admin}:`).toString('base64')}` }, { authorization: 'Bearer sk_admin_00000000000000000000000000000000' }, { authorization: 'Bearer' }];
      for (const headers of variants) {
        assert.equal(await status(r, headers), 401, `${r.method} ${r.path} with ${JSON.stringify(headers)}`);
      }
    }
    const res = await fetch(`${s.url}/api/v1/segments`);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="segmint"');
    assert.deepEqual(await res.json(), { error: { code: 'unauthorized', message: 'an API key is required: send "Authorization: Bearer KEY"', path: 'headers.authorization' } });
  });

  test('a write key: 403 on every admin route, through on the write routes', async () => {
    const write = { authorization: `Bearer ${s.writer}` };
    for (const r of routes) {
      if (r.open) continue;
      const got = await status(r, write);
      if (WRITE_ROUTES.has(`${r.method} ${r.path}`)) assert.equal(got, 400, `${r.method} ${r.path} passes the key check and fails validation`);
      else assert.equal(got, 403, `${r.method} ${r.path}`);
    }
    const res = await s.call('GET', '/api/v1/segments', { key: s.writer });
    assert.deepEqual(res.body.error.code, 'forbidden');
    assert.match(res.body.error.message, /needs an admin key/);
  });

  test('an admin key passes the key check everywhere', async () => {
    const admin = { authorization: `Bearer ${s.admin}` };
    for (const r of routes) {
      const got = await status(r, admin);
      assert.ok(got !== 401 && got !== 403, `${r.method} ${r.path}: ${got}`);
    }
  });

  test('unknown routes: 401 without a key, 404 JSON with one', async () => {
    assert.equal((await s.call('GET', '/api/v1/nope', { key: null })).status, 401);
    const r = await s.call('GET', '/api/v1/nope');
    assert.deepEqual([r.status, r.body], [404, { error: { code: 'not_found', message: 'no route GET /api/v1/nope', path: '/api/v1/nope' } }]);
    // (A GET outside the server's paths belongs to the web app, which answers its own pages.)
    const outside = await s.call('POST', '/nope', { key: null });
    assert.deepEqual([outside.status, outside.body.error.code], [404, 'not_found']);
  });
});
