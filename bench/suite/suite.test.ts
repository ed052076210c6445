import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseConditionJson } from '../../src/condition/schema.js';
import { FIELD_FNS, FIELD_OPS, MEASURES, type Condition } from '../../src/condition/types.js';
import { EVENT_NAMES, EVENT_PROPERTIES } from '../../src/demo/event-data.js';
import { DEMO_FIELDS } from '../../src/demo/fields.js';
import { referenceDepth, usageOf } from '../../src/demo/inspect.js';

// Compiled to dist/bench/suite/; the JSON files stay in bench/suite/.
const here = new URL('../../../bench/suite/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, here), 'utf8');

interface SuiteSegment { name: string; alias: string; description: string; category: string; condition: Condition }

function loadSuite(): SuiteSegment[] {
  const raw: unknown = JSON.parse(read('segments.json'));
  assert.ok(Array.isArray(raw));
  return raw.map((s: unknown, i) => {
    assert.ok(typeof s === 'object' && s !== null, `[${i}] is an object`);
    const r = parseConditionJson((s as { condition?: unknown }).condition, `[${i}].condition`);
    assert.ok(r.ok, JSON.stringify(r.ok ? '' : r.errors));
    return { ...(s as SuiteSegment), condition: r.value };
  });
}

const suite = loadSuite();
const usage = usageOf(suite);

test('suite: exactly 20 segments with unique aliases, referenced ones first', () => {
  assert.equal(suite.length, 20);
  assert.equal(new Set(suite.map((s) => s.alias)).size, 20);
  const seen = new Set<string>();
  for (const s of suite) {
    assert.match(s.alias, /^[a-z0-9_]+$/);
    assert.ok(s.name && s.description && s.category, s.alias);
    for (const r of usage.references.get(s.alias) ?? []) assert.ok(seen.has(r), `${s.alias} → ${r}`);
    seen.add(s.alias);
  }
});

test('suite: covers every node type, operator, function and measure', () => {
  assert.deepEqual([...usage.nodeTypes].sort(), ['all', 'and', 'event', 'field', 'not', 'or', 'sample', 'segment', 'sequence']);
  for (const op of FIELD_OPS) assert.ok(usage.fieldOps.has(op), `operator ${op}`);
  for (const fn of FIELD_FNS) assert.ok(usage.fns.has(fn), `fn ${fn}`);
  for (const m of MEASURES) assert.ok(usage.measures.has(m), `measure ${m}`);
  assert.ok(usage.caseSensitive, 'case_sensitive');
  assert.ok(usage.windowKinds.has('duration') && usage.windowKinds.has('range'), 'both window kinds');
  assert.ok(JSON.stringify(suite).includes('"within":"30d"'), 'a "30d" window');
  assert.ok(usage.absentStep, 'sequence with an absent step');
  assert.ok(Math.max(...suite.map((s) => referenceDepth(usage, s.alias))) >= 2, 'references two deep');
});

test('suite: only fields, events and properties the generated data has', () => {
  const keys = new Set([...DEMO_FIELDS.map((f) => f.key), 'email', 'phone', 'first_name', 'last_name', 'tags', 'last_active_at']);
  for (const f of usage.fields) assert.ok(keys.has(f), f);
  for (const e of usage.events) assert.ok(e === '*' || (EVENT_NAMES as readonly string[]).includes(e), e);
  for (const p of usage.eventProperties) {
    const [event, key] = p.split('.');
    assert.ok(EVENT_PROPERTIES[event as keyof typeof EVENT_PROPERTIES].includes(key), p);
  }
});

test('manual.json: suite aliases, generated contact ids present at every size', () => {
  const manual = JSON.parse(read('manual.json')) as Record<string, { include: string[]; exclude: string[] }>;
  const aliases = new Set(suite.map((s) => s.alias));
  assert.equal(Object.keys(manual).length, 2);
  for (const [alias, m] of Object.entries(manual)) {
    assert.ok(aliases.has(alias), alias);
    for (const id of [...m.include, ...m.exclude]) {
      assert.match(id, /^c\d{7}$/);
      assert.ok(Number(id.slice(1)) >= 1 && Number(id.slice(1)) <= 2_000, `${id} exists in XS, S, M and the demo`);
    }
    assert.equal(m.include.filter((id) => m.exclude.includes(id)).length, 0);
  }
});

test('README lists every suite segment', () => {
  const readme = read('README.md');
  for (const s of suite) assert.ok(readme.includes(`\`${s.alias}\``), s.alias);
});
