import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineColumn, tokenize } from './lexer.js';

const kinds = (text: string): string[] => tokenize(text).map((t) => `${t.kind}:${t.text}`);

test('words, dotted paths, punctuation and operators', () => {
  assert.deepStrictEqual(kinds('page.url>=5 and(x)*%,'), [
    'word:page.url', 'punct:>=', 'number:5', 'word:and', 'punct:(', 'word:x', 'punct:)', 'punct:*', 'punct:%', 'punct:,', 'eof:',
  ]);
  // A trailing dot is not part of the path.
  assert.deepStrictEqual(kinds('a.'), ['word:a', 'error:.']);
});

test('numbers, durations and offsets', () => {
  assert.deepStrictEqual(kinds('12 -3.5 1e+21 30d 12mo -1y +2w today-4w'), [
    'number:12', 'number:-3.5', 'number:1e+21', 'duration:30d', 'duration:12mo', 'offset:-1y', 'offset:+2w',
    'word:today', 'offset:-4w', 'eof:',
  ]);
  const [n] = tokenize('-0');
  assert.ok(n.kind === 'number' && Object.is(n.value, -0));
  assert.deepStrictEqual(kinds('1.5d'), ['error:1.5d']);
});

test('strings decode escapes and keep their source text', () => {
  const [s] = tokenize(String.raw`"a\"b\\c\n\r\t\u{1F600}"`);
  assert.ok(s.kind === 'string');
  assert.equal(s.value, 'a"b\\c\n\r\t😀');
  assert.equal(s.text, String.raw`"a\"b\\c\n\r\t\u{1F600}"`);
  assert.deepStrictEqual(kinds('"\\u{110000}"'), ['error:\\u']);
});

test('a lexer error ends the token list', () => {
  const tokens = tokenize('a = "open\nb = 1');
  assert.deepStrictEqual(tokens.map((t) => t.kind), ['word', 'punct', 'error']);
});

test('end of input sits right after the last written character', () => {
  const tokens = tokenize('a = 1\n\n  ');
  assert.equal(tokens[tokens.length - 1].offset, 5);
});

test('lineColumn is 1-based and counts code points', () => {
  assert.deepStrictEqual(lineColumn('ab\n😀x', 5), { line: 2, column: 2 });
  assert.deepStrictEqual(lineColumn('', 0), { line: 1, column: 1 });
});
