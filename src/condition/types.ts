// The canonical condition model (SEGMENT-LANGUAGE.md §2–§6). JSON in, JSON out:
// every node is plain data with a `type` tag, so definitions store and diff as-is.

export type Scalar = string | number | boolean;

/** A date operand: ISO-8601 date or datetime, or a relative expression (`-30d`, `today-1y`). */
export type DateValue = string;

export const FIELD_OPS = [
  'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'not_between', 'in', 'not_in',
  'contains', 'not_contains', 'starts_with', 'ends_with', 'any_of', 'none_of', 'all_of',
  'matches', 'not_matches', 'is_set', 'is_not_set', 'is_true', 'is_false',
] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

export const FIELD_FNS = ['age_years', 'days_since', 'days_until_anniversary'] as const;
export type FieldFn = (typeof FIELD_FNS)[number];

export const MEASURES = ['count', 'sum', 'avg', 'min', 'max', 'distinct', 'first_at', 'last_at'] as const;
export type Measure = (typeof MEASURES)[number];

/** Comparison operators allowed on an event measure. */
export const MEASURE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'not_between'] as const;
export type MeasureOp = (typeof MEASURE_OPS)[number];

export interface FieldCondition {
  readonly type: 'field';
  readonly field: string;
  readonly op: FieldOp;
  readonly value?: Scalar | readonly Scalar[];
  readonly fn?: FieldFn;
  readonly case_sensitive?: boolean;
}

export interface AndCondition { readonly type: 'and'; readonly conditions: readonly Condition[] }
export interface OrCondition { readonly type: 'or'; readonly conditions: readonly Condition[] }
export interface NotCondition { readonly type: 'not'; readonly condition: Condition }
export interface AllCondition { readonly type: 'all' }

/** `within`: a duration back from now (`"30d"`) or an absolute/relative range. */
export type Window = string | { readonly from?: DateValue; readonly to?: DateValue };

export interface EventCondition {
  readonly type: 'event';
  readonly event: string;
  readonly where?: WhereCondition;
  readonly within?: Window;
  readonly measure?: Measure;
  readonly property?: string;
  readonly op?: MeasureOp;
  readonly value?: number | DateValue | readonly (number | DateValue)[];
}

export interface SequenceStep {
  readonly event: string;
  readonly where?: WhereCondition;
  readonly absent?: boolean;
}

export interface SequenceCondition {
  readonly type: 'sequence';
  readonly steps: readonly SequenceStep[];
  readonly within?: Window;
  readonly gap?: string;
}

export interface SegmentCondition { readonly type: 'segment'; readonly segment: string; readonly op: 'in' | 'not_in' }

export interface SampleCondition { readonly type: 'sample'; readonly percent: number; readonly salt: string }

export type Condition =
  | AndCondition | OrCondition | NotCondition | AllCondition | FieldCondition
  | EventCondition | SequenceCondition | SegmentCondition | SampleCondition;

export type ConditionType = Condition['type'];

/** Conditions over an event's properties: logic plus field comparisons (field = property path). */
export type WhereCondition =
  | { readonly type: 'and'; readonly conditions: readonly WhereCondition[] }
  | { readonly type: 'or'; readonly conditions: readonly WhereCondition[] }
  | { readonly type: 'not'; readonly condition: WhereCondition }
  | FieldCondition;

export function assertNever(x: never): never {
  throw new Error(`unhandled node: ${JSON.stringify(x)}`);
}
