import type { Condition } from '../condition/types.js';
import { evaluate, type ContactRecord, type EventRecord } from '../evaluate/index.js';
import type { FieldRegistry } from '../fields/index.js';
import { bindCondition, type Bound } from '../plan/index.js';
import type { SegmentDef } from '../store/index.js';
import { referencedSegments, topologicalOrder } from '../engine/definitions.js';
import { nextChange } from './next-change.js';

// Every segment of a workspace, ready to decide one contact at a time: in dependency order,
// so a segment condition reads the final membership (manual decisions included) of the
// segments it references for the same contact, exactly as a rebuild does.

export type ManualModes = ReadonlyMap<string, 'include' | 'exclude'>;

export interface ContactData {
  readonly contact: ContactRecord;
  readonly events: readonly EventRecord[];
}

/** Bound trees are kept for this many recent clocks (a write batch, a scheduler instant). */
const BOUND_CACHE = 64;

export class SegmentPlan {
  readonly order: readonly SegmentDef[];
  private readonly bound = new Map<number, Map<string, Bound>>();

  constructor(defs: readonly SegmentDef[], private readonly fields: FieldRegistry, readonly tz: string) {
    const byAlias = new Map(defs.map((d) => [d.alias, d]));
    const graph = new Map(defs.map((d) => [d.alias, referencedSegments(d.condition)]));
    this.order = topologicalOrder(graph).map((a) => byAlias.get(a) as SegmentDef);
  }

  /** Whether any segment can change with the clock alone (else the scheduler has nothing to do). */
  get hasConditions(): boolean {
    return this.order.some((d) => d.kind === 'dynamic' && d.condition !== null);
  }

  private boundAt(t: number): Map<string, Bound> {
    let m = this.bound.get(t);
    if (m) return m;
    m = new Map();
    const known = (a: string): boolean => this.order.some((d) => d.alias === a);
    for (const d of this.order) {
      if (d.kind !== 'dynamic' || !d.condition) continue;
      const r = bindCondition(d.condition, { fields: this.fields, now: t, tz: this.tz, segmentExists: known });
      // A saved definition that no longer binds (a field it names was removed) matches nobody.
      if (r.ok) m.set(d.alias, r.value);
    }
    if (this.bound.size >= BOUND_CACHE) this.bound.delete(this.bound.keys().next().value as number);
    this.bound.set(t, m);
    return m;
  }

  /** The segments a contact belongs to at clock `t`: (matching ∪ included) \ excluded. */
  decide(data: ContactData, manual: ManualModes | undefined, t: number): Set<string> {
    const bound = this.boundAt(t);
    const member = new Set<string>();
    const env = { contact: data.contact, events: data.events, now: t, tz: this.tz, isMember: (a: string) => member.has(a) };
    for (const d of this.order) {
      const mode = manual?.get(d.alias);
      if (mode === 'include') member.add(d.alias);
      else if (mode === 'exclude') continue;
      else {
        const b = bound.get(d.alias);
        if (b && evaluate(b, env)) member.add(d.alias);
      }
    }
    return member;
  }

  /** The first instant after `after` at which any segment's verdict for this contact can change with no new data. */
  nextChange(data: ContactData, after: number): number | null {
    let next: number | null = null;
    for (const d of this.order) {
      if (d.kind !== 'dynamic' || !d.condition) continue;
      const t = nextChange(d.condition as Condition, { contact: data.contact, events: data.events, fields: this.fields, tz: this.tz, after });
      if (t !== null && (next === null || t < next)) next = t;
    }
    return next;
  }
}
