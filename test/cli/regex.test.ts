import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// `matches` on untrusted patterns and text. `^(a+)+$` against forty a's and a `!`
// takes a backtracking engine 2^40 steps (hours); RE2 answers at once. `explain`
// runs the in-memory evaluator, `segments apply` the SQL path. The process is run with a
// kill timeout, not timed: a regression shows as a killed process, not a flaky duration.

const BIN = resolve('bin/segmint.js');
const NOW = '2026-10-25T09:00:00Z';
const LIMIT_MS = 60_000;

function run(data: string, args: string[]): { code: number | null; out: string; err: string } {
  const env = { ...process.env, SEGMINT_DATA: '', SEGMINT_NOW: '' };
  const r = spawnSync('node', [BIN, '--data', data, '--now', NOW, ...args], { encoding: 'utf8', env, timeout: LIMIT_MS, killSignal: 'SIGKILL' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ok(data: string, args: string[]): string {
  const r = run(data, args);
  assert.notEqual(r.code, null, `segmint ${args.join(' ')} did not answer within ${LIMIT_MS / 1000} s`);
  assert.equal(r.code, 0, `segmint ${args.join(' ')} failed: ${r.err}`);
  return r.out;
}

describe('matches runs in linear time on untrusted patterns', { timeout: 4 * LIMIT_MS }, () => {
  let dir: string;
  let data: string;
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const evil = `${'a'.repeat(40)}!`;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'segmint-regex-'));
    data = join(dir, 'data');
    ok(data, ['fields', 'apply', file('fields.json', JSON.stringify([{ key: 'city', label: 'City', type: 'text' }]))]);
    ok(data, ['import', 'contacts', file('contacts.ndjson', [
      { id: 'evil', city: evil },
      { id: 'plain', city: 'aaaa' },
      { id: 'upper', city: 'AAAA' },
      { id: 'none' },
    ].map((c) => JSON.stringify(c)).join('\n'))]);
    ok(data, ['segments', 'apply', file('segs.json', JSON.stringify([
      { name: 'Only a', alias: 'only_a', condition: 'city matches "^(a+)+$"' },
      { name: 'Not only a', alias: 'not_only_a', condition: 'city not matches "^(a+)+$"' },
      { name: 'Only lower a', alias: 'only_lower_a', condition: { type: 'field', field: 'city', op: 'matches', value: '^(a+)+$', case_sensitive: true } },
    ]))]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('explain answers for the catastrophic input, with the right verdict', () => {
    assert.match(ok(data, ['explain', 'only_a', 'evil']), /evil is OUT of only_a: the condition does not hold/);
    assert.match(ok(data, ['explain', 'not_only_a', 'evil']), /evil is IN not_only_a: the condition holds/);
    assert.match(ok(data, ['explain', 'only_lower_a', 'evil']), /evil is OUT of only_lower_a/);
  });

  test('explain and the SQL path agree on the other contacts, case rules included', () => {
    assert.match(ok(data, ['explain', 'only_a', 'plain']), /plain is IN only_a: the condition holds/);
    assert.match(ok(data, ['explain', 'only_a', 'upper']), /upper is IN only_a: the condition holds/);
    assert.match(ok(data, ['explain', 'only_lower_a', 'upper']), /upper is OUT of only_lower_a: the condition does not hold/);
    assert.match(ok(data, ['explain', 'not_only_a', 'none']), /none is IN not_only_a: the condition holds/);
    // Members were computed by the SQL path when the segments were saved.
    assert.equal(ok(data, ['segments', 'members', 'only_a']), 'plain\nupper\n');
    assert.equal(ok(data, ['segments', 'members', 'not_only_a']), 'evil\nnone\n');
    assert.equal(ok(data, ['segments', 'members', 'only_lower_a']), 'plain\n');
  });

  test('patterns outside the subset are refused when saved, naming the construct', () => {
    for (const [pattern, why] of [
      ['(?<=a)b', /lookaround/], ['(a)\\1', /backreferences/], ['a(?!b)', /lookaround/], ['a{1001}', /invalid repeat count/], ['(a', /missing closing \)/],
    ] as const) {
      const r = run(data, ['segments', 'apply', file('bad.json', JSON.stringify({ name: 'Bad', alias: 'bad', condition: { type: 'field', field: 'city', op: 'matches', value: pattern } }))]);
      assert.equal(r.code, 1, pattern);
      assert.match(r.err, why, pattern);
      assert.match(r.err, /at condition\.value/, pattern);
    }
    assert.equal(run(data, ['segments', 'show', 'bad']).code, 1, 'nothing was saved');
  });
});
