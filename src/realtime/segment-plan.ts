import { assertNever, type Condition } from '../condition/types.js';
import { DataEnv, ReadThrough, evaluate, type EnvData } from '../evaluate/index.js';
import type { FieldRegistry } from '../fields/index.js';
import { bindCondition, type Bound } from '../plan/index.js';
import type { SegmentDef } from '../store/index.js';
import { referencedSegments, topologicalOrder } from '../engine/definitions.js';
import { nextChangeOfAny, type NextChangeInput } from './next-change.js';

// Every segment of a workspace, ready to decide one contact at a time: in dependency order,
// so a segment condition reads the final membership (manual decisions included) of the
// segments it references for the same contact, exactly as a rebuild does.

export type ManualModes = ReadonlyMap<string, 'include' | 'exclude'>;

/** A contact's data as a decision reads it (the evaluator's: events of some names and times without unpacking the rest). */
export type ContactData = EnvData;

/** Bound trees are kept for this many recent clocks (a write batch, a scheduler instant). */
const BOUND_CACHE = 64;

/** The data a segment's verdict reads, its references' included. */
interface Reads {
  /** Event names; `anyEvent` when it reads every event (`*`, `last_active_at`). */
  readonly events: Set<string>;
  anyEvent: boolean;
  readonly fields: Set<string>;
}

/** What a write changed: names of events it added, keys of fields it set. */
export interface Touched {
  readonly events: ReadonlySet<string>;
  readonly fields: ReadonlySet<string>;
}

export class SegmentPlan {
  readonly order: readonly SegmentDef[];
  /** The aliases of `order`, in its order. */
  readonly aliases: readonly string[];
  private readonly bound = new Map<number, Map<string, Bound | null>>();
  private readonly reads = new Map<string, Reads>();
  private readonly graph: ReadonlyMap<string, readonly string[]>;
  /** affectedBy's answers: a workspace's writes fall into a few combinations of names and keys. */
  private readonly affected = new Map<string, ReadonlySet<string>>();
  /** The same for a write of one event and no field, by the event's name. */
  private readonly affectedByEvent = new Map<string, ReadonlySet<string>>();

  constructor(defs: readonly SegmentDef[], private readonly fields: FieldRegistry, readonly tz: string) {
    const byAlias = new Map(defs.map((d) => [d.alias, d]));
    const graph = new Map(defs.map((d) => [d.alias, referencedSegments(d.condition)]));
    this.graph = graph;
    this.order = topologicalOrder(graph).map((a) => byAlias.get(a) as SegmentDef);
    this.aliases = this.order.map((d) => d.alias);
    for (const d of this.order) {
      const r: Reads = { events: new Set(), anyEvent: false, fields: new Set() };
      if (d.condition) collectReads(d.condition, r, this.reads);
      this.reads.set(d.alias, r);
    }
  }

  /**
   * Segments whose verdict can depend on what a write touched. The others cannot change
   * by it (a time-driven change has its own instant on the schedule), so deciding them
   * again would find nothing.
   */
  affectedBy(t: Touched): ReadonlySet<string> {
    // Most writes are one event: its name is the key, built without sorting or joining.
    const one = t.events.size === 1 && t.fields.size === 0 ? (t.events.values().next().value as string) : null;
    const key = one ?? `${[...t.events].sort().join('\u0000')}\u0001${[...t.fields].sort().join('\u0000')}`;
    const memo = one !== null ? this.affectedByEvent : this.affected;
    const held = memo.get(key);
    if (held) return held;
    const found = new Set<string>();
    for (const d of this.order) {
      const r = this.reads.get(d.alias) as Reads;
      if ((t.events.size && r.anyEvent) || [...t.events].some((e) => r.events.has(e)) || [...t.fields].some((f) => r.fields.has(f))) found.add(d.alias);
    }
    // Bounded: field keys come from outside (a write may set any declared field).
    if (memo.size < 10_000) memo.set(key, found);
    return found;
  }

  /** A segment and every segment it references, directly or through others: all its verdict depends on. */
  closure(alias: string): Set<string> {
    const out = new Set<string>();
    const visit = (a: string): void => {
      if (out.has(a)) return;
      out.add(a);
      for (const r of this.graph.get(a) ?? []) visit(r);
    };
    visit(alias);
    return out;
  }

  /** Every field some segment reads: all a contact's values the live path needs. */
  get fieldsRead(): string[] {
    const out = new Set<string>();
    for (const r of this.reads.values()) for (const f of r.fields) out.add(f);
    return [...out];
  }

  /** Whether any segment can change with the clock alone (else the scheduler has nothing to do). */
  get hasConditions(): boolean {
    return this.order.some((d) => d.kind === 'dynamic' && d.condition !== null);
  }

  /**
   * The bound tree of one segment at clock `t` (null: it matches nobody), bound on first
   * use: a walk through one contact's instants meets a new clock at every step, and most
   * steps decide only a few segments.
   */
  private boundAt(t: number, d: SegmentDef): Bound | null {
    let m = this.bound.get(t);
    if (!m) {
      if (this.bound.size >= BOUND_CACHE) this.bound.delete(this.bound.keys().next().value as number);
      this.bound.set(t, (m = new Map()));
    }
    let b = m.get(d.alias);
    if (b === undefined) {
      const r = d.kind === 'dynamic' && d.condition ? bindCondition(d.condition, { fields: this.fields, now: t, tz: this.tz, segmentExists: this.known }) : null;
      // A saved definition that no longer binds (a field it names was removed) matches nobody.
      m.set(d.alias, (b = r?.ok ? r.value : null));
    }
    return b;
  }

  private readonly known = (a: string): boolean => this.aliases.includes(a);

  /** The conditions of `only` (all when undefined), in order; kept per set (affectedBy hands out the same ones). */
  private readonly conditionLists = new WeakMap<ReadonlySet<string>, readonly Condition[]>();
  private allConditions: readonly Condition[] | null = null;

  private conditionsOf(only: ReadonlySet<string> | undefined): readonly Condition[] {
    const held = only ? this.conditionLists.get(only) : this.allConditions;
    if (held) return held;
    const list: Condition[] = [];
    for (const d of this.order) if (d.kind === 'dynamic' && d.condition && (!only || only.has(d.alias))) list.push(d.condition);
    if (only) this.conditionLists.set(only, list);
    else this.allConditions = list;
    return list;
  }

  /**
   * The segments a contact belongs to at clock `t`: (matching ∪ included) \ excluded.
   * With `only`, the others keep their membership in `current`. With `into`, the answer is
   * that set, emptied first (a caller that keeps it copies it).
   */
  decide(data: ContactData, manual: ManualModes | undefined, t: number, only?: ReadonlySet<string>, current?: ReadonlySet<string>, into?: Set<string>): Set<string> {
    const member = into ?? new Set<string>();
    member.clear();
    const env = new DataEnv(data, t, this.tz, (a: string) => member.has(a));
    for (const d of this.order) {
      if (only && !only.has(d.alias)) {
        if (current?.has(d.alias)) member.add(d.alias);
        continue;
      }
      const mode = manual?.get(d.alias);
      if (mode === 'include') member.add(d.alias);
      else if (mode === 'exclude') continue;
      else {
        const b = this.boundAt(t, d);
        if (b && evaluate(b, env)) member.add(d.alias);
      }
    }
    return member;
  }

  /**
   * The first instant after `after` at which a segment's verdict for this contact (of `only`,
   * or all) can change with no new data. `member`: the contact's memberships at `after`.
   * A reference to another segment reads them and holds still: the referenced segment's own
   * instants are on the schedule already (its condition is among `only`, or its instant was
   * kept when the write could not move it), and each wakes the contact to be decided whole.
   * Read as unknown instead, a reference made every `and` over it walk all its other
   * children (`loyal_active` for each of the 97 % of contacts who are not loyal buyers).
   * With `horizon`, only changes before it are looked for (null: none before it).
   */
  nextChange(data: ContactData, member: ReadonlySet<string>, after: number, only?: ReadonlySet<string>, horizon?: number): number | null {
    const conditions = this.conditionsOf(only);
    return nextChangeOfAny(conditions, new DataInput(data, member, this.fields, this.tz, after, horizon));
  }
}

/** Events read through: a walk that never reaches an event leaf never builds them. */
class DataInput extends ReadThrough implements NextChangeInput {
  constructor(data: ContactData, private readonly member: ReadonlySet<string>, readonly fields: FieldRegistry, readonly tz: string, readonly after: number,
    readonly horizon?: number) {
    super(data.contact, data);
  }

  readonly isMember = (alias: string): boolean => this.member.has(alias);
}

function collectReads(c: Condition, r: Reads, done: ReadonlyMap<string, Reads>): void {
  switch (c.type) {
    case 'and': case 'or': c.conditions.forEach((x) => collectReads(x, r, done)); return;
    case 'not': collectReads(c.condition, r, done); return;
    case 'field':
      if (c.field === 'last_active_at') r.anyEvent = true;
      else r.fields.add(c.field);
      return;
    case 'event':
      if (c.event === '*') r.anyEvent = true;
      else r.events.add(c.event);
      return;
    case 'sequence':
      for (const s of c.steps) {
        if (s.event === '*') r.anyEvent = true;
        else r.events.add(s.event);
      }
      return;
    case 'segment': {
      // Referenced segments come first in dependency order, so theirs are known.
      const ref = done.get(c.segment);
      if (ref) {
        ref.events.forEach((e) => r.events.add(e));
        ref.fields.forEach((f) => r.fields.add(f));
        r.anyEvent ||= ref.anyEvent;
      }
      return;
    }
    case 'all': case 'sample': return;
    default: assertNever(c);
  }
}
