import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition } from '../condition/types.js';
import { parseDsl, printDsl } from './index.js';

/** Prints `tree`, checks the text, and checks that the text reads back as `tree`. */
function prints(tree: Condition, text: string): void {
  assert.equal(printDsl(tree), text);
  assert.deepStrictEqual(parseDsl(text), { ok: true, value: tree });
}

describe('JSON → DSL on the §8 examples', () => {
  test('country and age between', () => {
    prints(
      {
        type: 'and',
        conditions: [
          { type: 'field', field: 'country', op: 'eq', value: 'CH' },
          { type: 'field', field: 'birth_date', fn: 'age_years', op: 'between', value: [40, 50] },
        ],
      },
      'country = "CH" and age(birth_date) between 40 and 50',
    );
  });

  test('tags contains or points', () => {
    prints(
      {
        type: 'or',
        conditions: [
          { type: 'field', field: 'tags', op: 'contains', value: 'vip' },
          { type: 'field', field: 'points', op: 'gte', value: 1000 },
        ],
      },
      'tags contains "vip" or points >= 1000',
    );
  });

  test('relative date and is set', () => {
    prints(
      {
        type: 'and',
        conditions: [
          { type: 'field', field: 'last_active_at', op: 'lte', value: '-1mo' },
          { type: 'field', field: 'email', op: 'is_set' },
        ],
      },
      'last_active_at <= -1mo and email is set',
    );
  });

  test('performed with where, count and window', () => {
    prints(
      {
        type: 'event',
        event: 'purchase',
        where: { type: 'field', field: 'category', op: 'eq', value: 'shoes' },
        within: '30d',
        op: 'gte',
        value: 2,
      },
      'performed purchase where (category = "shoes") at least 2 times within 30d',
    );
  });

  test('sum of a property', () => {
    prints(
      { type: 'event', event: 'purchase', within: '90d', measure: 'sum', property: 'amount', op: 'gt', value: 200 },
      'performed purchase sum(amount) > 200 within 90d',
    );
  });

  test('not performed', () => {
    prints({ type: 'not', condition: { type: 'event', event: '*', within: '60d' } }, 'not performed * within 60d');
  });

  test('sequence', () => {
    prints(
      { type: 'sequence', within: '14d', gap: '48h', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }] },
      'performed cart_add then not purchase gap 48h within 14d',
    );
  });

  test('segments', () => {
    prints(
      {
        type: 'and',
        conditions: [
          { type: 'segment', segment: 'newsletter', op: 'in' },
          { type: 'segment', segment: 'churned', op: 'not_in' },
        ],
      },
      'in segment newsletter and not in segment churned',
    );
  });

  test('sample', () => {
    prints({ type: 'sample', percent: 10, salt: 'holdout-q4' }, 'sample 10% salt "holdout-q4"');
  });
});

describe('parentheses only where needed', () => {
  const f = (name: string): Condition => ({ type: 'field', field: name, op: 'is_set' });
  const and = (...conditions: Condition[]): Condition => ({ type: 'and', conditions });
  const or = (...conditions: Condition[]): Condition => ({ type: 'or', conditions });
  const not = (condition: Condition): Condition => ({ type: 'not', condition });

  test('precedence', () => {
    prints(or(and(f('a'), f('b')), f('c')), 'a is set and b is set or c is set');
    prints(and(or(f('a'), f('b')), f('c')), '(a is set or b is set) and c is set');
    prints(not(and(f('a'), f('b'))), 'not (a is set and b is set)');
    prints(and(not(f('a')), f('b')), 'not a is set and b is set');
    prints(not(not(f('a'))), 'not not a is set');
  });

  test('nesting of the same kind stays visible', () => {
    prints(and(and(f('a'), f('b')), f('c')), '(a is set and b is set) and c is set');
    prints(or(f('a'), or(f('b'), f('c'))), 'a is set or (b is set or c is set)');
  });

  test('empty and one-child groups', () => {
    prints(and(), 'and()');
    prints(or(), 'or()');
    prints(and(f('a')), 'and(a is set)');
    prints(not(or()), 'not or()');
    prints(and(f('a'), or(f('b'))), 'a is set and or(b is set)');
    prints(or(and(), or()), 'and() or or()');
  });

  test('negated segment membership', () => {
    prints(not({ type: 'segment', segment: 'vip', op: 'in' }), 'not (in segment vip)');
    prints(not({ type: 'segment', segment: 'vip', op: 'not_in' }), 'not not in segment vip');
  });
});

describe('names and values', () => {
  test('names that are not plain identifiers are quoted', () => {
    prints({ type: 'field', field: 'all', op: 'eq', value: 1 }, '"all" = 1');
    prints({ type: 'field', field: 'First Name', op: 'eq', value: 'x' }, '"First Name" = "x"');
    prints({ type: 'field', field: 'count', op: 'eq', value: 1 }, 'count = 1');
    prints({ type: 'event', event: 'Order Completed' }, 'performed "Order Completed"');
    prints({ type: 'event', event: 'within' }, 'performed "within"');
    prints({ type: 'event', event: 'OrderCompleted' }, 'performed OrderCompleted');
    prints({ type: 'segment', segment: '2024_buyers', op: 'in' }, 'in segment "2024_buyers"');
    prints(
      { type: 'event', event: 'view', where: { type: 'field', field: 'page.url', op: 'eq', value: '/' } },
      'performed view where (page.url = "/")',
    );
    prints(
      { type: 'event', event: 'view', where: { type: 'field', field: 'not', op: 'eq', value: '/' } },
      'performed view where ("not" = "/")',
    );
  });

  test('strings: escapes, unicode, date look-alikes', () => {
    prints({ type: 'field', field: 's', op: 'eq', value: 'a "b" \\ c\nd\u0001é😀' }, 's = "a \\"b\\" \\\\ c\\nd\\u{1}é😀"');
    prints({ type: 'field', field: 'd', op: 'gt', value: 'start_of_week-4w' }, 'd > start_of_week-4w');
    prints({ type: 'field', field: 'd', op: 'gt', value: '2026-01-31' }, 'd > "2026-01-31"');
    prints({ type: 'field', field: 'd', op: 'eq', value: 'Today' }, 'd = "Today"');
  });

  test('numbers', () => {
    prints({ type: 'field', field: 'n', op: 'eq', value: -0.5 }, 'n = -0.5');
    prints({ type: 'field', field: 'n', op: 'eq', value: -0 }, 'n = -0');
    prints({ type: 'field', field: 'n', op: 'eq', value: 1e21 }, 'n = 1e+21');
    prints({ type: 'sample', percent: 12.5, salt: '' }, 'sample 12.5% salt ""');
  });

  test('case sensitivity', () => {
    prints({ type: 'field', field: 'n', op: 'eq', value: 'Ab', case_sensitive: true }, 'n = "Ab" case sensitive');
    prints({ type: 'field', field: 'n', op: 'in', value: ['Ab'], case_sensitive: false }, 'n in ("Ab") case insensitive');
  });
});

describe('events and sequences', () => {
  test('counts in words and named measures', () => {
    prints({ type: 'event', event: 'e', op: 'eq', value: 1 }, 'performed e exactly 1 time');
    prints({ type: 'event', event: 'e', op: 'neq', value: 0 }, 'performed e not exactly 0 times');
    prints({ type: 'event', event: 'e', op: 'not_between', value: [1, 3] }, 'performed e not between 1 and 3 times');
    prints({ type: 'event', event: 'e', measure: 'count', op: 'eq', value: 0 }, 'performed e count = 0');
    prints({ type: 'event', event: 'e', measure: 'count' }, 'performed e count');
    prints(
      { type: 'event', event: 'e', measure: 'last_at', op: 'between', value: ['-7d', 'now'] },
      'performed e last_at between -7d and now',
    );
    prints(
      { type: 'event', event: 'e', measure: 'distinct', property: 'Item SKU', op: 'gte', value: 3 },
      'performed e distinct("Item SKU") >= 3',
    );
  });

  test('windows', () => {
    prints(
      { type: 'event', event: 'e', within: { from: '2026-01-01', to: '2026-01-31' } },
      'performed e within from "2026-01-01" to "2026-01-31"',
    );
    prints({ type: 'event', event: 'e', within: { to: '-30d' } }, 'performed e within to -30d');
    prints({ type: 'event', event: 'e', within: { from: '-60d' } }, 'performed e within from -60d');
  });

  test('sequence steps with where', () => {
    prints(
      {
        type: 'sequence',
        steps: [
          { event: 'view', where: { type: 'field', field: 'sku', op: 'eq', value: 'a' } },
          { event: 'buy', where: { type: 'not', condition: { type: 'field', field: 'coupon', op: 'is_set' } }, absent: true },
        ],
      },
      'performed view where (sku = "a") then not buy where (not coupon is set)',
    );
  });
});

describe('trees the text cannot hold exactly', () => {
  test('defaults spelled out in JSON are dropped', () => {
    assert.equal(printDsl({ type: 'event', event: 'a', within: {} }), 'performed a');
    assert.equal(
      printDsl({ type: 'sequence', steps: [{ event: 'a' }, { event: 'b', absent: false }] }),
      'performed a then b',
    );
  });

  test('malformed values print as text that fails to parse, never as another tree', () => {
    const malformed: Condition[] = [
      { type: 'field', field: 'x', op: 'between', value: 5 },
      { type: 'field', field: 'x', op: 'in', value: 'a' },
      { type: 'field', field: 'x', op: 'eq', value: ['a', 'b'] },
      { type: 'field', field: 'x', op: 'eq' },
      { type: 'field', field: 'x', op: 'is_set', value: 'a' },
      { type: 'field', field: 'x', op: 'eq', value: Number.NaN },
      { type: 'event', event: 'e', op: 'gte' },
      { type: 'event', event: 'e', value: 3 },
      { type: 'event', event: 'e', op: 'gte', value: '-1d' },
      { type: 'event', event: 'e', within: 'yesterday' },
      { type: 'sequence', steps: [{ event: 'a', absent: true }, { event: 'b' }] },
      { type: 'sequence', steps: [{ event: 'a' }, { event: 'b', absent: true }, { event: 'c' }] },
      { type: 'sequence', steps: [{ event: 'a' }], within: '7d' },
      { type: 'sequence', steps: [] },
    ];
    for (const tree of malformed) {
      const text = printDsl(tree);
      assert.equal(parseDsl(text).ok, false, `${JSON.stringify(tree)} printed as ${text}, which parses`);
    }
  });
});
