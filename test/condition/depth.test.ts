import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_DEPTH } from '../../src/condition/depth.js';
import { parseConditionJson } from '../../src/condition/schema.js';
import type { Condition } from '../../src/condition/types.js';
import { parseDsl, printDsl } from '../../src/dsl/index.js';
import type { Workspace } from '../../src/engine/index.js';
import { renderIssue, type Issue } from '../../src/errors.js';
import { fixture, type Fixture } from '../workspace-fixture.js';
import { expectMembers, issuesOf } from '../semantics/helpers.js';

// A condition nests at most MAX_DEPTH levels (and, or, not, where). Deeper input is refused
// with the limit and the place, before anything walks it recursively: 20,000 levels used
// to end in "Maximum call stack size exceeded" in the schema, the parser or the binder.

const HUGE = 20_000;
const leaf: Condition = { type: 'field', field: 'city', op: 'eq', value: 'Bern' };

/** `levels` nested `not`s around a condition. */
function nots(levels: number, inner: Condition = leaf): Condition {
  let c = inner;
  for (let i = 0; i < levels; i++) c = { type: 'not', condition: c };
  return c;
}

/** `levels` nested one-child `and`s around a condition. */
function ands(levels: number, inner: Condition = leaf): Condition {
  let c = inner;
  for (let i = 0; i < levels; i++) c = { type: 'and', conditions: [c] };
  return c;
}

function only(errors: readonly Issue[]): Issue {
  assert.equal(errors.length, 1, JSON.stringify(errors).slice(0, 500));
  return errors[0];
}

/** The JSON text of `nots(levels)`, written by hand: JSON.stringify itself recurses. */
function notsJson(levels: number): string {
  return `${repeat('{"type":"not","condition":', levels)}${JSON.stringify(leaf)}${repeat('}', levels)}`;
}

function jsonError(input: unknown, base = ''): Issue {
  const r = parseConditionJson(input, base);
  if (r.ok) return assert.fail('a condition past the limit was accepted');
  return only(r.errors);
}

function dslError(text: string): Issue {
  const r = parseDsl(text);
  if (r.ok) return assert.fail('DSL text past the limit was accepted');
  const e = only(r.errors);
  assert.equal(e.code, 'parse_error');
  return e;
}

const repeat = (s: string, n: number): string => Array.from({ length: n }, () => s).join('');

test('the limit is 64 levels', () => {
  assert.equal(MAX_DEPTH, 64);
});

describe('JSON conditions', () => {
  test(`${HUGE} levels of not are refused with the limit and the path of level ${MAX_DEPTH + 1}`, () => {
    const e = jsonError(JSON.parse(notsJson(HUGE)), 'condition');
    assert.equal(e.code, 'invalid_condition');
    assert.match(e.message, /at most 64 levels deep/);
    assert.equal(e.path, `condition${repeat('.condition', MAX_DEPTH)}`);
  });

  test(`${HUGE} levels of and / or are refused, naming the child list`, () => {
    const e = jsonError(ands(HUGE));
    assert.equal(e.code, 'invalid_condition');
    assert.equal(e.path, repeat('conditions[0].', MAX_DEPTH).slice(0, -1));
    let or: Condition = leaf;
    for (let i = 0; i < HUGE; i++) or = { type: 'or', conditions: [leaf, or] };
    assert.equal(jsonError(or).path, repeat('conditions[1].', MAX_DEPTH).slice(0, -1));
  });

  test('a where block counts one level, and its logic counts too', () => {
    const where = (w: unknown): Condition => ({ type: 'event', event: 'purchase', where: w } as Condition);
    const prop = { type: 'field', field: 'category', op: 'eq', value: 'shoes' };
    // 63 nots, the where block (64): at the limit.
    assert.ok(parseConditionJson(nots(MAX_DEPTH - 1, where(prop))).ok);
    const e = jsonError(nots(MAX_DEPTH, where(prop)));
    assert.equal(e.path, `${repeat('condition.', MAX_DEPTH)}where`);
    // 62 nots, the where block (63), a not in it (64).
    assert.ok(parseConditionJson(nots(MAX_DEPTH - 2, where({ type: 'not', condition: prop }))).ok);
    assert.ok(!parseConditionJson(nots(MAX_DEPTH - 1, where({ type: 'not', condition: prop }))).ok);
    let deepWhere: unknown = prop;
    for (let i = 0; i < HUGE; i++) deepWhere = { type: 'not', condition: deepWhere };
    const seq = { type: 'sequence', steps: [{ event: 'a' }, { event: 'b', where: deepWhere }] };
    assert.equal(jsonError(seq).path, `steps[1].where${repeat('.condition', MAX_DEPTH - 1)}`);
  });

  test('exactly at the limit the tree is accepted and prints as text that reads back', () => {
    for (const c of [nots(MAX_DEPTH), ands(MAX_DEPTH), nots(MAX_DEPTH - 1, { type: 'and', conditions: [leaf, { type: 'segment', segment: 'x', op: 'in' }] }), nots(MAX_DEPTH, { type: 'segment', segment: 'x', op: 'in' })]) {
      const r = parseConditionJson(c);
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
      const back = parseDsl(printDsl(c));
      assert.ok(back.ok, `${printDsl(c)}: ${JSON.stringify(!back.ok && back.errors)}`);
      assert.deepEqual(back.value, c);
    }
    assert.ok(!parseConditionJson(nots(MAX_DEPTH + 1)).ok);
    assert.ok(!parseConditionJson(ands(MAX_DEPTH + 1)).ok);
  });
});

describe('DSL text', () => {
  test(`${HUGE} nested nots are refused at the not past the limit, with line and column`, () => {
    const e = dslError(`${repeat('not ', HUGE)}city = "Bern"`);
    assert.equal(renderIssue(e), `conditions may nest at most 64 levels deep (each parenthesis, not, and(, or( and where opens one level); this one goes deeper at line 1, column ${MAX_DEPTH * 4 + 1}`);
    assert.equal(dslError(`${repeat('not\n', HUGE)}city = "Bern"`).path, `line ${MAX_DEPTH + 1}, column 1`);
  });

  test(`${HUGE} nested parentheses, and( and where blocks are refused`, () => {
    assert.equal(dslError(`${repeat('(', HUGE)}city = "Bern"${repeat(')', HUGE)}`).path, `line 1, column ${MAX_DEPTH + 1}`);
    assert.equal(dslError(`${repeat('and(', HUGE)}city = "Bern"${repeat(')', HUGE)}`).path, `line 1, column ${MAX_DEPTH * 4 + 1}`);
    assert.equal(dslError(`${repeat('not (', HUGE)}city = "Bern"${repeat(')', HUGE)}`).path, `line 1, column ${MAX_DEPTH * 5 + 1}`);
    const e = dslError(`performed purchase where (${repeat('(', HUGE)}category = "shoes"${repeat(')', HUGE)})`);
    assert.equal(e.path, `line 1, column ${'performed purchase where ('.length + MAX_DEPTH}`);
  });

  test('exactly at the limit the text is accepted', () => {
    const atLimit = parseDsl(`${repeat('not ', MAX_DEPTH)}city = "Bern"`);
    assert.ok(atLimit.ok);
    assert.deepEqual(atLimit.value, nots(MAX_DEPTH));
    assert.ok(parseDsl(`${repeat('(', MAX_DEPTH)}city = "Bern"${repeat(')', MAX_DEPTH)}`).ok);
    assert.ok(parseDsl(`${repeat('not (', MAX_DEPTH)}city = "Bern"${repeat(')', MAX_DEPTH)}`).ok);
    assert.ok(!parseDsl(`${repeat('(', MAX_DEPTH + 1)}city = "Bern"${repeat(')', MAX_DEPTH + 1)}`).ok);
  });

  test('infix chains that nest two levels per parenthesis are held to the same limit', () => {
    // `a or b and (…)`: an or holding an and holding the group: two tree levels per "(".
    const chain = (n: number): string => (n === 0 ? 'city = "x"' : `city = "a" or city = "b" and (${chain(n - 1)})`);
    const fits = parseDsl(chain(32)); // 32 × 2 = 64 levels
    assert.ok(fits.ok, JSON.stringify(!fits.ok && fits.errors));
    assert.ok(parseConditionJson(fits.value).ok);
    const e = dslError(chain(33)); // 66 levels, 33 parentheses
    assert.match(e.message, /at most 64 levels deep \(each and, or, not and where counts one level\)/);
    assert.match(e.path, /^line 1, column \d+$/);
  });
});

describe('through the workspace and the CLI', () => {
  let f: Fixture;
  let ws: Workspace;
  let dir: string;
  before(async () => {
    f = await fixture({ fields: [{ key: 'city', label: 'City', type: 'text' }], contacts: [{ id: 'c1', city: 'Bern' }, { id: 'c2', city: 'Basel' }] });
    ws = await f.at('2026-10-25T09:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'segmint-depth-'));
  });
  after(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('saving a segment past the limit is refused with the path; at the limit it works in both executors', async () => {
    const [e] = await issuesOf(ws.applySegments({ name: 'Deep', condition: nots(HUGE) }));
    assert.equal(e.code, 'invalid_condition');
    assert.equal(e.path, `condition${repeat('.condition', MAX_DEPTH)}`);
    const [d] = await issuesOf(ws.applySegments({ name: 'Deep', condition: `${repeat('not ', HUGE)}city = "Bern"` }));
    assert.equal(d.code, 'parse_error');
    assert.equal(d.path, `condition (line 1, column ${MAX_DEPTH * 4 + 1})`);
    assert.deepEqual(await ws.segments(), []);
    await expectMembers(ws, nots(MAX_DEPTH), ['c1']);
    await expectMembers(ws, ands(MAX_DEPTH), ['c1']);
    await ws.applySegments({ name: 'Deep', alias: 'deep', condition: nots(MAX_DEPTH - 1) });
    assert.deepEqual(await ws.members('deep'), ['c2']);
  });

  test('segmint count and segmint check answer with one line naming the limit', () => {
    const bin = resolve('bin/segmint.js');
    const data = join(dir, 'data');
    const run = (args: string[]): { code: number | null; err: string } => {
      const r = spawnSync('node', [bin, '--data', data, ...args], { encoding: 'utf8', env: { ...process.env, SEGMINT_DATA: '', SEGMINT_NOW: '' } });
      return { code: r.status, err: r.stderr };
    };
    const count = run(['count', `${repeat('not ', HUGE)}all`]);
    assert.equal(count.code, 1);
    assert.equal(count.err.trim().split('\n').length, 1);
    assert.match(count.err, /at most 64 levels deep .* at line 1, column 257/);
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"name":"Deep","condition":${repeat('{"type":"and","conditions":[', HUGE)}{"type":"all"}${repeat(']}', HUGE)}}`);
    const check = run(['check', file]);
    assert.equal(check.code, 1);
    assert.equal(check.err.trim().split('\n').length, 1);
    assert.match(check.err, /at most 64 levels deep .* at condition(\.conditions\[0\]){64}$/m);
  });
});
