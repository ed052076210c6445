import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderIssue } from '../errors.js';
import { parseDsl } from './index.js';

// Error messages are part of the interface: people fix their text from them. Each says
// what was expected, what was found, and where (1-based line and column).

function error(text: string): string {
  const r = parseDsl(text);
  if (r.ok) return assert.fail(`${JSON.stringify(text)} parsed: ${JSON.stringify(r.value)}`);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].code, 'parse_error');
  assert.match(r.errors[0].path, /^line \d+, column \d+$/);
  return renderIssue(r.errors[0]);
}

test('missing value at end of input', () => {
  assert.equal(error('country ='), 'expected a value after "=" but found end of input at line 1, column 10');
  assert.equal(error('a = 1 and\n\n'), 'expected a condition after "and" but found end of input at line 1, column 10');
  assert.equal(error(''), 'expected a condition but found end of input at line 1, column 1');
});

test('wrong token', () => {
  assert.equal(
    error('country = "CH"\n  and age(birth_date) between 40 50'),
    'expected "and" to complete "between … and …" but found "50" at line 2, column 34',
  );
  assert.equal(
    error('country = "CH"\ncountry = "DE"'),
    'expected "and", "or" or end of input but found "country" at line 2, column 1',
  );
  assert.equal(
    error('performed purchase\n  where category = "shoes"'),
    'expected "(" after "where" but found "category" at line 2, column 9',
  );
  assert.equal(
    error('performed purchase\n  at least 2\nwithin 30d'),
    'expected "times" after "2" but found "within" at line 3, column 1',
  );
  assert.equal(
    error('sample 10 salt "x"'),
    'expected "%" after "10" but found "salt" at line 1, column 11',
  );
});

test('unterminated string', () => {
  assert.equal(
    error('performed purchase\n  where (category = "shoes)\n  at least 2 times'),
    'unterminated string: expected a closing " before the end of the line at line 2, column 21',
  );
});

test('unknown operator', () => {
  assert.equal(
    error('country = "CH" and\n  city equals "Zurich"'),
    'expected an operator such as =, !=, >, between, in, contains, starts with, any of, matches or is set after "city" but found "equals" at line 2, column 8',
  );
  assert.equal(error('country = "CH" or\n  country == "DE"'), 'unknown operator "==": use "=" at line 2, column 11');
  assert.equal(
    error('x not equal 3'),
    'expected "between", "in", "contains" or "matches" after "not" but found "equal" at line 1, column 7',
  );
});

test('missing closing parenthesis', () => {
  assert.equal(
    error('(country = "CH"\n  or country = "DE"\nand email is set'),
    'expected ")" to close the "(" at line 1, column 1 but found end of input at line 3, column 17',
  );
  assert.equal(
    error('x in ("a",\n  "b"\n'),
    'expected "," or ")" to close the "(" at line 1, column 6 but found end of input at line 2, column 6',
  );
  assert.equal(
    error('a = 1 and\n  and(b = 2'),
    'expected "," or ")" to close the "and(" at line 2, column 3 but found end of input at line 2, column 12',
  );
});

test('absent step not last', () => {
  assert.equal(
    error('performed cart_add\n  then not checkout\n  then purchase\nwithin 14d'),
    'expected the end of the sequence after the absent step "then not checkout" but found "then" (only the last step may be absent) at line 3, column 3',
  );
});

test('hints for common slips', () => {
  assert.equal(
    error('last_active_at > 30d'),
    'expected a value after ">" but found "30d" (a relative date needs a sign: -30d or +30d) at line 1, column 18',
  );
  assert.equal(
    error('country = CH'),
    'expected a value after "=" but found "CH" (text values are written in double quotes: "CH") at line 1, column 11',
  );
  assert.equal(
    error('performed e count = true'),
    'expected a number or a date after "=" but found "true" at line 1, column 21',
  );
  assert.equal(error("x = 'a'"), 'unexpected character "\'": strings use double quotes at line 1, column 5');
  assert.equal(
    error('x = today - 1d'),
    'unexpected character "-": write a number or offset right after the sign, without a space (-30d) at line 1, column 11',
  );
  assert.equal(
    error('Country = "CH"'),
    'expected a condition (field names are lower case) but found "Country" at line 1, column 1',
  );
  assert.equal(
    error('page.url = "/"'),
    'expected a condition (dotted names are event properties, only allowed inside where (…)) but found "page.url" at line 1, column 1',
  );
  assert.equal(
    error('performed within 30d'),
    'expected an event name (a word, * or a name in double quotes) after "performed" but found "within" at line 1, column 11',
  );
  assert.equal(
    error('performed a at least 2 times then b'),
    'expected "and", "or" or end of input but found "then" (steps of a sequence have no measure or "within": write "within" after the last step) at line 1, column 30',
  );
  assert.equal(
    error('performed a gap 2h'),
    'expected "and", "or" or end of input but found "gap" (a gap belongs to a sequence: performed a then b gap 2h) at line 1, column 13',
  );
  assert.equal(
    error('performed a within 30'),
    'expected a duration such as 30d, or "from" or "to" after "within" but found "30" at line 1, column 20',
  );
  assert.equal(
    error('x > 30D'),
    '"30D" is neither a number nor a duration: a duration is a whole number and a unit s, m, h, d, w, mo or y (30d) at line 1, column 5',
  );
  assert.equal(
    error('name = "a\\qb"'),
    'unknown escape "\\q" in string: expected \\" \\\\ \\n \\r \\t or \\u{…} at line 1, column 10',
  );
});

test('columns count characters, not UTF-16 units', () => {
  assert.equal(error('name = "é😀" and\n  "ü" = 1 and ???'), 'unexpected character "?" at line 2, column 15');
  assert.equal(error('name = "😀😀" ?'), 'unexpected character "?" at line 1, column 13');
});

test('the earliest problem wins over a later lexer error', () => {
  assert.equal(
    error('country "CH"\nand name = "unterminated'),
    'expected an operator such as =, !=, >, between, in, contains, starts with, any of, matches or is set after "country" but found the string "CH" at line 1, column 9',
  );
});

test('a number that a number cannot hold exactly is refused, not rounded', () => {
  assert.equal(error('points >= 9007199254740993'),
    '9007199254740993 cannot be held exactly: a number keeps about 15 significant digits and reaches at most 1.7976931348623157e308 at line 1, column 11');
  assert.match(error('points >= 1\nor points < 1e309'), /^1e309 cannot be held exactly: .* at line 2, column 13$/);
  assert.match(error('sample 1e400% salt "x"'), /^1e400 cannot be held exactly/);
  // Digits a number keeps are taken whatever their spelling.
  const ok = parseDsl('points >= 0.1 and points < 1.50e3 and points != +5');
  assert.ok(ok.ok);
  assert.deepEqual(ok.value, { type: 'and', conditions: [
    { type: 'field', field: 'points', op: 'gte', value: 0.1 },
    { type: 'field', field: 'points', op: 'lt', value: 1500 },
    { type: 'field', field: 'points', op: 'neq', value: 5 },
  ] });
});
