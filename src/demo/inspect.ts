// What a list of segment definitions uses: node types, operators, measures, fields,
// events, references. Tests use it to check that the demo segments fit the demo data
// and that the benchmark suite covers the whole language.

import type { Condition, FieldCondition, WhereCondition, Window } from '../condition/types.js';

export interface SegmentLike {
  readonly alias: string;
  readonly kind?: string;
  readonly condition?: Condition;
}

export interface Usage {
  readonly nodeTypes: Set<string>;
  readonly fieldOps: Set<string>;
  readonly fns: Set<string>;
  readonly measures: Set<string>;
  /** `duration` for "30d", `range` for {from, to}. */
  readonly windowKinds: Set<string>;
  readonly fields: Set<string>;
  /** Field conditions on contacts (not those inside an event's `where`). */
  readonly fieldNodes: FieldCondition[];
  readonly caseSensitive: boolean;
  /** `event` or `event.property` for every property a condition reads. */
  readonly eventProperties: Set<string>;
  readonly events: Set<string>;
  readonly absentStep: boolean;
  /** alias → aliases it references directly. */
  readonly references: Map<string, Set<string>>;
}

export function emptyUsage(): Usage {
  return {
    nodeTypes: new Set(), fieldOps: new Set(), fns: new Set(), measures: new Set(), windowKinds: new Set(),
    fields: new Set(), fieldNodes: [], caseSensitive: false, eventProperties: new Set(), events: new Set(), absentStep: false,
    references: new Map(),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function window(u: Usage, w: Window | undefined): void {
  if (w !== undefined) u.windowKinds.add(typeof w === 'string' ? 'duration' : 'range');
}

function where(u: Mutable<Usage>, event: string, c: WhereCondition): void {
  switch (c.type) {
    case 'and':
    case 'or':
      c.conditions.forEach((x) => where(u, event, x));
      return;
    case 'not':
      where(u, event, c.condition);
      return;
    default:
      u.fieldOps.add(c.op);
      if (c.case_sensitive === true) u.caseSensitive = true;
      u.eventProperties.add(`${event}.${c.field}`);
  }
}

function walk(u: Mutable<Usage>, alias: string, c: Condition): void {
  u.nodeTypes.add(c.type);
  switch (c.type) {
    case 'and':
    case 'or':
      c.conditions.forEach((x) => walk(u, alias, x));
      return;
    case 'not':
      walk(u, alias, c.condition);
      return;
    case 'field':
      u.fieldOps.add(c.op);
      u.fields.add(c.field);
      u.fieldNodes.push(c);
      if (c.fn !== undefined) u.fns.add(c.fn);
      if (c.case_sensitive === true) u.caseSensitive = true;
      return;
    case 'event':
      u.events.add(c.event);
      u.measures.add(c.measure ?? 'count');
      window(u, c.within);
      if (c.property !== undefined) u.eventProperties.add(`${c.event}.${c.property}`);
      if (c.where !== undefined) where(u, c.event, c.where);
      return;
    case 'sequence':
      window(u, c.within);
      for (const step of c.steps) {
        u.events.add(step.event);
        if (step.absent === true) u.absentStep = true;
        if (step.where !== undefined) where(u, step.event, step.where);
      }
      return;
    case 'segment': {
      const refs = u.references.get(alias) ?? new Set<string>();
      refs.add(c.segment);
      u.references.set(alias, refs);
      return;
    }
    case 'all':
    case 'sample':
      return;
  }
}

export function usageOf(segments: readonly SegmentLike[]): Usage {
  const u: Mutable<Usage> = emptyUsage();
  for (const s of segments) if (s.condition !== undefined) walk(u, s.alias, s.condition);
  return u;
}

/** Longest chain of references starting at `alias` (0 when it references nothing). */
export function referenceDepth(u: Usage, alias: string, seen: ReadonlySet<string> = new Set()): number {
  if (seen.has(alias)) throw new Error(`reference cycle through ${alias}`);
  const next = new Set(seen).add(alias);
  let depth = 0;
  for (const r of u.references.get(alias) ?? []) depth = Math.max(depth, 1 + referenceDepth(u, r, next));
  return depth;
}
