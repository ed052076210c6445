import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FIELD_FNS, FIELD_OPS, MEASURES, MEASURE_OPS, type Condition, type EventCondition, type FieldCondition, type Scalar,
  type SequenceStep, type WhereCondition, type Window,
} from '../condition/types.js';
import { parseDsl, printDsl } from './index.js';
import { KEYWORDS } from './vocabulary.js';

// Random well-formed trees must survive print → parse unchanged. The generators lean on
// the awkward corners: keyword-like and quoted names, strings that look like dates or
// hold quotes, backslashes, control characters and astral unicode, -0 and extreme
// doubles, empty and one-child groups, nesting of the same kind.

/** Present about one time in three, so trees show both the bare and the decorated forms. */
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });

const keyword = fc.constantFrom(...KEYWORDS);
const tricky = fc.constantFrom('', ' ', '*', 'a b', 'x"y', 'back\\slash', 'ünï', '2024_x', 'Country', 'page.url', 'a.', 'NOT', 'And.x', '$browser', 'line\nbreak', '😀');
const anyText = fc.string({ unit: 'binary', maxLength: 12 });
const name = (plain: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: plain }, keyword, tricky, anyText);

const fieldName = name(fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/));
const propertyName = name(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}(\.[A-Za-z0-9_]{1,5}){0,2}$/));
const eventName = name(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/));
const alias = name(fc.stringMatching(/^[a-z0-9_]{1,10}$/));

const unit = fc.constantFrom('s', 'm', 'h', 'd', 'w', 'mo', 'y');
const duration = fc.tuple(fc.integer({ min: 0, max: 9999 }), unit).map(([n, u]) => `${n}${u}`);
const offset = fc.tuple(fc.constantFrom('+', '-'), duration).map(([s, d]) => s + d);
const anchor = fc.constantFrom('now', 'today', 'start_of_week', 'start_of_month', 'start_of_year');
const dateText = fc.oneof(
  offset,
  anchor,
  fc.tuple(anchor, offset).map(([a, o]) => a + o),
  fc.constantFrom('2026-01-31', '2026-01-31T10:00:00Z', '-007d', 'Today', 'now -1d', '30d'),
  anyText,
);

const number = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0.1, -1.5, 1e21, 5e-324),
);
const text = fc.oneof(anyText, tricky, keyword, fc.string({ unit: 'grapheme', maxLength: 8 }));
const scalar: fc.Arbitrary<Scalar> = fc.oneof(text, number, fc.boolean(), dateText);

const rangeOps: ReadonlySet<string> = new Set(['between', 'not_between']);
const listOps: ReadonlySet<string> = new Set(['in', 'not_in', 'any_of', 'all_of', 'none_of']);
const valueless: ReadonlySet<string> = new Set(['is_set', 'is_not_set', 'is_true', 'is_false']);

function fieldCondition(names: fc.Arbitrary<string>): fc.Arbitrary<FieldCondition> {
  return fc
    .record({
      field: names,
      op: fc.constantFrom(...FIELD_OPS),
      fn: opt(fc.constantFrom(...FIELD_FNS)),
      caseSensitive: opt(fc.boolean()),
      a: scalar,
      b: scalar,
      list: fc.array(scalar, { maxLength: 4 }),
    })
    .map(({ field, op, fn, caseSensitive, a, b, list }) => {
      const value = valueless.has(op) ? undefined : rangeOps.has(op) ? [a, b] : listOps.has(op) ? list : a;
      return {
        type: 'field',
        field,
        op,
        ...(fn !== undefined && { fn }),
        ...(value !== undefined && { value }),
        ...(caseSensitive !== undefined && { case_sensitive: caseSensitive }),
      };
    });
}

// Built as literals: fc.record makes null-prototype objects, which deepStrictEqual tells apart.
const windowArb: fc.Arbitrary<Window> = fc.oneof(
  duration,
  dateText.map((from) => ({ from })),
  dateText.map((to) => ({ to })),
  fc.tuple(dateText, dateText).map(([from, to]) => ({ from, to })),
);

type MeasurePart = Pick<EventCondition, 'measure' | 'property' | 'op' | 'value'>;

const measureOperand = fc.oneof(number, dateText);
const measurePart: fc.Arbitrary<MeasurePart> = fc.oneof(
  fc.constant({}),
  // Counts in words: no `measure` key.
  fc
    .tuple(fc.constantFrom(...MEASURE_OPS), number, number)
    .map(([op, a, b]) => ({ op, value: rangeOps.has(op) ? [a, b] : a })),
  fc
    .tuple(fc.constantFrom(...MEASURES), opt(propertyName), opt(fc.constantFrom(...MEASURE_OPS)), measureOperand, measureOperand)
    .map(([measure, property, op, a, b]) => ({
      measure,
      ...(property !== undefined && { property }),
      ...(op !== undefined && { op, value: rangeOps.has(op) ? [a, b] : a }),
    })),
);

// A type alias, not an interface: letrec's typed overload needs an index-compatible type.
type Trees = { condition: Condition; where: WhereCondition };

const { condition } = fc.letrec<Trees>((tie) => {
  const step: fc.Arbitrary<SequenceStep> = fc
    .record({ event: eventName, where: opt(tie('where')) })
    .map(({ event, where }) => ({ event, ...(where !== undefined && { where }) }));
  const event: fc.Arbitrary<Condition> = fc
    .record({ event: eventName, where: opt(tie('where')), within: opt(windowArb), measure: measurePart })
    .map(({ event, where, within, measure }) => ({
      type: 'event',
      event,
      ...(where !== undefined && { where }),
      ...(within !== undefined && { within }),
      ...measure,
    }));
  const sequence: fc.Arbitrary<Condition> = fc
    .record({
      steps: fc.array(step, { minLength: 2, maxLength: 4 }),
      lastAbsent: fc.boolean(),
      gap: opt(duration),
      within: opt(windowArb),
    })
    .map(({ steps, lastAbsent, gap, within }) => ({
      type: 'sequence',
      steps: lastAbsent ? [...steps.slice(0, -1), { ...steps[steps.length - 1], absent: true }] : steps,
      ...(gap !== undefined && { gap }),
      ...(within !== undefined && { within }),
    }));
  const leaf: fc.Arbitrary<Condition> = fc.oneof(
    { weight: 3, arbitrary: fieldCondition(fieldName) },
    { weight: 2, arbitrary: event },
    sequence,
    fc.record({ segment: alias, op: fc.constantFrom('in' as const, 'not_in' as const) }).map(({ segment, op }) => ({ type: 'segment' as const, segment, op })),
    fc
      .record({ percent: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })), salt: text })
      .map(({ percent, salt }) => ({ type: 'sample' as const, percent, salt })),
    fc.constant({ type: 'all' as const }),
  );
  const group = <T>(self: fc.Arbitrary<T>) => fc.array(self, { maxLength: 4 });
  return {
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      group(tie('condition')).map((conditions) => ({ type: 'and' as const, conditions })),
      group(tie('condition')).map((conditions) => ({ type: 'or' as const, conditions })),
      tie('condition').map((c) => ({ type: 'not' as const, condition: c })),
    ),
    where: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fieldCondition(propertyName),
      group(tie('where')).map((conditions) => ({ type: 'and' as const, conditions })),
      group(tie('where')).map((conditions) => ({ type: 'or' as const, conditions })),
      tie('where').map((c) => ({ type: 'not' as const, condition: c })),
    ),
  };
});

test('parseDsl(printDsl(t)) deep-equals t for random trees', () => {
  let seen = 0;
  fc.assert(
    fc.property(condition, (tree) => {
      seen++;
      const text = printDsl(tree);
      const back = parseDsl(text);
      assert.deepStrictEqual(back, { ok: true, value: tree }, `text: ${text}`);
    }),
    { numRuns: 2000 },
  );
  assert.ok(seen >= 1000, `only ${seen} trees checked`);
});

test('the printed text is a fixed point of print ∘ parse', () => {
  fc.assert(
    fc.property(condition, (tree) => {
      const text = printDsl(tree);
      const back = parseDsl(text);
      assert.ok(back.ok);
      assert.equal(printDsl(back.value), text);
    }),
    { numRuns: 300 },
  );
});

test('any input gives a result, never an exception', () => {
  // Token soup from the language's own words reaches deep into the grammar; raw strings
  // exercise the lexer.
  const piece = fc.oneof(keyword, fc.constantFrom('(', ')', ',', '*', '%', '=', '>=', '"x"', '"', '-30d', '30d', '1.5', 'x', 'p.q', '\n'));
  const soup = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(' '));
  fc.assert(
    fc.property(fc.oneof(soup, fc.string({ unit: 'binary', maxLength: 40 })), (input) => {
      const r = parseDsl(input);
      if (!r.ok) {
        assert.equal(r.errors.length, 1);
        assert.match(r.errors[0].path, /^line [1-9]\d*, column [1-9]\d*$/);
      }
    }),
    { numRuns: 3000 },
  );
});
