import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics.js';
import { openKeys } from '../../src/server/server.js';
import { testServer, type TestServer } from './harness.js';

// The OpenAPI document is generated from the schemas that validate: every route the app
// answers under /api/v1 (and /healthz, /metrics) is in it, with its parameters.

describe('GET /api/v1/openapi.json', () => {
  let s: TestServer;
  let doc: { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
  before(async () => {
    s = await testServer();
    doc = (await s.call('GET', '/api/v1/openapi.json')).body;
  });
  after(async () => { await s.close(); });

  test('lists every route the app answers', async () => {
    const app = createApp({ live: s.live, keys: await openKeys(s.live), metrics: createMetrics({ processMetrics: false }) });
    const answered = new Set(app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*') && (r.path.startsWith('/api/') || r.path === '/healthz' || r.path === '/metrics'))
      .filter((r) => r.path !== '/api/v1/openapi.json')
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`));
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    assert.deepEqual([...answered].filter((r) => !documented.has(r)), [], 'answered but not documented');
    for (const r of ['GET /api/v1/settings', 'PUT /api/v1/settings', 'GET /api/v1/fields', 'POST /api/v1/fields', 'POST /api/v1/contacts',
      'GET /api/v1/contacts/{id}', 'DELETE /api/v1/contacts/{id}', 'POST /api/v1/events', 'POST /api/v1/imports/contacts', 'POST /api/v1/imports/events',
      'GET /api/v1/segments', 'POST /api/v1/segments', 'GET /api/v1/segments/{alias}', 'PUT /api/v1/segments/{alias}', 'DELETE /api/v1/segments/{alias}',
      'GET /api/v1/segments/{alias}/members', 'POST /api/v1/segments/{alias}/include', 'POST /api/v1/segments/{alias}/exclude', 'POST /api/v1/segments/{alias}/reset',
      'POST /api/v1/segments/{alias}/rebuild', 'GET /api/v1/segments/{alias}/explain/{contactId}', 'GET /api/v1/segments/{alias}/history',
      'GET /api/v1/segments/{alias}/upcoming', 'POST /api/v1/count', 'POST /api/v1/check', 'GET /api/v1/changes', 'GET /api/v1/changes/stream',
      'POST /api/v1/clock', 'GET /healthz', 'GET /metrics']) {
      assert.ok(documented.has(r), `${r} is documented`);
    }
  });

  test('is OpenAPI 3.1 with named schemas, parameters and the error shape', () => {
    assert.equal(doc.openapi, '3.1.0');
    for (const name of ['Condition', 'WhereCondition', 'ConditionInput', 'Segment', 'SegmentInput', 'Change', 'Error', 'ContactInput', 'EventInput']) {
      assert.ok(doc.components.schemas[name], `schema ${name}`);
    }
    assert.ok(doc.components.securitySchemes.apiKey);
    const members = doc.paths['/api/v1/segments/{alias}/members'].get;
    assert.deepEqual(members.parameters?.map((p) => `${p.in}:${p.name}`).sort(), ['path:alias', 'query:cursor', 'query:fields', 'query:limit']);
    assert.ok(doc.paths['/api/v1/count'].post.requestBody);
    assert.ok(doc.paths['/api/v1/segments'].post.responses['409']);
    assert.ok(doc.paths['/api/v1/contacts'].post.responses['401']);
    assert.deepEqual(Object.keys(doc.paths['/api/v1/imports/events'].post.requestBody as object).includes('content'), true);
  });
});
