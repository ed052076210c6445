import type { FieldFn, FieldOp, Measure, MeasureOp, Scalar } from './model.js';

// Which operators a field's type offers (docs/segment-language.md §3.1), and how each is
// said in the builder. Event properties have no declared type: their example values
// decide.

export type FieldType =
  | 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'select' | 'multiselect' | 'email' | 'phone' | 'url' | 'tags';

/** A field as GET /api/v1/fields describes it. */
export interface FieldInfo {
  readonly key: string;
  readonly label: string | null;
  readonly type: FieldType | string;
  readonly options: readonly string[] | null;
  readonly system?: boolean;
  readonly computed?: boolean;
}

/** One event name the workspace has seen, with its property keys and example values. */
export interface CatalogEvent {
  readonly name: string;
  readonly count?: number;
  readonly properties: readonly CatalogProperty[];
}

export interface CatalogProperty {
  readonly key: string;
  readonly types: readonly string[];
  readonly examples: readonly Scalar[];
}

const TEXT_OPS: FieldOp[] = ['eq', 'neq', 'contains', 'not_contains', 'starts_with', 'ends_with', 'in', 'not_in', 'matches', 'not_matches', 'is_set', 'is_not_set'];
const SELECT_OPS: FieldOp[] = ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'];
const NUMBER_OPS: FieldOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'not_between', 'in', 'not_in', 'is_set', 'is_not_set'];
const DATE_OPS: FieldOp[] = ['gte', 'lte', 'gt', 'lt', 'between', 'not_between', 'eq', 'neq', 'is_set', 'is_not_set'];
const BOOL_OPS: FieldOp[] = ['is_true', 'is_false', 'eq', 'neq', 'is_set', 'is_not_set'];
const SET_OPS: FieldOp[] = ['contains', 'not_contains', 'any_of', 'all_of', 'none_of', 'is_set', 'is_not_set'];
const FN_OPS: FieldOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'not_between', 'in', 'not_in'];

export type ValueKind = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'select' | 'set';

/** How a field's values are entered, after an optional date function. */
export function valueKind(type: string | undefined, fn?: FieldFn): ValueKind {
  if (fn) return 'number';
  switch (type) {
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'datetime': return 'datetime';
    case 'select': return 'select';
    case 'multiselect': case 'tags': return 'set';
    default: return 'text';
  }
}

export function opsFor(type: string | undefined, fn?: FieldFn): FieldOp[] {
  if (fn) return FN_OPS;
  switch (type) {
    case 'number': return NUMBER_OPS;
    case 'boolean': return BOOL_OPS;
    case 'date': case 'datetime': return DATE_OPS;
    case 'select': return SELECT_OPS;
    case 'multiselect': case 'tags': return SET_OPS;
    case undefined: return [...new Set([...TEXT_OPS, ...NUMBER_OPS, ...SET_OPS, ...BOOL_OPS])];
    default: return TEXT_OPS;
  }
}

export const isDateType = (type: string | undefined): boolean => type === 'date' || type === 'datetime';

const OP_WORDS: Record<FieldOp, string> = {
  eq: 'is', neq: 'is not', gt: 'is greater than', gte: 'is at least', lt: 'is less than', lte: 'is at most',
  between: 'is between', not_between: 'is not between', in: 'is one of', not_in: 'is none of',
  contains: 'contains', not_contains: 'does not contain', starts_with: 'starts with', ends_with: 'ends with',
  any_of: 'has any of', none_of: 'has none of', all_of: 'has all of', matches: 'matches pattern', not_matches: 'does not match pattern',
  is_set: 'is set', is_not_set: 'is not set', is_true: 'is true', is_false: 'is false',
};

const DATE_WORDS: Partial<Record<FieldOp, string>> = {
  eq: 'is on', neq: 'is not on', gt: 'is after', gte: 'is on or after', lt: 'is before', lte: 'is on or before',
};

const SET_WORDS: Partial<Record<FieldOp, string>> = { contains: 'has', not_contains: 'does not have' };

export function opLabel(op: FieldOp, type: string | undefined, fn?: FieldFn): string {
  if (!fn && isDateType(type)) return DATE_WORDS[op] ?? OP_WORDS[op];
  if (!fn && (type === 'multiselect' || type === 'tags')) return SET_WORDS[op] ?? OP_WORDS[op];
  return OP_WORDS[op];
}

export const FN_LABELS: Record<FieldFn, string> = {
  age_years: 'age in years of', days_since: 'days since', days_until_anniversary: 'days until the anniversary of',
};

export const MEASURE_LABELS: Record<Measure, string> = {
  count: 'number of times', sum: 'sum of', avg: 'average of', min: 'smallest', max: 'largest',
  distinct: 'number of different', first_at: 'first time', last_at: 'last time',
};

export const MEASURE_OP_LABELS: Record<MeasureOp, string> = {
  eq: 'exactly', neq: 'not exactly', gt: 'more than', gte: 'at least', lt: 'fewer than', lte: 'at most',
  between: 'between', not_between: 'not between',
};

export const TIME_OP_LABELS: Record<MeasureOp, string> = {
  eq: 'exactly at', neq: 'not at', gt: 'after', gte: 'on or after', lt: 'before', lte: 'on or before',
  between: 'between', not_between: 'not between',
};

export const isTimeMeasure = (m: Measure | undefined): boolean => m === 'first_at' || m === 'last_at';

/** The type a property's examples suggest: number, boolean or text. */
export function propertyType(p: CatalogProperty | undefined): 'number' | 'boolean' | 'text' | undefined {
  if (!p) return undefined;
  const t = p.types;
  if (t.length && t.every((x) => x === 'number' || x === 'integer' || x === 'double' || x === 'bigint')) return 'number';
  if (t.length && t.every((x) => x === 'boolean')) return 'boolean';
  if (t.length) return 'text';
  const ex = p.examples;
  if (ex.length && ex.every((v) => typeof v === 'number')) return 'number';
  if (ex.length && ex.every((v) => typeof v === 'boolean')) return 'boolean';
  return ex.length ? 'text' : undefined;
}

export function fieldLabel(f: FieldInfo): string {
  return f.label && f.label !== f.key ? `${f.label} (${f.key})` : f.key;
}
