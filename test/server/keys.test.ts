import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DuckDBStore } from '../../src/store/index.js';
import { KEY_PATTERN, KeyStore } from '../../src/store/keys.js';

// API keys in the store: only hashes are kept, revoking is for good, a session key lives
// in memory only, and a key's last use is written back when flushed.

describe('KeyStore', () => {
  let store: DuckDBStore;
  before(async () => { store = await DuckDBStore.open(':memory:'); });
  after(async () => { await store.close(); });

  test('a new key has its role in its prefix and 32 base-62 characters; the store keeps its SHA-256 only', async () => {
    const keys = await KeyStore.open(store.sql);
    const { key, secret } = await keys.create('write', 'website', Date.parse('2026-03-15T10:00:00Z'));
    assert.match(secret, /^sk_write_[0-9A-Za-z]{32}$/);
    assert.match(secret, KEY_PATTERN);
    assert.deepEqual(key, { id: key.id, name: 'website', role: 'write', createdAt: Date.parse('2026-03-15T10:00:00Z'), revokedAt: null, lastUsedAt: null });
    const rows = await store.sql.rows('SELECT * FROM api_keys');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].hash, createHash('sha256').update(secret).digest('hex'));
    assert.equal(JSON.stringify(rows).includes(secret), false, 'the secret is nowhere in the table');
    assert.notEqual((await keys.create('write', null)).secret, secret);
  });

  test('authenticate: the right secret, not a near miss, not after revoking; keys survive reopening', async () => {
    const keys = await KeyStore.open(store.sql);
    const { key, secret } = await keys.create('admin', null);
    assert.equal(keys.authenticate(secret)?.id, key.id);
    assert.equal(keys.authenticate(`${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`), null);
    assert.equal(keys.authenticate(secret.replace('sk_admin_', 'sk_write_')), null);
    assert.equal(keys.authenticate(''), null);
    assert.equal(keys.authenticate(`'; DROP TABLE api_keys; --`), null);
    const reopened = await KeyStore.open(store.sql);
    assert.equal(reopened.authenticate(secret)?.role, 'admin');
    const revoked = await reopened.revoke(key.id, 1000);
    assert.equal(revoked?.revokedAt, 1000);
    assert.equal(reopened.authenticate(secret), null);
    assert.equal((await reopened.revoke(key.id, 2000))?.revokedAt, 1000, 'revoking again keeps the first time');
    assert.equal((await KeyStore.open(store.sql)).authenticate(secret), null, 'revoked in the store too');
    assert.equal(await reopened.revoke('key_nope'), null);
  });

  test('a session key works in this process only and is never listed or stored', async () => {
    const keys = await KeyStore.open(store.sql);
    const before = keys.list().length;
    const token = keys.createSession('admin');
    assert.equal(keys.authenticate(token)?.role, 'admin');
    assert.equal(keys.list().length, before);
    assert.equal((await KeyStore.open(store.sql)).authenticate(token), null);
  });

  test('last use is kept in memory and written back on flush', async () => {
    const keys = await KeyStore.open(store.sql);
    const { key, secret } = await keys.create('write', 'shop', 0);
    keys.authenticate(secret, 5000);
    assert.equal(keys.list().find((k) => k.id === key.id)?.lastUsedAt, 5000);
    assert.equal((await KeyStore.open(store.sql)).list().find((k) => k.id === key.id)?.lastUsedAt, null);
    await keys.flush();
    assert.equal((await KeyStore.open(store.sql)).list().find((k) => k.id === key.id)?.lastUsedAt, 5000);
    assert.equal(keys.hasActive('write'), true);
  });
});
