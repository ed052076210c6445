import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonSyntaxError, NumberText, TOO_DEEP, parseJson, stringifyJson, type Json } from '../../src/ingest/json.js';

const read = (text: string, maxDepth = 64): Json => parseJson(text, { maxDepth }).value;

/** The parsed value with every NumberText read as the number JSON.parse would give. */
function asParse(v: Json): unknown {
  if (v instanceof NumberText) return v.value;
  if (Array.isArray(v)) return v.map(asParse);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).map((k) => [k, asParse(v[k])]));
  return v;
}

/** JSON.parse's value without "__proto__" keys (which it keeps as own data, and this reader drops). */
function withoutProto(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutProto);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).filter((k) => k !== '__proto__').map((k) => [k, withoutProto((v as Record<string, unknown>)[k])]));
  return v;
}

test('reads what JSON.parse reads, to the same values', () => {
  fc.assert(fc.property(fc.json(), (text) => {
    assert.deepEqual(asParse(read(text)), withoutProto(JSON.parse(text)));
  }), { numRuns: 500 });
});

test('refuses what JSON.parse refuses', () => {
  for (const bad of ['', '{', '[1,]', '{"a":1,}', '{a:1}', "'x'", '01', '1.', '.5', '+1', 'tru', 'nul', '"\u0001"', '"\\x"', '"\\u12"', '[1 2]', '{"a" 1}', '1 2', 'NaN', '"abc']) {
    assert.throws(() => JSON.parse(bad), SyntaxError, `JSON.parse accepts ${JSON.stringify(bad)}`);
    assert.throws(() => read(bad), JsonSyntaxError, JSON.stringify(bad));
  }
  assert.deepEqual(read('\ufeff {"a": [true, false, null]} '), { a: [true, false, null] });
});

test('a number keeps its text when JavaScript would print it differently', () => {
  assert.equal(read('42'), 42);
  assert.equal(read('-3.25'), -3.25);
  assert.deepEqual(read('12345678901234567890'), new NumberText('12345678901234567890'));
  assert.deepEqual(read('1.0'), new NumberText('1.0'));
  assert.deepEqual(read('1e3'), new NumberText('1e3'));
  assert.deepEqual(read('-0'), new NumberText('-0'));
  assert.equal(stringifyJson(read('{"n":12345678901234567890,"x":[1.50,"a"]}')), '{"n":12345678901234567890,"x":[1.50,"a"]}');
});

test('"__proto__" keys are dropped; "constructor" is plain data; nothing is polluted', () => {
  const v = read('{"__proto__":{"polluted":true},"a":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}') as Record<string, Record<string, unknown>>;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.equal(Object.getPrototypeOf(v.a), Object.prototype);
  assert.deepEqual(Object.keys(v), ['a']);
  assert.deepEqual(Object.keys(v.a), ['constructor']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
});

test('containers past the depth bound are skipped, not built: no stack is exhausted', () => {
  const deep = `{"a":${'['.repeat(300_000)}${']'.repeat(300_000)},"b":1}`;
  const v = read(deep, 3) as Record<string, Json>;
  assert.equal(v.b, 1);
  let x: Json = v.a;
  let depth = 1;
  while (Array.isArray(x)) { x = x[0]; depth++; }
  assert.equal(x, TOO_DEEP);
  assert.equal(depth, 3);
  // Strings with brackets inside a skipped part do not confuse it.
  assert.deepEqual(read('[[["]]]", "\\"]"]],2]', 1), [TOO_DEEP, 2]);
  assert.deepEqual(read('[[["]]]", "\\"]"]],2]', 2), [[TOO_DEEP], 2]);
});

test('spans give the source of containers down to the asked depth', () => {
  const text = '{"batch":[ {"a":1} ,{"b":[2]}]}';
  const { value, spans } = parseJson(text, { maxDepth: 10, spanDepth: 3 });
  const batch = (value as { batch: Json[] }).batch;
  const [s, e] = spans.get(batch[1] as object) ?? [0, 0];
  assert.equal(text.slice(s, e), '{"b":[2]}');
  assert.equal(spans.get((batch[1] as { b: Json[] }).b as object), undefined);
});

test('control characters and SQL-looking text are data, kept as they are', () => {
  assert.equal(read('"a\\u0000b\\u001f\\n\'; DROP TABLE contacts; --"'), "a\u0000b\u001f\n'; DROP TABLE contacts; --");
  assert.equal(read('"\\ud83d\\ude00 \\ud800"'), '\ud83d\ude00 \ud800');
});
