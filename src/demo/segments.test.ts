import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConditionJson } from '../condition/schema.js';
import { EVENT_NAMES, EVENT_PROPERTIES } from './event-data.js';
import { DEMO_FIELDS } from './fields.js';
import { referenceDepth, usageOf } from './inspect.js';
import { DEMO_SEGMENTS } from './segments.js';

const SYSTEM_FIELDS = ['email', 'phone', 'first_name', 'last_name', 'tags', 'created_at', 'last_active_at'];

test('demo segments: at least 18, unique valid aliases, shapes valid per the schema', () => {
  assert.ok(DEMO_SEGMENTS.length >= 18);
  assert.equal(new Set(DEMO_SEGMENTS.map((s) => s.alias)).size, DEMO_SEGMENTS.length);
  for (const s of DEMO_SEGMENTS) {
    assert.match(s.alias, /^[a-z0-9_]+$/);
    assert.ok(s.name && s.description && s.category, s.alias);
    if (s.kind === 'manual') {
      assert.equal(s.condition, undefined, `${s.alias}: manual has no condition`);
      continue;
    }
    const r = parseConditionJson(s.condition);
    assert.ok(r.ok, `${s.alias}: ${JSON.stringify(r.ok ? '' : r.errors)}`);
  }
  assert.ok(DEMO_SEGMENTS.some((s) => s.kind === 'manual'));
});

test('demo segments: references point backwards in the array (apply in order, no cycles)', () => {
  const u = usageOf(DEMO_SEGMENTS);
  const seen = new Set<string>();
  for (const s of DEMO_SEGMENTS) {
    for (const r of u.references.get(s.alias) ?? []) assert.ok(seen.has(r), `${s.alias} references ${r} before it is defined`);
    seen.add(s.alias);
    referenceDepth(u, s.alias);
  }
  assert.ok([...u.references.values()].some((refs) => refs.size >= 2), 'one segment is built on two others');
});

test('demo segments: only fields, events and properties that the demo data has', () => {
  const u = usageOf(DEMO_SEGMENTS);
  const fields = new Map(DEMO_FIELDS.map((f) => [f.key, f]));
  for (const f of u.fields) assert.ok(fields.has(f) || SYSTEM_FIELDS.includes(f), `unknown field ${f}`);
  for (const e of u.events) assert.ok(e === '*' || (EVENT_NAMES as readonly string[]).includes(e), `unknown event ${e}`);
  for (const p of u.eventProperties) {
    const [event, key] = p.split('.');
    assert.ok(EVENT_PROPERTIES[event as keyof typeof EVENT_PROPERTIES].includes(key), `unknown property ${p}`);
  }
  // Select values must be options, or the segment silently matches nobody.
  for (const node of u.fieldNodes) {
    const f = fields.get(node.field);
    if (f?.options === undefined || node.value === undefined) continue;
    const values = Array.isArray(node.value) ? node.value : [node.value];
    for (const v of values) assert.ok(f.options.includes(String(v).toLowerCase()), `${node.field}: ${String(v)} is not an option`);
  }
});

test('demo segments: cover the marketing use cases asked for', () => {
  const u = usageOf(DEMO_SEGMENTS);
  for (const t of ['and', 'field', 'event', 'sequence', 'segment', 'sample']) assert.ok(u.nodeTypes.has(t), t);
  for (const fn of ['age_years', 'days_until_anniversary']) assert.ok(u.fns.has(fn), fn);
  assert.ok(u.absentStep);
  assert.ok(u.measures.has('sum') && u.measures.has('count'));
});
