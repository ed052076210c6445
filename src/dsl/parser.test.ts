import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition } from '../condition/types.js';
import { renderIssue } from '../errors.js';
import { parseDsl } from './index.js';

function parsed(text: string): Condition {
  const r = parseDsl(text);
  if (!r.ok) return assert.fail(`${JSON.stringify(text)} did not parse: ${r.errors.map(renderIssue).join('; ')}`);
  return r.value;
}

const is = (text: string, expected: Condition): void => assert.deepStrictEqual(parsed(text), expected);

/** The measure part of `performed e …`: the event node without `type` and `event`. */
function m(text: string): object {
  const c = parsed(`performed e ${text}`);
  if (c.type !== 'event') return assert.fail(`not an event: ${JSON.stringify(c)}`);
  const { type: _type, event: _event, ...rest } = c;
  return rest;
}

describe('§8 examples parse to the JSON of §2–§6', () => {
  test('country and age between', () => {
    is('country = "CH" and age(birth_date) between 40 and 50', {
      type: 'and',
      conditions: [
        { type: 'field', field: 'country', op: 'eq', value: 'CH' },
        { type: 'field', field: 'birth_date', fn: 'age_years', op: 'between', value: [40, 50] },
      ],
    });
  });

  test('tags contains or points', () => {
    is('tags contains "vip" or points >= 1000', {
      type: 'or',
      conditions: [
        { type: 'field', field: 'tags', op: 'contains', value: 'vip' },
        { type: 'field', field: 'points', op: 'gte', value: 1000 },
      ],
    });
  });

  test('relative date and is set', () => {
    is('last_active_at <= -1mo and email is set', {
      type: 'and',
      conditions: [
        { type: 'field', field: 'last_active_at', op: 'lte', value: '-1mo' },
        { type: 'field', field: 'email', op: 'is_set' },
      ],
    });
  });

  test('performed with where, count and window', () => {
    // `at least N times` leaves `measure` out (count is the default); `count >= 2`
    // writes it, giving §4's example tree key for key.
    is('performed purchase where (category = "shoes") at least 2 times within 30d', {
      type: 'event',
      event: 'purchase',
      where: { type: 'field', field: 'category', op: 'eq', value: 'shoes' },
      within: '30d',
      op: 'gte',
      value: 2,
    });
    is('performed purchase where (category = "shoes") count >= 2 within 30d', {
      type: 'event',
      event: 'purchase',
      where: { type: 'field', field: 'category', op: 'eq', value: 'shoes' },
      within: '30d',
      measure: 'count',
      op: 'gte',
      value: 2,
    });
  });

  test('sum of a property', () => {
    is('performed purchase sum(amount) > 200 within 90d', {
      type: 'event', event: 'purchase', within: '90d', measure: 'sum', property: 'amount', op: 'gt', value: 200,
    });
  });

  test('not performed any event', () => {
    is('not performed * within 60d', { type: 'not', condition: { type: 'event', event: '*', within: '60d' } });
  });

  test('sequence with absent last step', () => {
    is('performed cart_add then not purchase gap 48h within 14d', {
      type: 'sequence',
      steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }],
      gap: '48h',
      within: '14d',
    });
  });

  test('segments', () => {
    is('in segment newsletter and not in segment churned', {
      type: 'and',
      conditions: [
        { type: 'segment', segment: 'newsletter', op: 'in' },
        { type: 'segment', segment: 'churned', op: 'not_in' },
      ],
    });
  });

  test('sample', () => {
    is('sample 10% salt "holdout-q4"', { type: 'sample', percent: 10, salt: 'holdout-q4' });
  });
});

describe('logic', () => {
  const a = { type: 'field', field: 'a', op: 'eq', value: 1 } as const;
  const b = { type: 'field', field: 'b', op: 'eq', value: 2 } as const;
  const c = { type: 'field', field: 'c', op: 'eq', value: 3 } as const;

  test('not binds tighter than and, and tighter than or', () => {
    is('not a = 1 and b = 2 or c = 3', {
      type: 'or',
      conditions: [{ type: 'and', conditions: [{ type: 'not', condition: a }, b] }, c],
    });
    is('a = 1 or b = 2 and c = 3', { type: 'or', conditions: [a, { type: 'and', conditions: [b, c] }] });
  });

  test('a chain is one node; parentheses keep their own node', () => {
    is('a = 1 and b = 2 and c = 3', { type: 'and', conditions: [a, b, c] });
    is('(a = 1 and b = 2) and c = 3', { type: 'and', conditions: [{ type: 'and', conditions: [a, b] }, c] });
    is('not (a = 1 or b = 2)', { type: 'not', condition: { type: 'or', conditions: [a, b] } });
    is('((a = 1))', a);
    is('not not a = 1', { type: 'not', condition: { type: 'not', condition: a } });
  });

  test('and(…) and or(…) write empty and one-child groups', () => {
    is('and()', { type: 'and', conditions: [] });
    is('or()', { type: 'or', conditions: [] });
    is('and(a = 1)', { type: 'and', conditions: [a] });
    is('or(a = 1, b = 2 and c = 3)', { type: 'or', conditions: [a, { type: 'and', conditions: [b, c] }] });
    is('a = 1 and or()', { type: 'and', conditions: [a, { type: 'or', conditions: [] }] });
  });

  test('keywords are case-insensitive; all and everyone', () => {
    is('NOT a = 1 AND b = 2 Or ALL', {
      type: 'or',
      conditions: [{ type: 'and', conditions: [{ type: 'not', condition: a }, b] }, { type: 'all' }],
    });
    is('everyone', { type: 'all' });
    is('Performed Purchase Within 30d', { type: 'event', event: 'Purchase', within: '30d' });
  });

  test('line breaks and tabs are plain white space', () => {
    is('a = 1\n\tand\r\n  b = 2\n', { type: 'and', conditions: [a, b] });
  });
});

describe('field comparisons', () => {
  const ops: [string, Condition][] = [
    ['x = "a"', { type: 'field', field: 'x', op: 'eq', value: 'a' }],
    ['x != "a"', { type: 'field', field: 'x', op: 'neq', value: 'a' }],
    ['x > 1', { type: 'field', field: 'x', op: 'gt', value: 1 }],
    ['x >= 1.5', { type: 'field', field: 'x', op: 'gte', value: 1.5 }],
    ['x < -2', { type: 'field', field: 'x', op: 'lt', value: -2 }],
    ['x <= -0.25', { type: 'field', field: 'x', op: 'lte', value: -0.25 }],
    ['x between 1 and 2', { type: 'field', field: 'x', op: 'between', value: [1, 2] }],
    ['x not between "2026-01-01" and today', { type: 'field', field: 'x', op: 'not_between', value: ['2026-01-01', 'today'] }],
    ['x in ("a", 2, true)', { type: 'field', field: 'x', op: 'in', value: ['a', 2, true] }],
    ['x not in ("a")', { type: 'field', field: 'x', op: 'not_in', value: ['a'] }],
    ['x in ()', { type: 'field', field: 'x', op: 'in', value: [] }],
    ['x contains "a"', { type: 'field', field: 'x', op: 'contains', value: 'a' }],
    ['x not contains "a"', { type: 'field', field: 'x', op: 'not_contains', value: 'a' }],
    ['x starts with "a"', { type: 'field', field: 'x', op: 'starts_with', value: 'a' }],
    ['x ends with "a"', { type: 'field', field: 'x', op: 'ends_with', value: 'a' }],
    ['x any of ("a", "b")', { type: 'field', field: 'x', op: 'any_of', value: ['a', 'b'] }],
    ['x all of ("a", "b")', { type: 'field', field: 'x', op: 'all_of', value: ['a', 'b'] }],
    ['x none of ("a", "b")', { type: 'field', field: 'x', op: 'none_of', value: ['a', 'b'] }],
    ['x matches "^a.*"', { type: 'field', field: 'x', op: 'matches', value: '^a.*' }],
    ['x not matches "b$"', { type: 'field', field: 'x', op: 'not_matches', value: 'b$' }],
    ['x is set', { type: 'field', field: 'x', op: 'is_set' }],
    ['x is not set', { type: 'field', field: 'x', op: 'is_not_set' }],
    ['x is true', { type: 'field', field: 'x', op: 'is_true' }],
    ['x is false', { type: 'field', field: 'x', op: 'is_false' }],
    ['x = false', { type: 'field', field: 'x', op: 'eq', value: false }],
    ['x Starts With "a"', { type: 'field', field: 'x', op: 'starts_with', value: 'a' }],
  ];
  for (const [text, tree] of ops) test(text, () => is(text, tree));

  test('functions', () => {
    is('age(birth_date) >= 18', { type: 'field', field: 'birth_date', fn: 'age_years', op: 'gte', value: 18 });
    is('days_since(created_at) < 7', { type: 'field', field: 'created_at', fn: 'days_since', op: 'lt', value: 7 });
    is('days_until_anniversary(birth_date) between 0 and 6', {
      type: 'field', field: 'birth_date', fn: 'days_until_anniversary', op: 'between', value: [0, 6],
    });
    // Without "(" a function word is an ordinary field name.
    is('age = 30', { type: 'field', field: 'age', op: 'eq', value: 30 });
  });

  test('case sensitivity', () => {
    is('last_name = "McDonald" case sensitive', {
      type: 'field', field: 'last_name', op: 'eq', value: 'McDonald', case_sensitive: true,
    });
    is('tags any of ("VIP") case insensitive', {
      type: 'field', field: 'tags', op: 'any_of', value: ['VIP'], case_sensitive: false,
    });
  });

  test('date expressions written bare become strings', () => {
    const v = (text: string): unknown => {
      const c = parsed(`d > ${text}`);
      return c.type === 'field' ? c.value : undefined;
    };
    assert.equal(v('now'), 'now');
    assert.equal(v('TODAY'), 'today');
    assert.equal(v('start_of_week-4w'), 'start_of_week-4w');
    assert.equal(v('start_of_month +1d'), 'start_of_month+1d');
    assert.equal(v('start_of_year'), 'start_of_year');
    for (const off of ['-30d', '-1mo', '+12h', '-90m', '-10s', '-1y', '+2w']) assert.equal(v(off), off);
    assert.equal(v('"2026-01-31"'), '2026-01-31');
  });

  test('numbers: integers, decimals, negatives, exponents', () => {
    const v = (text: string): unknown => {
      const c = parsed(`n = ${text}`);
      return c.type === 'field' ? c.value : undefined;
    };
    assert.equal(v('42'), 42);
    assert.equal(v('-3.75'), -3.75);
    assert.equal(v('1e+21'), 1e21);
    assert.equal(v('5e-324'), 5e-324);
    assert.ok(Object.is(v('-0'), -0));
  });

  test('strings: escapes and unicode', () => {
    is(String.raw`name = "say \"hi\" \\ o/ \n\t\u{1F600} é"`, {
      type: 'field', field: 'name', op: 'eq', value: 'say "hi" \\ o/ \n\t\u{1F600} é',
    });
  });

  test('quoted names for fields that are not plain identifiers', () => {
    is('"all" = 1', { type: 'field', field: 'all', op: 'eq', value: 1 });
    is('"Mixed Case" is set', { type: 'field', field: 'Mixed Case', op: 'is_set' });
    is('count = 1 and where = 2', {
      type: 'and',
      conditions: [
        { type: 'field', field: 'count', op: 'eq', value: 1 },
        { type: 'field', field: 'where', op: 'eq', value: 2 },
      ],
    });
  });
});

describe('events', () => {
  test('bare, any and quoted names', () => {
    is('performed purchase', { type: 'event', event: 'purchase' });
    is('performed *', { type: 'event', event: '*' });
    is('performed "Order Completed"', { type: 'event', event: 'Order Completed' });
    is('performed OrderCompleted', { type: 'event', event: 'OrderCompleted' });
  });

  test('where: property keys with capitals and dots, logic inside', () => {
    is('performed page_view where (page.url starts with "/pricing" and not (UTM.Source = "ads" or "$browser" in ("x")))', {
      type: 'event',
      event: 'page_view',
      where: {
        type: 'and',
        conditions: [
          { type: 'field', field: 'page.url', op: 'starts_with', value: '/pricing' },
          {
            type: 'not',
            condition: {
              type: 'or',
              conditions: [
                { type: 'field', field: 'UTM.Source', op: 'eq', value: 'ads' },
                { type: 'field', field: '$browser', op: 'in', value: ['x'] },
              ],
            },
          },
        ],
      },
    });
  });

  test('counts in words', () => {
    assert.deepStrictEqual(m('at least 2 times'), { op: 'gte', value: 2 });
    assert.deepStrictEqual(m('at most 3 times'), { op: 'lte', value: 3 });
    assert.deepStrictEqual(m('exactly 1 time'), { op: 'eq', value: 1 });
    assert.deepStrictEqual(m('more than 2 times'), { op: 'gt', value: 2 });
    assert.deepStrictEqual(m('fewer than 2 times'), { op: 'lt', value: 2 });
    assert.deepStrictEqual(m('less than 2 times'), { op: 'lt', value: 2 });
    assert.deepStrictEqual(m('not exactly 0 times'), { op: 'neq', value: 0 });
    assert.deepStrictEqual(m('between 1 and 3 times'), { op: 'between', value: [1, 3] });
    assert.deepStrictEqual(m('not between 1 and 3 times'), { op: 'not_between', value: [1, 3] });
  });

  test('named measures', () => {
    assert.deepStrictEqual(m('count = 0'), { measure: 'count', op: 'eq', value: 0 });
    assert.deepStrictEqual(m('count != 1'), { measure: 'count', op: 'neq', value: 1 });
    assert.deepStrictEqual(m('avg(price) < 9.5'), { measure: 'avg', property: 'price', op: 'lt', value: 9.5 });
    assert.deepStrictEqual(m('min(price) <= 1'), { measure: 'min', property: 'price', op: 'lte', value: 1 });
    assert.deepStrictEqual(m('max(item.price) >= 100'), { measure: 'max', property: 'item.price', op: 'gte', value: 100 });
    assert.deepStrictEqual(m('distinct(sku) between 2 and 5'), { measure: 'distinct', property: 'sku', op: 'between', value: [2, 5] });
    assert.deepStrictEqual(m('first_at > -7d'), { measure: 'first_at', op: 'gt', value: '-7d' });
    assert.deepStrictEqual(m('last_at not between "2026-01-01" and today'), {
      measure: 'last_at', op: 'not_between', value: ['2026-01-01', 'today'],
    });
    assert.deepStrictEqual(m('sum("Order Total")'), { measure: 'sum', property: 'Order Total' });
  });

  test('window: duration or range, before or after the measure', () => {
    is('performed login within from "2026-01-01" to "2026-01-31"', {
      type: 'event', event: 'login', within: { from: '2026-01-01', to: '2026-01-31' },
    });
    is('performed login within from -60d to -30d', { type: 'event', event: 'login', within: { from: '-60d', to: '-30d' } });
    is('performed login within from start_of_month', { type: 'event', event: 'login', within: { from: 'start_of_month' } });
    is('performed login within to today-1d', { type: 'event', event: 'login', within: { to: 'today-1d' } });
    is('performed login within 7d at least 3 times', { type: 'event', event: 'login', within: '7d', op: 'gte', value: 3 });
  });

  test('not performed is not applied to the event', () => {
    is('not performed login within 30d and email is set', {
      type: 'and',
      conditions: [
        { type: 'not', condition: { type: 'event', event: 'login', within: '30d' } },
        { type: 'field', field: 'email', op: 'is_set' },
      ],
    });
  });
});

describe('sequences', () => {
  test('steps with where, gap and window in either order', () => {
    is('performed view where (sku = "a") then cart_add then "Order Completed" where (total > 10) within 7d gap 1h', {
      type: 'sequence',
      steps: [
        { event: 'view', where: { type: 'field', field: 'sku', op: 'eq', value: 'a' } },
        { event: 'cart_add' },
        { event: 'Order Completed', where: { type: 'field', field: 'total', op: 'gt', value: 10 } },
      ],
      gap: '1h',
      within: '7d',
    });
  });

  test('a sequence is one operand of and', () => {
    is('performed a then b and x is set', {
      type: 'and',
      conditions: [
        { type: 'sequence', steps: [{ event: 'a' }, { event: 'b' }] },
        { type: 'field', field: 'x', op: 'is_set' },
      ],
    });
  });
});

describe('segments, samples', () => {
  test('not in segment is the not_in node; a negated in node needs parentheses', () => {
    is('not in segment vip', { type: 'segment', segment: 'vip', op: 'not_in' });
    is('not (in segment vip)', { type: 'not', condition: { type: 'segment', segment: 'vip', op: 'in' } });
    is('in segment "2024_buyers"', { type: 'segment', segment: '2024_buyers', op: 'in' });
  });

  test('decimal percent', () => {
    is('sample 12.5% salt ""', { type: 'sample', percent: 12.5, salt: '' });
  });
});
