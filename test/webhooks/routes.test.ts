import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createApp } from '../../src/server/app.js';
import type { App } from '../../src/server/context.js';
import { createMetrics } from '../../src/server/metrics.js';
import { KeyStore } from '../../src/store/keys.js';
import { registerWebhookRoutes, startWebhooks, type WebhookWorker } from '../../src/webhooks/index.js';
import { eventually, receiver, world, type Receiver, type World } from './harness.js';

// The webhook routes through the server's own app: keys, validation, error bodies.

describe('/api/v1/webhooks', () => {
  let w: World;
  let rx: Receiver;
  let app: App;
  let worker: WebhookWorker;
  let admin: string;
  let writer: string;

  before(async () => {
    w = await world();
    rx = await receiver();
    worker = startWebhooks({ live: w.live, backoff: { baseMs: 50, maxMs: 100, maxAttempts: 3 }, pollMs: 50 });
    const keys = await KeyStore.open(w.store.sql, (fn) => w.live.read(() => fn()));
    admin = keys.createSession('admin');
    writer = keys.createSession('write');
    app = createApp({
      live: w.live, keys, metrics: createMetrics({ processMetrics: false }),
      modules: [(a, ctx) => registerWebhookRoutes(a, { live: ctx.live, worker, timeoutMs: 2_000 })],
    });
  });
  after(async () => {
    await worker.stop();
    await rx.close();
    await w.close();
  });

  const call = async (method: string, path: string, body?: unknown, key = admin) => {
    const res = await app.request(path, {
      method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const error = (r: { status: number; body: { error: { code: string; path: string; message: string } } }) => [r.status, r.body.error.code, r.body.error.path, r.body.error.message];

  test('bad subscriptions are refused, saying what and where', async () => {
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { url: 'ftp://example.com/x' })), [422, 'invalid_value', 'body.url', 'the webhook URL must use http or https, not ftp']);
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { url: 'example.com/hooks' })).slice(0, 3), [422, 'invalid_value', 'body.url']);
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { url: 'javascript:alert(1)' })).slice(0, 3), [422, 'invalid_value', 'body.url']);
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { url: rx.url, segments: ['buyers', 'nope'] })), [422, 'unknown_segment', 'body.segments[1]', 'there is no segment "nope"']);
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { url: rx.url, segments: [] })).slice(0, 3), [400, 'invalid_request', 'body.segments']);
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { segments: ['buyers'] })).slice(0, 3), [400, 'invalid_request', 'body.url']);
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { url: rx.url, secret: 'mine' })).slice(0, 3), [400, 'invalid_request', 'body']);
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { url: rx.url, segments: ["x'; DROP TABLE webhooks; --"] })).slice(0, 3), [422, 'unknown_segment', 'body.segments[0]']);
    assert.deepEqual(error(await call('POST', '/api/v1/webhooks', { url: rx.url }, writer)).slice(0, 2), [403, 'forbidden']);
    assert.deepEqual(error(await call('GET', '/api/v1/webhooks', undefined, 'sk_admin_00000000000000000000000000000000')).slice(0, 2), [401, 'unauthorized']);
    assert.deepEqual((await call('GET', '/api/v1/webhooks')).body, { webhooks: [] }, 'nothing was stored');
  });

  test('create, list, test delivery, delivery log, delete', async () => {
    const created = await call('POST', '/api/v1/webhooks', { url: rx.url, segments: ['buyers'] });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'id', 'secret', 'segments', 'url']);
    const { id, secret } = created.body as { id: string; secret: string };
    assert.deepEqual(created.body.segments, ['buyers']);
    assert.match(secret, /^whsec_/);

    const listed = await call('GET', '/api/v1/webhooks');
    assert.deepEqual(listed.body.webhooks, [{ id, url: rx.url, segments: ['buyers'], createdAt: created.body.createdAt, disabled: false, pending: 0 }]);
    assert.ok(!JSON.stringify(listed.body).includes(secret.slice(6)), 'the secret is not listed');
    assert.equal(JSON.stringify((await call('GET', `/api/v1/webhooks/${id}`)).body).includes('whsec_'), false);

    const sent = await call('POST', `/api/v1/webhooks/${id}/test`);
    assert.equal(sent.status, 200);
    assert.deepEqual([sent.body.status, sent.body.responseCode, sent.body.changeId, sent.body.attempt], ['delivered', 200, null, 1]);
    const got = rx.received.at(-1)!;
    const payload = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as { type: string; data: unknown };
    assert.deepEqual([payload.type, payload.data], ['webhook.test', { webhookId: id }]);
    assert.equal(got.headers['webhook-id'], sent.body.messageId);

    // A real change, delivered by the worker the route told of the new subscription.
    await w.events('purchase', 'ivy');
    await eventually(() => rx.received.some((r) => r.json.data?.contactId === 'ivy'), 'the delivery');
    const page1 = await eventually(async () => {
      const r = await call('GET', `/api/v1/webhooks/${id}/deliveries?limit=1`);
      return r.body.deliveries[0]?.changeId ? r : false;
    }, 'the delivery logged');
    assert.equal(page1.body.deliveries.length, 1);
    assert.deepEqual([page1.body.deliveries[0].status, page1.body.deliveries[0].messageId], ['delivered', `msg_${id}_${page1.body.deliveries[0].changeId}`]);
    const page2 = await call('GET', `/api/v1/webhooks/${id}/deliveries?limit=1&cursor=${page1.body.next}`);
    assert.deepEqual(page2.body.deliveries.map((d: { messageId: string }) => d.messageId), [sent.body.messageId]);
    assert.equal(error(await call('GET', `/api/v1/webhooks/${id}/deliveries?limit=0`))[0], 400);

    assert.equal((await call('DELETE', `/api/v1/webhooks/${id}`)).status, 204);
    assert.deepEqual(error(await call('GET', `/api/v1/webhooks/${id}`)), [404, 'not_found', 'params.id', `no webhook "${id}"`]);
    assert.deepEqual(error(await call('DELETE', `/api/v1/webhooks/${id}`)).slice(0, 2), [404, 'not_found']);
    assert.deepEqual(error(await call('GET', `/api/v1/webhooks/${id}/deliveries`)).slice(0, 2), [404, 'not_found']);
    assert.deepEqual(error(await call('POST', `/api/v1/webhooks/${id}/test`)).slice(0, 2), [404, 'not_found']);
  });

  test('a test delivery to a receiver that fails answers 200 with the failure', async () => {
    const dead = await receiver(() => 500);
    try {
      const { body } = await call('POST', '/api/v1/webhooks', { url: dead.url });
      const sent = await call('POST', `/api/v1/webhooks/${body.id}/test`);
      assert.deepEqual([sent.status, sent.body.status, sent.body.responseCode], [200, 'failed', 500]);
      assert.match(sent.body.error, /^answered 500/);
      await call('DELETE', `/api/v1/webhooks/${body.id}`);
    } finally {
      await dead.close();
    }
  });

  test('the OpenAPI document describes the routes', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/webhooks')).sort(),
      ['/api/v1/webhooks', '/api/v1/webhooks/{id}', '/api/v1/webhooks/{id}/deliveries', '/api/v1/webhooks/{id}/test']);
    assert.deepEqual(Object.keys(doc.paths['/api/v1/webhooks']).sort(), ['get', 'post']);
  });
});
