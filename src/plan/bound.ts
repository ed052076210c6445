import type { Condition, Measure, WhereCondition } from '../condition/types.js';
import type { FieldInfo } from '../fields/index.js';
import type { Duration } from '../time/index.js';

// A condition bound to a workspace and a clock: fields resolved to their types, every
// date operand resolved once at `now`, negative operators rewritten as `not` of their
// positive twin. Both executors (SQL and in-memory) run this tree, never the raw one,
// so they cannot differ on what a relative date or a negative operator means.

export type Literal = string | number | boolean;

/** What an operand is compared as after its transform. */
export type CompareKind = 'text' | 'number' | 'bool' | 'date' | 'instant' | 'set';

export type Transform = 'none' | 'local_date' | 'age_years' | 'days_since' | 'days_until_anniversary';

/** Positive tests only: negatives are `not` nodes around these. */
export type Test =
  | { readonly op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; readonly value: Literal }
  | { readonly op: 'between'; readonly lo: Literal; readonly hi: Literal }
  | { readonly op: 'in'; readonly values: readonly Literal[] }
  | { readonly op: 'contains' | 'starts_with' | 'ends_with'; readonly value: string }
  | { readonly op: 'has'; readonly value: string }
  | { readonly op: 'any_of' | 'all_of'; readonly values: readonly string[] }
  | { readonly op: 'matches'; readonly pattern: string }
  | { readonly op: 'is_set' }
  | { readonly op: 'is_true' | 'is_false' };

interface Node { readonly path: string }

export interface BoundField extends Node {
  readonly kind: 'field';
  readonly field: FieldInfo;
  readonly transform: Transform;
  /** The kind the operand has after the transform. */
  readonly as: CompareKind;
  /** Case-insensitive: operand and constants are compared in Unicode lower case. */
  readonly ci: boolean;
  readonly test: Test;
  readonly source: Condition | WhereCondition;
  /** `today` at bind time, for the calendar transforms. */
  readonly today: string;
}

/** A test on one event property, typed by the JSON value it meets. */
export interface BoundProp extends Node {
  readonly kind: 'prop';
  readonly property: readonly string[];
  /** `any`: presence tests, which hold for a value of any scalar type. */
  readonly as: 'text' | 'number' | 'bool' | 'any';
  readonly ci: boolean;
  readonly test: Test;
  readonly source: WhereCondition;
}

export type BoundWhere =
  | (Node & { readonly kind: 'and' | 'or'; readonly children: readonly BoundWhere[] })
  | (Node & { readonly kind: 'not'; readonly child: BoundWhere })
  | BoundProp;

export interface EventFilter {
  /** null: any event name. */
  readonly name: string | null;
  readonly where: BoundWhere | null;
}

export interface TimeRange {
  /** Inclusive bounds in epoch ms; `to` never after `now`. */
  readonly from: number | null;
  readonly to: number;
}

export type MeasureTest =
  | { readonly op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number | string }
  | { readonly op: 'between'; readonly lo: number | string; readonly hi: number | string };

export interface BoundEvent extends Node, EventFilter {
  readonly kind: 'event';
  readonly range: TimeRange;
  readonly measure: Measure;
  readonly property: readonly string[] | null;
  /** first_at/last_at compared by local calendar date (date-only operands). */
  readonly byDate: boolean;
  readonly test: MeasureTest;
  /** Whether a contact with no matching event satisfies the test (count/sum/distinct are 0). */
  readonly emptyHolds: boolean;
  readonly source: Condition;
}

export interface BoundStep extends EventFilter { readonly absent: boolean }

export interface BoundSequence extends Node {
  readonly kind: 'sequence';
  readonly steps: readonly BoundStep[];
  readonly range: TimeRange;
  readonly gap: Duration | null;
  readonly now: number;
  readonly source: Condition;
}

export type Bound =
  | (Node & { readonly kind: 'and' | 'or'; readonly children: readonly Bound[]; readonly source: Condition })
  | (Node & { readonly kind: 'not'; readonly child: Bound; readonly source: Condition })
  | (Node & { readonly kind: 'const'; readonly value: boolean; readonly source: Condition })
  | BoundField
  | BoundEvent
  | BoundSequence
  | (Node & { readonly kind: 'segment'; readonly alias: string; readonly source: Condition })
  | (Node & { readonly kind: 'sample'; readonly salt: string; readonly threshold: string; readonly source: Condition });

export type BoundKind = Bound['kind'];

/** The clock and zone a bound tree was resolved at. */
export interface BindContext {
  readonly now: number;
  readonly tz: string;
}
