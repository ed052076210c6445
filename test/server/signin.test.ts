import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TOKEN_TTL_MS, mintSignInToken } from '../../src/web-api/signin.js';
import { err, testServer, type TestServer } from './harness.js';

// One-time sign-in: a token (from an admin, or minted in the server's process as
// `segmint demo` does) is exchanged once, without a key, for a new admin key.

describe('one-time sign-in', () => {
  let s: TestServer;
  before(async () => { s = await testServer(); });
  after(async () => { await s.close(); });

  test('an admin asks for a token; the browser exchanges it once for an admin key named "browser sign-in"', async () => {
    const t = await s.call('POST', '/api/v1/signin/tokens');
    assert.equal(t.status, 201, t.text);
    assert.match(t.body.token, /^st_[0-9A-Za-z]{32}$/);
    const left = Date.parse(t.body.expiresAt) - Date.now();
    assert.ok(left > TOKEN_TTL_MS - 60_000 && left <= TOKEN_TTL_MS, `expires in ${left} ms`);
    const r = await s.call('POST', '/api/v1/signin', { body: { token: t.body.token }, key: null });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.body.name, r.body.role, r.body.revokedAt], ['browser sign-in', 'admin', null]);
    assert.match(r.body.key, /^sk_admin_/);
    // The key works on admin routes, and is listed (never its secret).
    assert.equal((await s.call('GET', '/api/v1/segments', { key: r.body.key })).status, 200);
    const listed = (await s.call('GET', '/api/v1/keys')).body.find((k: { id: string }) => k.id === r.body.id);
    assert.equal(listed.name, 'browser sign-in');
    // Used once: refused the second time.
    const again = await s.call('POST', '/api/v1/signin', { body: { token: t.body.token }, key: null });
    assert.deepEqual(err(again), [401, 'unauthorized', 'body.token']);
    assert.match(again.body.error.message, /already used/);
  });

  test('the demo mints a token without HTTP; an expired one is refused', async () => {
    const fresh = mintSignInToken(s.server.keys);
    const r = await s.call('POST', '/api/v1/signin', { body: { token: fresh.token }, key: null });
    assert.equal(r.status, 201, r.text);
    const old = mintSignInToken(s.server.keys, Date.now() - TOKEN_TTL_MS - 1000);
    const late = await s.call('POST', '/api/v1/signin', { body: { token: old.token }, key: null });
    assert.deepEqual(err(late), [401, 'unauthorized', 'body.token']);
    assert.match(late.body.error.message, /expired/);
  });

  test('bad input: clear errors, and no key is made', async () => {
    const before_ = await s.state();
    const unknown = await s.call('POST', '/api/v1/signin', { body: { token: 'st_0123456789abcdefghijABCDEFGHIJ01' }, key: null });
    assert.deepEqual(err(unknown), [401, 'unauthorized', 'body.token']);
    assert.match(unknown.body.error.message, /not valid/);
    assert.deepEqual(err(await s.call('POST', '/api/v1/signin', { body: { token: "' OR 1=1 --" }, key: null })), [401, 'unauthorized', 'body.token']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/signin', { body: {}, key: null })), [400, 'invalid_request', 'body.token']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/signin', { body: { token: 'x', admin: true }, key: null })), [400, 'invalid_request', 'body']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/signin', { raw: '{"token":', key: null })), [400, 'parse_error', 'body']);
    // Asking for a token needs an admin key; only the exchange is open.
    assert.deepEqual(err(await s.call('POST', '/api/v1/signin/tokens', { key: null })), [401, 'unauthorized', 'headers.authorization']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/signin/tokens', { key: s.writer })), [403, 'forbidden', 'headers.authorization']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/signin', { key: null })), [401, 'unauthorized', 'headers.authorization']);
    assert.deepEqual(await s.state(), before_);
  });

  test('the routes are in the OpenAPI document; the exchange needs no key', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json')).body;
    assert.ok(doc.paths['/api/v1/signin/tokens'].post);
    assert.deepEqual(doc.paths['/api/v1/signin'].post.security, []);
  });
});
