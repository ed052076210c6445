import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Condition } from '../../src/condition/types.js';
import { nodeCounts, MAX_COUNTED_NODES } from '../../src/engine/node-counts.js';
import { fixture, type Fixture } from '../workspace-fixture.js';
import { BASE_SEGMENTS, CLOCKS, FIELDS, Rng, genCondition, generateContacts, generateEvents } from '../differential/generate.js';
import { err, testServer, type TestServer } from './harness.js';

// POST /api/v1/count with "nodes": true: a count for every node of the tree, each the
// count of that subtree on its own. Checked against a count of each subtree by itself,
// over generated trees on corner-heavy data, and through the real server.

/** The subtree at a path as the engine writes it: `conditions[1].condition`. */
function subtree(c: Condition, path: string): Condition {
  let cur: unknown = c;
  for (const part of path.match(/[a-z_]+|\d+/g) ?? []) cur = (cur as Record<string, unknown>)[/^\d+$/.test(part) ? Number(part) : part];
  return cur as Condition;
}

/** Every node's path in document order, as the answer lists them. */
function paths(c: Condition, at = ''): string[] {
  const join = (k: string): string => (at ? `${at}.${k}` : k);
  if (c.type === 'and' || c.type === 'or') return [at, ...c.conditions.flatMap((x, i) => paths(x, join(`conditions[${i}]`)))];
  if (c.type === 'not') return [at, ...paths(c.condition, join('condition'))];
  return [at];
}

describe('per-node counts equal each subtree counted alone', () => {
  const clock = CLOCKS[0];
  let f: Fixture;
  before(async () => {
    const rng = new Rng(4242);
    const contacts = generateContacts(rng, 160);
    f = await fixture({ tz: clock.tz, fields: FIELDS, contacts, events: generateEvents(rng, contacts, 6) });
    await (await f.at(clock.now)).applySegments(BASE_SEGMENTS);
  });
  after(() => f.close());

  test('on 150 generated trees, every node, groups and leaves and the child of each not', async () => {
    const ws = await f.at(clock.now);
    const rng = new Rng(99);
    let groups = 0;
    for (let i = 0; i < 150; i++) {
      const c = genCondition(rng, 0);
      const r = await nodeCounts(ws, c);
      assert.deepEqual(r.nodes.map((n) => n.path), paths(c), `paths of ${JSON.stringify(c)}`);
      for (const n of r.nodes) {
        assert.equal(n.count, await ws.count(subtree(c, n.path)), `tree ${i} at "${n.path}": ${JSON.stringify(c)}`);
      }
      assert.equal(r.count, r.nodes[0].count);
      if (r.nodes.length > 1) groups++;
    }
    assert.ok(groups > 30, `only ${groups} trees had groups`);
  });

  test(`more than ${MAX_COUNTED_NODES} nodes are refused by name`, async () => {
    const ws = await f.at(clock.now);
    const wide: Condition = { type: 'or', conditions: Array.from({ length: MAX_COUNTED_NODES }, (_, i) => ({ type: 'field', field: 'points', op: 'gte', value: i })) };
    await assert.rejects(nodeCounts(ws, wide), /at most 500 nodes; this condition has 501/);
  });
});

describe('POST /api/v1/count with nodes', () => {
  let s: TestServer;
  const NOW = '2026-03-15T10:00:00.000Z';
  before(async () => {
    s = await testServer({ now: NOW });
    const ok = async (method: string, path: string, body: unknown): Promise<void> => {
      const r = await s.call(method, path, { body });
      assert.ok(r.status < 300, r.text);
    };
    await ok('POST', '/api/v1/fields', [{ key: 'city', label: 'City', type: 'text' }, { key: 'points', label: 'Points', type: 'number' }]);
    await ok('POST', '/api/v1/contacts', [
      { id: 'c1', city: 'Zürich', points: 1200 }, { id: 'c2', city: 'Bern', points: 50 }, { id: 'c3', city: 'zurich' }, { id: 'c4' },
    ]);
    await ok('POST', '/api/v1/events', [
      { contact_id: 'c1', name: 'purchase', ts: '2026-03-10T10:00:00Z', properties: { amount: 120 } },
      { contact_id: 'c2', name: 'purchase', ts: '2026-03-11T10:00:00Z', properties: { amount: 20 } },
      { contact_id: 'c2', name: 'purchase', ts: '2026-03-12T10:00:00Z', properties: { amount: 30 } },
    ]);
  });
  after(async () => { await s.close(); });

  test('DSL in: the total, every node, the JSON tree and the DSL back', async () => {
    const r = await s.call('POST', '/api/v1/count', {
      body: { condition: 'city in ("zürich", "zurich") and (performed purchase or points >= 1000) and not performed purchase at least 2 times', nodes: true },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.count, 1);
    assert.deepEqual(r.body.nodes, [
      { path: '', count: 1 },
      { path: 'conditions[0]', count: 2 },
      { path: 'conditions[1]', count: 2 },
      { path: 'conditions[1].conditions[0]', count: 2 },
      { path: 'conditions[1].conditions[1]', count: 1 },
      { path: 'conditions[2]', count: 3 },
      { path: 'conditions[2].condition', count: 1 },
    ]);
    assert.equal(r.body.condition.type, 'and');
    assert.equal(r.body.dsl, 'city in ("zürich", "zurich") and (performed purchase or points >= 1000) and not performed purchase at least 2 times');
    // Without "nodes" the answer is as before.
    const plain = await s.call('POST', '/api/v1/count', { body: { condition: r.body.condition } });
    assert.equal(plain.body.count, 1);
    assert.equal('nodes' in plain.body, false);
  });

  test('JSON in: a leaf alone is one node; the DSL is given back', async () => {
    const r = await s.call('POST', '/api/v1/count', { body: { condition: { type: 'field', field: 'points', op: 'lt', value: 100 }, nodes: true } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.nodes, [{ path: '', count: 1 }]);
    assert.equal(r.body.dsl, 'points < 100');
  });

  test('bad input: a clear error at its path, nothing stored changes', async () => {
    const before_ = await s.state();
    const unknown = await s.call('POST', '/api/v1/count', { body: { condition: { type: 'and', conditions: [{ type: 'all' }, { type: 'field', field: 'nope', op: 'is_set' }] }, nodes: true } });
    assert.deepEqual(err(unknown), [422, 'unknown_field', 'body.condition.conditions[1].field']);
    const parse = await s.call('POST', '/api/v1/count', { body: { condition: 'city = ', nodes: true } });
    assert.deepEqual([parse.status, parse.body.error.code], [400, 'parse_error']);
    assert.match(parse.body.error.path, /^body\.condition \(line 1, column \d+\)$/);
    const flag = await s.call('POST', '/api/v1/count', { body: { condition: 'points > 1', nodes: 'yes' } });
    assert.deepEqual(err(flag), [400, 'invalid_request', 'body.nodes']);
    const wide = await s.call('POST', '/api/v1/count', {
      body: { condition: { type: 'or', conditions: Array.from({ length: 600 }, () => ({ type: 'all' })) }, nodes: true },
    });
    assert.deepEqual(err(wide), [400, 'invalid_argument', 'body.condition']);
    assert.match(wide.body.error.message, /at most 500 nodes/);
    assert.deepEqual(await s.state(), before_);
  });

  test('the route is in the OpenAPI document with its nodes flag', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json')).body;
    const schema = JSON.stringify(doc.paths['/api/v1/count'].post);
    assert.match(schema, /"nodes"/);
  });
});
