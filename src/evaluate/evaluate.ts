import { assertNever } from '../condition/types.js';
import type { FieldValue } from '../fields/index.js';
import { ageYears, addDuration, daysSince, daysUntilAnniversary, localDate } from '../time/index.js';
import { measureHolds, sampleBucketHex } from '../plan/bind.js';
import { fold } from '../plan/fold.js';
import { compileRegex, type RegexTest } from '../plan/regex.js';
import { lowerBound, upperBound } from './sorted.js';
import type { Bound, BoundEvent, BoundField, BoundProp, BoundSequence, BoundWhere, EventFilter, Literal, Test } from '../plan/bound.js';

export interface ContactRecord {
  readonly id: string;
  readonly values: Readonly<Record<string, FieldValue | null | undefined>>;
}

/**
 * Values that can say whether a field is set without giving the value: the live cache
 * keeps texts as characters and makes a string only when one is read, and `is_set`, the
 * test a write meets most (`email is set`), needs none. Set means what `operand` reads as
 * not missing: not absent, null, empty text or an empty list.
 */
export const PRESENT: unique symbol = Symbol('present');
interface PresenceAware { readonly [PRESENT]?: (key: string) => boolean }

export interface EventRecord {
  readonly name: string;
  /** Epoch ms. */
  readonly ts: number;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface EvalEnv {
  readonly contact: ContactRecord;
  /** The contact's events in ascending time order. */
  readonly events: readonly EventRecord[];
  /**
   * The events whose name is one of `names` (null: any), ascending, the same objects as in
   * `events`. Optional: a caller that keeps events packed builds only the names a leaf reads.
   */
  readonly eventsNamed?: (names: readonly (string | null)[]) => readonly EventRecord[];
  /** Optional: every event's time, ascending (what `last_active_at` reads, without building the events). */
  readonly times?: ArrayLike<number>;
  /** Optional: the times of the events of one name, ascending (counts and first/last without building the events). */
  readonly timesNamed?: (name: string) => readonly number[];
  readonly now: number;
  readonly tz: string;
  readonly isMember: (alias: string, contactId: string) => boolean;
}

/** The events a filter can match: those of its name when the environment can say, else all. */
function candidates(env: EvalEnv, name: string | null): readonly EventRecord[] {
  return name !== null && env.eventsNamed ? env.eventsNamed([name]) : env.events;
}

/** What a node saw while deciding: shown by `explain`. */
export type Seen = Record<string, unknown>;

export interface Trace {
  readonly path: string;
  readonly result: boolean;
  readonly seen: Seen;
  readonly children: Trace[];
}

type Tracer = ((t: Trace) => void) | null;

export function evaluate(b: Bound, env: EvalEnv): boolean {
  return run(b, env, null);
}

export function explain(b: Bound, env: EvalEnv): Trace {
  let root: Trace | null = null;
  run(b, env, (t) => { root = t; });
  return root as unknown as Trace;
}

const NO_CHILDREN: Trace[] = [];
const NOTHING_SEEN: Seen = {};

function run(b: Bound, env: EvalEnv, trace: Tracer): boolean {
  // Deciding millions of contacts allocates nothing a trace would only need.
  const children: Trace[] = trace ? [] : NO_CHILDREN;
  const sub: Tracer = trace ? (t) => children.push(t) : null;
  let seen: Seen = NOTHING_SEEN;
  let result: boolean;
  switch (b.kind) {
    case 'and':
      // What a node saw is only worked out when someone will read it (explain).
  // Without tracing, stop at the first decisive child; with it, show every child.
      result = true;
      for (const c of b.children) if (!run(c, env, sub)) { result = false; if (!trace) break; }
      break;
    case 'or':
      result = false;
      for (const c of b.children) if (run(c, env, sub)) { result = true; if (!trace) break; }
      break;
    case 'not':
      result = !run(b.child, env, sub);
      break;
    case 'const':
      result = b.value;
      break;
    case 'field': {
      if (!trace && b.test.op === 'is_set' && b.transform === 'none' && !b.field.computed && b.field.key !== 'id') {
        const values = env.contact.values as PresenceAware;
        const present = values[PRESENT];
        if (present) { result = present.call(values, b.field.key); break; }
      }
      const v = operand(b, env);
      result = v !== null && applyTest(b.test, b.as, v, b.ci);
      if (trace) seen = { value: v === null ? null : display(v, b.as, env.tz) };
      break;
    }
    case 'event': {
      const m = measureEvent(b, env);
      result = m.value === null ? false : measureHolds(b.test, m.value);
      if (trace) seen = { events: m.matched, measure: b.measure, value: m.value === null ? null : displayMeasure(b, m.value), from: b.range.from === null ? null : iso(b.range.from), to: iso(b.range.to) };
      break;
    }
    case 'sequence': {
      const s = matchSequence(b, env, trace !== null);
      result = s.ok;
      seen = s.seen;
      break;
    }
    case 'segment':
      result = env.isMember(b.alias, env.contact.id);
      if (trace) seen = { segment: b.alias };
      break;
    case 'sample': {
      const hex = sampleBucketHex(b.salt, env.contact.id);
      result = hex < b.threshold;
      if (trace) seen = { bucket: Number(BigInt(`0x${hex}`) * 1_000_000n / (1n << 64n)) / 1_000_000 };
      break;
    }
    default:
      return assertNever(b);
  }
  trace?.({ path: b.path, result, seen, children });
  return result;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function display(v: FieldValue, as: BoundField["as"], tz: string): unknown {
  return as === 'instant' && typeof v === 'number' ? `${iso(v)} (${localDate(v, tz)} local)` : v;
}

function displayMeasure(b: BoundEvent, v: number | string): unknown {
  return (b.measure === 'first_at' || b.measure === 'last_at') && typeof v === 'number' ? iso(v) : v;
}

function lastActive(env: EvalEnv): number | null {
  if (env.times) {
    // Ascending: the last time at or before now.
    const k = upperBound(env.times, env.now);
    return k ? env.times[k - 1] : null;
  }
  let last: number | null = null;
  for (const e of env.events) if (e.ts <= env.now && (last === null || e.ts > last)) last = e.ts;
  return last;
}

/** A value `operand` reads as missing: absent, null, empty text or an empty list. */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The operand after its transform, or null when missing. */
function operand(b: BoundField, env: EvalEnv): FieldValue | null {
  const raw = b.field.computed ? lastActive(env) : b.field.key === 'id' ? env.contact.id : env.contact.values[b.field.key];
  if (raw === undefined || raw === null || isMissing(raw)) return null;
  if (b.transform === 'none') return raw;
  const date = typeof raw === 'number' ? localDate(raw, env.tz) : (raw as string);
  switch (b.transform) {
    case 'local_date': return date;
    case 'age_years': return ageYears(date, b.today);
    case 'days_since': return daysSince(date, b.today);
    case 'days_until_anniversary': return daysUntilAnniversary(date, b.today);
    default: return assertNever(b.transform);
  }
}

// A `matches` test of a bound tree is compiled the first time a contact meets it and
// kept as long as the tree is: once per tree, never per contact, and nothing outlives it.
const compiled = new WeakMap<Test, { cs?: RegexTest; ci?: RegexTest }>();
function regex(t: Extract<Test, { op: 'matches' }>, ci: boolean): RegexTest {
  let forms = compiled.get(t);
  if (!forms) compiled.set(t, (forms = {}));
  const key = ci ? 'ci' : 'cs';
  return (forms[key] ??= compileRegex(t.pattern, ci));
}

/** A positive test on a present value (SEGMENT-LANGUAGE §3). */
function applyTest(t: Test, as: BoundField['as'], v: FieldValue, ci: boolean): boolean {
  if (as === 'set') {
    const items = ci ? (v as readonly string[]).map(fold) : (v as readonly string[]);
    switch (t.op) {
      case 'has': return items.includes(t.value);
      case 'any_of': return t.values.some((x) => items.includes(x));
      case 'all_of': return t.values.every((x) => items.includes(x));
      case 'is_set': return items.length > 0;
      default: return false;
    }
  }
  if (t.op === 'matches') return typeof v === 'string' && regex(t, ci)(v);
  const x: Literal = typeof v === 'string' && ci ? fold(v) : (v as Literal);
  switch (t.op) {
    case 'eq': case 'gt': case 'gte': case 'lt': case 'lte': case 'between': return measureHolds(t, x);
    case 'in': return t.values.includes(x);
    case 'contains': return typeof x === 'string' && x.includes(t.value);
    case 'starts_with': return typeof x === 'string' && x.startsWith(t.value);
    case 'ends_with': return typeof x === 'string' && x.endsWith(t.value);
    case 'is_set': return true;
    case 'is_true': return x === true;
    case 'is_false': return x === false;
    case 'has': case 'any_of': case 'all_of': return false;
    default: return assertNever(t);
  }
}

export function propertyAt(props: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let cur: unknown = props;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

const JSON_TYPE: Record<Exclude<BoundProp['as'], 'any'>, string> = { text: 'string', number: 'number', bool: 'boolean' };
const SCALAR = new Set(['string', 'number', 'boolean']);

function whereHolds(w: BoundWhere, props: Readonly<Record<string, unknown>>): boolean {
  switch (w.kind) {
    case 'and': return w.children.every((c) => whereHolds(c, props));
    case 'or': return w.children.some((c) => whereHolds(c, props));
    case 'not': return !whereHolds(w.child, props);
    case 'prop': {
      const v = propertyAt(props, w.property);
      if (w.as === 'any') return SCALAR.has(typeof v) && v !== '';
      // A property of another JSON type than the constant's never satisfies a positive test.
      if (typeof v !== JSON_TYPE[w.as] || v === '') return false;
      return applyTest(w.test, w.as, v as FieldValue, w.ci);
    }
    default: return assertNever(w);
  }
}

function matches(f: EventFilter, e: EventRecord): boolean {
  return (f.name === null || e.name === f.name) && (f.where === null || whereHolds(f.where, e.properties));
}

/** Sum, rounded to 9 decimals as the SQL path's DECIMAL(38,9) sum is. */
export function round9(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

function measureEvent(b: BoundEvent, env: EvalEnv): { matched: number; value: number | string | null } {
  const from = b.range.from ?? -Infinity;
  const times = b.where !== null ? undefined : b.name === null ? env.times : env.timesNamed?.(b.name);
  if (times && (b.measure === 'count' || b.measure === 'first_at' || b.measure === 'last_at')) {
    // Any event or one name, no filter: read from the times alone, without building an event.
    const i = lowerBound(times, from), j = upperBound(times, b.range.to);
    const matched = Math.max(0, j - i);
    if (b.measure === 'count') return { matched, value: matched };
    if (!matched) return { matched, value: null };
    const t = b.measure === 'first_at' ? times[i] : times[j - 1];
    return { matched, value: b.byDate ? localDate(t, env.tz) : t };
  }
  // One pass, no lists: a decision measures a contact's events for every segment it reads.
  // Numbers are added in event order, as a list would be, so a sum is the same to the bit.
  let matched = 0, count = 0, total = 0, big = false, lo = 0, hi = 0, first = Infinity, last = -Infinity;
  const keys = b.measure === 'distinct' ? new Set<string>() : null;
  for (const e of candidates(env, b.name)) {
    if (!(e.ts >= from && e.ts <= b.range.to && matches(b, e))) continue;
    matched++;
    first = Math.min(first, e.ts);
    last = Math.max(last, e.ts);
    if (keys) {
      const v = propertyAt(e.properties, b.property ?? []);
      if (typeof v === 'string' && v !== '') keys.add(`s:${fold(v)}`);
      else if (typeof v === 'number') keys.add(`n:${v}`);
      else if (typeof v === 'boolean') keys.add(`b:${v}`);
      continue;
    }
    if (!b.property) continue;
    const v = propertyAt(e.properties, b.property);
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (count === 0) { lo = v; hi = v; }
    else { if (v < lo) lo = v; if (v > hi) hi = v; }
    count++;
    total += v;
    if (Math.abs(v) >= 1e20) big = true;
  }
  // §4's sum as the SQL path computes it: exact to 9 decimals unless a value is beyond ±1e20.
  const sum = big ? total : round9(total);
  switch (b.measure) {
    case 'count':
      return { matched, value: matched };
    case 'sum':
      return { matched, value: sum };
    case 'avg':
      return { matched, value: count ? sum / count : null };
    case 'min':
      return { matched, value: count ? lo : null };
    case 'max':
      return { matched, value: count ? hi : null };
    case 'distinct':
      return { matched, value: (keys as Set<string>).size };
    case 'first_at':
    case 'last_at': {
      if (!matched) return { matched, value: null };
      const t = b.measure === 'first_at' ? first : last;
      return { matched, value: b.byDate ? localDate(t, env.tz) : t };
    }
    default:
      return assertNever(b.measure);
  }
}

/**
 * Steps in order, each strictly after the previous and at most `gap` after it, the first
 * inside the window. Keeping, per step, every time a chain can end at is enough: for a
 * later event the best predecessor is the latest earlier one (gap ends grow with start).
 */
function matchSequence(b: BoundSequence, env: EvalEnv, traced: boolean): { ok: boolean; seen: Seen } {
  const stamp = (ms: number): string | null => (traced ? iso(ms) : null);
  const from = b.range.from ?? -Infinity;
  const after = (r: number): number => (b.gap ? addDuration(r, b.gap, 1, env.tz) : Infinity);
  const [first, ...rest] = b.steps;
  let ends = candidates(env, first.name).filter((e) => e.ts >= from && e.ts <= b.range.to && matches(first, e)).map((e) => e.ts);
  for (const [i, step] of rest.entries()) {
    if (!ends.length) return { ok: false, seen: { reason: `no match for step ${i + 1}`, steps_matched: i } };
    if (step.absent) {
      for (const r of ends) {
        const until = after(r);
        if (until > b.now) continue;
        if (!candidates(env, step.name).some((e) => e.ts > r && e.ts <= until && matches(step, e))) {
          return { ok: true, seen: { matched_at: ends.length ? stamp(r) : null, absent_until: stamp(until) } };
        }
      }
      return { ok: false, seen: { reason: `every candidate was followed by ${step.name ?? 'an event'} within the gap, or its gap has not elapsed`, candidates: ends.length } };
    }
    const next: number[] = [];
    let j = 0;
    let latest: number | null = null;
    for (const e of candidates(env, step.name)) {
      if (e.ts > b.now || !matches(step, e)) continue;
      while (j < ends.length && ends[j] < e.ts) latest = ends[j++];
      if (latest !== null && e.ts <= after(latest)) next.push(e.ts);
    }
    ends = next;
  }
  return ends.length
    ? { ok: true, seen: { completed_at: stamp(ends[0]) } }
    : { ok: false, seen: { reason: `no match for step ${b.steps.length}`, steps_matched: b.steps.length - 1 } };
}
