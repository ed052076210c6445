import type { FieldFn, FieldOp, MeasureOp } from '../condition/types.js';

// The words of the DSL, in one place, so the parser and the printer cannot drift apart.

/** Symbolic comparisons shared by fields and event measures. */
export const SYMBOL_OPS: Readonly<Record<string, MeasureOp & FieldOp>> = {
  '=': 'eq', '!=': 'neq', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte',
};

/** How each field operator is written; measure operators are a subset and read the same. */
export const FIELD_OP_TEXT: Readonly<Record<FieldOp, string>> = {
  eq: '=', neq: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=',
  between: 'between', not_between: 'not between',
  in: 'in', not_in: 'not in',
  contains: 'contains', not_contains: 'not contains',
  starts_with: 'starts with', ends_with: 'ends with',
  any_of: 'any of', all_of: 'all of', none_of: 'none of',
  matches: 'matches', not_matches: 'not matches',
  is_set: 'is set', is_not_set: 'is not set', is_true: 'is true', is_false: 'is false',
};

export const RANGE_OPS: ReadonlySet<string> = new Set(['between', 'not_between']);

// A Map, not an object: a looked-up word such as "constructor" must not hit the prototype.
export const FN_WORDS: ReadonlyMap<string, FieldFn> = new Map<string, FieldFn>([
  ['age', 'age_years'], ['days_since', 'days_since'], ['days_until_anniversary', 'days_until_anniversary'],
]);
export const FN_TEXT: Readonly<Record<FieldFn, string>> = {
  age_years: 'age', days_since: 'days_since', days_until_anniversary: 'days_until_anniversary',
};

/**
 * Event counts without a named measure, in words. Every measure operator has one so
 * that a tree without `measure` prints back without gaining one.
 */
export const TIMES_TEXT: Readonly<Record<MeasureOp, string>> = {
  gte: 'at least', lte: 'at most', eq: 'exactly', gt: 'more than', lt: 'fewer than',
  neq: 'not exactly', between: 'between', not_between: 'not between',
};

export const DATE_ANCHORS: ReadonlySet<string> = new Set(['now', 'today', 'start_of_week', 'start_of_month', 'start_of_year']);

/** A relative date written bare in the DSL; any other string value is quoted. */
export const BARE_DATE = /^(?:(?:now|today|start_of_week|start_of_month|start_of_year)(?:[+-]\d+(?:s|m|h|d|w|mo|y))?|[+-]\d+(?:s|m|h|d|w|mo|y))$/;
export const DURATION = /^\d+(?:s|m|h|d|w|mo|y)$/;

/** Words that open a condition at the top level, so a field with such a name must be quoted. */
export const TOP_PRIMARY_WORDS: ReadonlySet<string> = new Set([
  'not', 'and', 'or', 'performed', 'in', 'sample', 'all', 'everyone',
]);
/** Words that open a condition inside `where (…)`. */
export const WHERE_PRIMARY_WORDS: ReadonlySet<string> = new Set(['not', 'and', 'or']);

/**
 * Every word with a meaning somewhere. Bare event names must avoid all of them, because
 * an event name is followed by optional clauses that start with such words.
 */
export const KEYWORDS: ReadonlySet<string> = new Set([
  ...TOP_PRIMARY_WORDS, 'segment', 'salt', 'where', 'within', 'from', 'to', 'gap', 'then',
  'at', 'least', 'most', 'exactly', 'more', 'fewer', 'less', 'than', 'times', 'time',
  'count', 'sum', 'avg', 'min', 'max', 'distinct', 'first_at', 'last_at',
  'between', 'contains', 'starts', 'ends', 'with', 'any', 'none', 'of', 'matches', 'is', 'set',
  'true', 'false', 'case', 'sensitive', 'insensitive', ...FN_WORDS.keys(), ...DATE_ANCHORS,
]);

/** Contact field names and segment aliases are lower-case identifiers. */
export const LOWER_IDENT = /^[a-z_][a-z0-9_]*$/;
/** Event names may use capitals (they are case-sensitive). */
export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Event property keys inside `where`: capitals and dotted paths allowed. */
export const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;
