import { Temporal } from 'temporal-polyfill';
import type { Condition, Window } from '../condition/types.js';
import { assertNever } from '../condition/types.js';
import { DataEnv, evaluate, lowerBound, propertyAt, round9, sortNumbers, upperBound, type ContactRecord, type EvalEnv, type EventRecord } from '../evaluate/index.js';
import type { FieldRegistry, FieldValue } from '../fields/index.js';
import {
  bindCondition, fold, measureHolds, sampleBucketHex,
  type Bound, type BoundEvent, type BoundField, type BoundSequence, type EventFilter, type Literal, type MeasureTest, type Test,
} from '../plan/index.js';
import {
  anchorDay, anniversaryMonthDay, parseDateExpr, parseDuration, parseIsoDateTime, type Anchor, type DateExpr, type Duration, type DurationUnit, weekdayOf,
} from '../time/index.js';
import { DAY, EXACT_MS, FAR, SLACK, Zone, civilDay, dayOfString, dayString, monthStartDay, nextMonthStartDay, shiftDay, yearOf, ymdOf, zoneOf } from '../time/zone.js';

// The next instant a contact's verdict can change with the clock alone (issue 10, "exact
// time-driven changes"). Each leaf knows its truth at any clock and the next instant one of
// its inputs can change — an event entering or leaving a window, a relative date crossing
// a value, a local day where a calendar function changes the test, a gap elapsing, a
// future event arriving — and skips the changes that cannot flip it (the exits before a
// count crosses its constant, the days before an age does). The walk over those instants
// stops at the leaf's first flip, or, past a budget of steps, at an input change; `and` and
// `or` keep their verdict as long as their longest-lived decisive child. Relative dates and
// windows are resolved by a closed form of the workspace zone (its offset transitions, read
// once a year from Temporal), exact through DST days, month-end clamps and skipped days;
// the tests hold it equal to src/time and the whole to brute force over the evaluator.

export interface NextChangeInput {
  readonly contact: ContactRecord;
  /** The contact's events in ascending time order. */
  readonly events: readonly EventRecord[];
  /** As EvalEnv's: those of some names only, the same objects as in `events` (read instead when given). */
  readonly eventsNamed?: (names: readonly (string | null)[]) => readonly EventRecord[];
  /** Every event's time, ascending (read instead of `events` when given). */
  readonly times?: ArrayLike<number>;
  /** One name's event times, ascending (read instead of its events when given). */
  readonly timesNamed?: (name: string) => readonly number[];
  readonly fields: FieldRegistry;
  readonly tz: string;
  /** Epoch ms: the clock the current verdict belongs to. */
  readonly after: number;
  /** Epoch ms, exclusive: changes at or after it are not looked for (default and cap: the end of year 9999). */
  readonly horizon?: number;
  /** Memberships of referenced segments, when known; without it a `segment` node counts as unknown and constant. */
  readonly isMember?: (alias: string, contactId: string) => boolean;
}

/**
 * The smallest instant t > `after` (epoch ms) at which the verdict of `condition` for this
 * contact can change with no new data, or null when none comes before `horizon`. The
 * verdict (evaluate of the condition bound at t, at clock t) is the same at every instant
 * of [after, result); at `result` an input of some leaf changes, usually one whose change
 * flips it. Data and other segments' memberships are held fixed. A condition that does not
 * bind (a field it names was removed) matches nobody at every clock: null.
 */
export function nextChange(condition: Condition, input: NextChangeInput): number | null {
  return nextChangeOfAny([condition], input);
}

/**
 * The first instant at which the verdict of any of `conditions` can change: the smallest
 * of their `nextChange`s, computed in one pass over the contact's data (the conditions
 * share its per-event-name lists).
 */
export function nextChangeOfAny(conditions: readonly Condition[], input: NextChangeInput): number | null {
  let run: Run | null = null;
  let first: number | null = null;
  for (const condition of conditions) {
    const plan = planFor(condition, input.fields, input.tz, input.after);
    if (!plan) continue;
    run ??= new Run(input, plan.zone);
    first = minOf(first, run.next(plan.root));
  }
  return first;
}

/** The last instant a Date can hold. */
const MAX_MS = 8.64e15;

/** The first day ≥ `day` that an anchor can name (every day for `today`). */
function nextAnchorDay(anchor: Exclude<Anchor, 'now'>, day: number): number {
  switch (anchor) {
    case 'today': return day;
    case 'start_of_week': return day + ((7 - weekdayOf(day)) % 7);
    case 'start_of_month': return monthStartDay(day) === day ? day : nextMonthStartDay(day);
    case 'start_of_year': {
      const y = yearOf(day);
      return civilDay(y, 0, 1) === day ? day : civilDay(y + 1, 0, 1);
    }
  }
}

/** Smallest day d with f(d) ≥ target, for a non-decreasing f that moves about one day per day. */
function firstDayAtLeast(f: (d: number) => number, target: number): number {
  let d = target - (f(target) - target);
  for (let i = 0; i < 64 && f(d) < target; i++) d += Math.max(1, target - f(d));
  for (let i = 0; i < 64 && f(d - 1) >= target; i++) d -= 1;
  return d;
}

// ---------------------------------------------------------------------------------------
// Functions of the clock (a relative date, a window's start) and the first instant one of
// them crosses a set of thresholds. They are not monotone: a DST fall-back moves `now-1d`
// back an hour, a month-end clamp moves `now-1mo` back up to three days. But each is
// `t + constant` between breakpoints that can be listed (offset transitions, local
// midnights, targets that land on a transition), and it can only be near a threshold X
// for t within a few days of one place, so the crossings are found among a handful of
// candidate instants, each checked with the closed form.

type TimeFn =
  | { readonly kind: 'linear'; readonly c: number }
  | { readonly kind: 'shift'; readonly d: Duration; readonly sign: 1 | -1 }
  | { readonly kind: 'anchor'; readonly anchor: Exclude<Anchor, 'now'>; readonly offset: Duration | null; readonly sign: 1 | -1 };

const NOW: TimeFn = { kind: 'linear', c: 0 };

/** Days a calendar step of n units can span, at least and at most. */
const UNIT_DAYS: Record<DurationUnit, [number, number]> = { s: [0, 0], m: [0, 0], h: [0, 0], d: [1, 1], w: [7, 7], mo: [28, 31], y: [365, 366] };

/** Bounds of d·sign in ms, with two days for the zone's offsets on either side. */
function stepReach(d: Duration, sign: 1 | -1): [number, number] {
  const exact = EXACT_MS[d.unit];
  if (exact !== undefined) return [sign * d.n * exact, sign * d.n * exact];
  const [a, b] = UNIT_DAYS[d.unit];
  const lo = sign > 0 ? a * d.n : -b * d.n;
  const hi = sign > 0 ? b * d.n : -a * d.n;
  return [(lo - 2) * DAY, (hi + 2) * DAY];
}

/** Bounds of f(t) - t over all t. */
function reach(f: TimeFn): [number, number] {
  switch (f.kind) {
    case 'linear': return [f.c, f.c];
    case 'shift': return stepReach(f.d, f.sign);
    case 'anchor': {
      // The anchor's day is at most a year before today's.
      const [lo, hi] = f.offset ? stepReach(f.offset, f.sign) : [0, 0];
      return [lo - 369 * DAY, hi + 2 * DAY];
    }
    default: return assertNever(f);
  }
}

/**
 * Local days around X's within which a clock value can sit on either side of X: two days
 * of calendar slack (wall time kept across a DST change, a gap moving it forward) and two
 * more for the zone's offsets on either side.
 */
const NEAR = 4;

function shifted(d: Duration, sign: 1 | -1): TimeFn {
  const exact = EXACT_MS[d.unit];
  return exact !== undefined ? { kind: 'linear', c: sign * d.n * exact } : { kind: 'shift', d, sign };
}

function relativeFn(e: DateExpr): TimeFn | null {
  if (e.kind !== 'relative') return null;
  if (e.anchor === 'now') return e.offset ? shifted(e.offset, e.sign) : NOW;
  return { kind: 'anchor', anchor: e.anchor, offset: e.offset, sign: e.sign };
}

function valueAt(z: Zone, f: TimeFn, t: number): number {
  switch (f.kind) {
    case 'linear': return t + f.c;
    case 'shift': return z.add(t, f.d, f.sign);
    case 'anchor': {
      const base = z.startOfDay(anchorDay(f.anchor, z.day(t)));
      return f.offset ? z.add(base, f.offset, f.sign) : base;
    }
    default: return assertNever(f);
  }
}

/** Instants at which wall times `walls` are read, plus every offset change, for t in [a, b]. */
function atWalls(z: Zone, walls: readonly number[], a: number, b: number, out: number[]): void {
  let start = a;
  let off = z.offset(a);
  for (const tr of z.transitions(a, b)) {
    for (const w of walls) if (w - off >= start && w - off < tr.at) out.push(w - off);
    out.push(tr.at);
    start = tr.at;
    off = tr.after;
  }
  for (const w of walls) if (w - off >= start && w - off <= b) out.push(w - off);
}

/**
 * Candidate instants in (after, limit) where `f` may cross one of `xs` (sorted, a few days
 * apart at most): they include every instant there where [f(t) ≥ x] changes for an x in xs.
 */
function crossCandidates(z: Zone, f: TimeFn, all: ArrayLike<number>, i0: number, i1: number, after: number, limit: number, out: number[]): void {
  if (f.kind === 'linear') {
    for (let i = i0; i < i1; i++) out.push(all[i] - f.c);
    return;
  }
  const x0 = all[i0];
  const x1 = all[i1 - 1];
  // f(t) - t stays within [lo, hi]: [f(t) ≥ X] is false before X - hi and true after X - lo.
  const [near, far] = reach(f);
  if (x1 - near <= after || x0 - far >= limit) return;
  if (f.kind === 'shift' && (f.d.unit === 'd' || f.d.unit === 'w')) {
    // Whole days or weeks keep the wall time: where one offset holds from every such t to
    // f(t) (and a day around both, what resolving a wall time reads), f(t) = t + c exactly.
    const c = f.sign * f.d.n * (f.d.unit === 'w' ? 7 : 1) * DAY;
    if (z.steady(Math.min(x0 - far, x0 - far + c) - 3 * DAY, Math.max(x1 - near, x1 - near + c) + 3 * DAY)) {
      for (let i = i0; i < i1; i++) out.push(all[i] - c);
      return;
    }
  }
  const first = z.day(x0);
  const last = z.day(x1);
  if (f.kind === 'anchor') {
    // Constant over each local day; near X only for anchor days whose target day is near X's.
    const o = f.offset;
    const exact = o ? EXACT_MS[o.unit] : undefined;
    const target = (a: number): number =>
      !o ? a : exact !== undefined ? a + Math.floor((f.sign * o.n * exact) / DAY) : shiftDay(a, o.unit, f.sign * o.n);
    const lo = nextAnchorDay(f.anchor, firstDayAtLeast(target, first - NEAR));
    const hi = nextAnchorDay(f.anchor, Math.max(lo, firstDayAtLeast(target, last + NEAR + 1)));
    const from = Math.max(lo * DAY - SLACK, after);
    const to = Math.min(hi * DAY + SLACK, limit);
    if (from >= to) return;
    const walls: number[] = [];
    for (let a = lo; a <= hi; a = nextAnchorDay(f.anchor, a + 1)) walls.push(a * DAY);
    atWalls(z, walls, from, to, out);
    return;
  }
  // now ± calendar steps: V(t) = resolve(shift(wall(t))). Wall days whose target day is
  // within NEAR days of X's are the only ones where V can be near X.
  const n = f.sign * f.d.n;
  const unit = f.d.unit;
  const target = (d: number): number => shiftDay(d, unit, n);
  const lo = firstDayAtLeast(target, first - NEAR);
  const hi = Math.max(lo, firstDayAtLeast(target, last + NEAR + 1) - 1);
  const from = Math.max(lo * DAY - SLACK, after);
  const to = Math.min((hi + 1) * DAY + SLACK, limit);
  if (from >= to) return;
  // V is wall + constant between these wall times: midnights where the day's shift changes
  // (a month-end clamp) and the wall times whose target is where `compatible` starts
  // reading a new offset.
  const breaks: number[] = [lo * DAY, (hi + 1) * DAY];
  for (let d = lo + 1; d <= hi; d++) if (target(d) - d !== target(d - 1) - (d - 1)) breaks.push(d * DAY);
  for (const tr of z.transitions((first - NEAR - 2) * DAY - SLACK, (last + NEAR + 3) * DAY + SLACK)) {
    const s = tr.at + Math.max(tr.before, tr.after);
    const sd = Math.floor(s / DAY);
    for (let d = lo; d <= hi; d++) if (target(d) === sd) breaks.push(d * DAY + (s - sd * DAY));
  }
  sortNumbers(breaks);
  const walls = [...breaks];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const b = breaks[i];
    if (breaks[i + 1] <= b) continue;
    const day = Math.floor(b / DAY);
    const c = z.resolve(target(day) * DAY + (b - day * DAY)) - b;
    for (let k = i0; k < i1; k++) if (all[k] - c > b && all[k] - c < breaks[i + 1]) walls.push(all[k] - c);
  }
  atWalls(z, walls, from, to, out);
}

/**
 * The first t > after (and < limit) where key(f(t)) differs from key(f(after)), for a key
 * that changes only at the given thresholds (constant on each [X_i, X_i+1)).
 */
function firstCrossing(z: Zone, f: TimeFn, thresholds: number[], key: (v: number) => number, after: number, limit: number): number | null {
  if (!thresholds.length || after + 1 >= limit) return null;
  // In place: every caller builds its thresholds for this call (or for several, as a set).
  const xs = sortNumbers(thresholds);
  const cands: number[] = [];
  for (let i = 0, j = 0; i < xs.length; i = j) {
    // Thresholds a few days apart share their candidates; far ones get their own.
    for (j = i + 1; j < xs.length && xs[j] - xs[j - 1] <= 2 * DAY; j++);
    crossCandidates(z, f, xs, i, j, after, limit, cands);
  }
  if (!cands.length) return null;
  sortNumbers(cands);
  const k0 = key(valueAt(z, f, after));
  for (const c of cands) {
    if (c <= after) continue;
    if (c >= limit) return null;
    if (key(valueAt(z, f, c)) !== k0) return c;
  }
  return null;
}

/** Values v where the local day of v can pass into `day`: its midnight under each nearby offset, and the transitions. */
function dayThresholds(z: Zone, day: number, out: number[] = []): number[] {
  const w = day * DAY;
  if (w > FAR + SLACK) {
    out.push(w); // past every horizon: no need to know the zone there
    return out;
  }
  const trs = z.transitions(w - SLACK - DAY, w + SLACK + DAY);
  out.push(w - z.offset(w - SLACK - DAY));
  for (const tr of trs) out.push(w - tr.after, tr.at);
  return out;
}

const sign = (x: number): number => (x < 0 ? 0 : x === 0 ? 1 : 2);

/** Thresholds and key of "compare a clock value with a fixed one" (an instant, or a local day). */
function comparison(z: Zone, fixed: number, byDay: boolean): { thresholds: number[]; key: (v: number) => number } {
  if (!byDay) return { thresholds: [fixed, fixed + 1], key: (v) => sign(v - fixed) };
  return { thresholds: dayThresholds(z, fixed + 1, dayThresholds(z, fixed)), key: (v) => sign(z.day(v) - fixed) };
}

// ---------------------------------------------------------------------------------------
// Leaves: the truth at a clock (the evaluator on the bound leaf with its clock-dependent
// parts re-resolved) and the next instant an input can change.

interface Leaf {
  truth(t: number): boolean;
  /** An instant > t such that the leaf's truth is the same on [t, result); null: none before the limit. */
  next(t: number): number | null;
}

/** A date operand of a test: its position in the test's constants and how it moves with the clock. */
interface Operand { readonly index: number; readonly fn: TimeFn }

function rawList(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [v];
}

function operandsOf(raw: unknown): Operand[] {
  const out: Operand[] = [];
  rawList(raw).forEach((v, index) => {
    const e = typeof v === 'string' ? parseDateExpr(v) : null;
    const fn = e ? relativeFn(e) : null;
    if (fn) out.push({ index, fn });
  });
  return out;
}

function replaceConstants<T extends Test | MeasureTest>(t: T, f: (v: Literal, i: number) => Literal): T {
  switch (t.op) {
    case 'eq': case 'gt': case 'gte': case 'lt': case 'lte':
      return { ...t, value: f(t.value, 0) };
    case 'between':
      return { ...t, lo: f(t.lo, 0), hi: f(t.hi, 1) };
    case 'in':
      return { ...t, values: t.values.map((v, i) => f(v, i)) };
    default:
      return t;
  }
}

function numericConstants(t: Test): number[] {
  switch (t.op) {
    case 'eq': case 'gt': case 'gte': case 'lt': case 'lte': return typeof t.value === 'number' ? [t.value] : [];
    case 'between': return [t.lo, t.hi].filter((v): v is number => typeof v === 'number');
    case 'in': return t.values.filter((v): v is number => typeof v === 'number');
    default: return [];
  }
}

/** Integers around each constant: every integer where a comparison with it can change. */
function integersNear(cs: readonly number[]): number[] {
  const out = new Set<number>();
  for (const c of cs) for (const b of [Math.floor(c), Math.ceil(c)]) for (const k of [b - 1, b, b + 1]) out.add(k);
  return [...out];
}

const minOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

const NOT_MEMBER = (): boolean => false;

/** What one call knows: the contact, its events, the zone and how far to look. */
class Scope {
  private times: ArrayLike<number> | null = null;
  /** Events by name, made on first use (most runs read none: a field leaf, a reference). */
  private named: Map<string | null, readonly EventRecord[]> | null = null;
  constructor(readonly input: NextChangeInput, readonly z: Zone, readonly limit: number) {}

  /** Every event's time, ascending. */
  get ts(): ArrayLike<number> {
    return (this.times ??= this.input.times ?? this.input.events.map((e) => e.ts));
  }

  /** The evaluator's view of this contact at clock t (leaves never read memberships). */
  env(t: number, events: readonly EventRecord[]): EvalEnv {
    return { contact: this.input.contact, events, now: t, tz: this.input.tz, isMember: NOT_MEMBER };
  }

  private lazy: EvalEnv | null = null;

  /**
   * The same over all the contact's events, read only if the node reads them (a field leaf
   * rarely does). Kept for the last clock asked: the leaves of one contact mostly ask at `after`.
   */
  lazyEnv(t: number): EvalEnv {
    if (this.lazy?.now === t) return this.lazy;
    return (this.lazy = new DataEnv(this.input, t, this.input.tz, NOT_MEMBER));
  }

  /** Events that pass a filter (name and `where`), by the evaluator's own matching. */
  matching(f: EventFilter): readonly EventRecord[] {
    const { eventsNamed } = this.input;
    if (f.where === null) {
      const named = (this.named ??= new Map());
      let list = named.get(f.name);
      if (!list) {
        list = f.name === null ? this.input.events : eventsNamed ? eventsNamed([f.name]) : this.input.events.filter((e) => e.name === f.name);
        named.set(f.name, list);
      }
      return list;
    }
    const events = f.name !== null && eventsNamed ? eventsNamed([f.name]) : this.input.events;
    const probe = probeOf(f);
    const one: EventRecord[] = [];
    const env = this.env(MAX_MS, one);
    return events.filter((e) => {
      one[0] = e;
      return evaluate(probe, env);
    });
  }
}

/** A filter as a leaf that holds when its one event passes it, made once per filter (every run of every contact asks). */
const probes = new WeakMap<EventFilter, BoundEvent>();
function probeOf(f: EventFilter): BoundEvent {
  let probe = probes.get(f);
  if (!probe) {
    probe = {
      kind: 'event', name: f.name, where: f.where, range: { from: null, to: MAX_MS }, measure: 'count', property: null,
      byDate: false, test: { op: 'gte', value: 1 }, emptyHolds: false, path: '', source: { type: 'all' },
    };
    probes.set(f, probe);
  }
  return probe;
}

/** A test's constants at clock t: each date operand re-resolved, the others as bound. */
function constantsAt(z: Zone, test: MeasureTest, operands: readonly Operand[], byDay: boolean, t: number): MeasureTest;
function constantsAt(z: Zone, test: Test, operands: readonly Operand[], byDay: boolean, t: number): Test;
function constantsAt(z: Zone, test: Test | MeasureTest, operands: readonly Operand[], byDay: boolean, t: number): Test | MeasureTest {
  if (!operands.length) return test;
  return replaceConstants(test, (v, i) => {
    const o = operands.find((x) => x.index === i);
    if (!o) return v;
    const ms = valueAt(z, o.fn, t);
    return byDay ? dayString(z.day(ms)) : ms;
  });
}

/** A positive test of §3 on a present date, instant or number (no case folding applies to these). */
function holds(t: Test | MeasureTest, x: Literal): boolean {
  switch (t.op) {
    case 'eq': case 'gt': case 'gte': case 'lt': case 'lte': case 'between': return measureHolds(t, x);
    case 'in': return t.values.includes(x);
    case 'is_set': return true;
    default: return false;
  }
}

// ---- field leaves ----

type CalendarFn = 'age_years' | 'days_since' | 'days_until_anniversary';

interface FieldSpec { readonly kind: 'field'; readonly bound: BoundField; readonly operands: readonly Operand[] }

class FieldLeaf implements Leaf {
  /** Whether the clock can change it at all: a relative operand, a calendar function, last_active_at. */
  private readonly timed: boolean;

  constructor(private readonly s: FieldSpec, private readonly x: Scope) {
    const b = s.bound;
    this.timed = b.field.computed || s.operands.length > 0 || (b.transform !== 'none' && b.transform !== 'local_date');
  }

  private raw(t: number): FieldValue | null {
    const b = this.s.bound;
    if (b.field.computed) {
      const k = upperBound(this.x.ts, t);
      return k > 0 ? this.x.ts[k - 1] : null;
    }
    const v = b.field.key === 'id' ? this.x.input.contact.id : this.x.input.contact.values[b.field.key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return null;
    return v;
  }

  truth(t: number): boolean {
    const b = this.s.bound;
    if (!this.timed) return evaluate(b, this.x.lazyEnv(t));
    // The evaluator's operand and comparison for dates, instants and calendar functions.
    const raw = this.raw(t);
    if (raw === null) return false;
    const z = this.x.z;
    switch (b.transform) {
      case 'none': return holds(constantsAt(z, b.test, this.s.operands, b.as === 'date', t), raw as Literal);
      case 'local_date': return holds(constantsAt(z, b.test, this.s.operands, true, t), dayString(z.day(raw as number)));
      default: return holds(b.test, calendarValue(b.transform, birthOf(z, raw), z.day(t)));
    }
  }

  next(t: number): number | null {
    const b = this.s.bound;
    const { z, limit } = this.x;
    let best: number | null = null;
    if (b.field.computed) {
      const k = upperBound(this.x.ts, t);
      if (k < this.x.ts.length) best = this.x.ts[k];
    }
    const raw = this.raw(t);
    if (raw === null) return best;
    if (b.transform === 'age_years' || b.transform === 'days_since' || b.transform === 'days_until_anniversary') {
      return minOf(best, nextCalendarChange(z, b.transform, birthOf(z, raw), b.test, t, minOf(best, limit) as number));
    }
    if (b.as !== 'date' && b.as !== 'instant') return best;
    const fixed = b.as === 'instant' ? Number(raw) : b.transform === 'local_date' ? z.day(Number(raw)) : dayOfString(String(raw));
    const { thresholds, key } = comparison(z, fixed, b.as === 'date');
    for (const o of this.s.operands) best = minOf(best, firstCrossing(z, o.fn, thresholds, key, t, minOf(best, limit) as number));
    return best;
  }
}

interface Birth { readonly y: number; readonly m: number; readonly d: number; readonly day: number }

/** The date a calendar function reads: a date field's value, or a datetime's local date. */
function birthOf(z: Zone, raw: FieldValue): Birth {
  const day = typeof raw === 'number' ? z.day(raw) : dayOfString(String(raw));
  const { y, m0, d } = ymdOf(day);
  return { y, m: m0 + 1, d, day };
}

function anniversaryDay(b: Birth, y: number): number {
  const md = anniversaryMonthDay(b.m, b.d, y);
  return civilDay(y, Math.floor(md / 100) - 1, md % 100);
}

/** age_years, days_since, days_until_anniversary of src/time/calendar.ts, on epoch days. */
function calendarValue(fn: CalendarFn, b: Birth, today: number): number {
  if (fn === 'days_since') return today - b.day;
  const t = ymdOf(today);
  if (fn === 'age_years') return t.y - b.y - ((t.m0 + 1) * 100 + t.d < anniversaryMonthDay(b.m, b.d, t.y) ? 1 : 0);
  const thisYear = anniversaryDay(b, t.y);
  return thisYear >= today ? thisYear - today : anniversaryDay(b, t.y + 1) - today;
}

/** The first instant after t at which a calendar function's test changes its truth (local days, DST-aware). */
function nextCalendarChange(z: Zone, fn: CalendarFn, b: Birth, test: Test, t: number, limit: number): number | null {
  const dayHolds = (day: number): boolean => holds(test, calendarValue(fn, b, day));
  const d0 = z.day(t);
  const v0 = dayHolds(d0);
  const near = integersNear(numericConstants(test));
  const firstOf = (days: number[]): number | null => {
    sortNumbers(days);
    for (const d of days) if (d > d0 && dayHolds(d) !== v0) return d;
    return null;
  };
  let change: number | null;
  if (fn === 'days_since') {
    // Up by one a day: the test changes where the count meets a constant.
    change = firstOf(near.map((k) => b.day + k));
  } else if (fn === 'age_years') {
    // Up by one on each anniversary.
    const a0 = calendarValue(fn, b, d0);
    change = firstOf(near.filter((a) => a > a0).map((a) => anniversaryDay(b, b.y + a)));
  } else {
    // Counts down to 0 on the anniversary, then starts again at 364 or 365. Each run takes
    // every value at most once; within ten runs both run lengths occur, so every value has.
    change = null;
    let start = d0 + 1;
    for (let run = 0; run < 10 && change === null; run++) {
      const y = yearOf(start);
      const end = anniversaryDay(b, y) >= start ? anniversaryDay(b, y) : anniversaryDay(b, y + 1);
      const days = [start];
      for (const v of near) if (v >= 0 && end - v > start) days.push(end - v);
      change = firstOf(days);
      start = end + 1;
    }
  }
  // The instant the local day first reaches that day; the local day can also step back
  // over midnight at a DST fall-back in some zones.
  const thresholds = dayThresholds(z, d0);
  if (change !== null && (change - 2) * DAY < limit) dayThresholds(z, change, thresholds);
  return firstCrossing(z, NOW, thresholds, (v) => (dayHolds(z.day(v)) ? 1 : 0), t, limit);
}

// ---- windows ----

type Endpoint = { readonly kind: 'open' } | { readonly kind: 'fixed'; readonly ms: number } | { readonly kind: 'moving'; readonly fn: TimeFn };

interface Span { readonly from: Endpoint; readonly to: Endpoint }

function windowOf(w: Window | undefined, tz: string): Span {
  const open: Endpoint = { kind: 'open' };
  if (w === undefined) return { from: open, to: open };
  if (typeof w === 'string') {
    const d = parseDuration(w);
    return { from: d ? { kind: 'moving', fn: shifted(d, -1) } : open, to: open };
  }
  const z = zoneOf(tz);
  const end = (text: string | undefined, isTo: boolean): Endpoint => {
    const e = text === undefined ? null : parseDateExpr(text);
    if (!e) return open;
    // As bind resolves them: a date-only end takes its whole local day.
    if (e.kind === 'date') return { kind: 'fixed', ms: isTo ? z.startOfDay(dayOfString(e.date) + 1) - 1 : z.startOfDay(dayOfString(e.date)) };
    if (e.kind === 'datetime') return { kind: 'fixed', ms: parseIsoDateTime(e.text, tz) as number };
    return { kind: 'moving', fn: relativeFn(e) as TimeFn };
  };
  return { from: end(w.from, false), to: end(w.to, true) };
}

// A window's ends at clock t, as scalars: walks ask for them at every step, and a range
// object (and an index pair) each time was a share of what a walk allocated.
const windowFrom = (z: Zone, w: Span, t: number): number | null =>
  w.from.kind === 'open' ? null : w.from.kind === 'fixed' ? w.from.ms : valueAt(z, w.from.fn, t);
const windowTo = (z: Zone, w: Span, t: number): number =>
  w.to.kind === 'open' ? t : Math.min(w.to.kind === 'fixed' ? w.to.ms : valueAt(z, w.to.fn, t), t);

/** The first of the events (ascending `ts`) at or after a window's start. */
const firstIn = (ts: ArrayLike<number>, from: number | null): number => (from === null ? 0 : lowerBound(ts, from));

const countAtOrBelow = (xs: ArrayLike<number>) => (v: number): number => upperBound(xs, v);

/**
 * The next change of the set of events (ascending `ts`) inside a window: an event arriving on
 * the clock, the window's end passing one, its start passing the oldest one in (or falling
 * back over the newest one out). `only` narrows it to the changes that can matter: the
 * arrival that matters (by index), the start's thresholds.
 */
function nextWindowChange(
  x: Scope, w: Span, ts: ArrayLike<number>, t: number, limit: number,
  only?: { readonly arrival: number | null; readonly lower: number[] },
): number | null {
  const { z } = x;
  const i = firstIn(ts, windowFrom(z, w, t)), j = upperBound(ts, windowTo(z, w, t));
  let best: number | null = null;
  const k = only ? only.arrival : upperBound(ts, t);
  if (k !== null && k < ts.length && ts[k] > t && (w.to.kind !== 'fixed' || ts[k] <= w.to.ms)) best = ts[k];
  if (w.to.kind === 'moving') {
    const th: number[] = [];
    if (j > 0) th.push(ts[j - 1]);
    if (j < ts.length) th.push(ts[j]);
    best = minOf(best, firstCrossing(z, w.to.fn, th, countAtOrBelow(th), t, minOf(best, limit) as number));
  }
  if (w.from.kind === 'moving') {
    let th = only?.lower;
    if (!th) {
      th = [];
      if (i > 0) th.push(ts[i - 1] + 1);
      if (i < j) th.push(ts[i] + 1);
    }
    sortNumbers(th);
    best = minOf(best, firstCrossing(z, w.from.fn, th, countAtOrBelow(th), t, minOf(best, limit) as number));
  }
  return best;
}

// ---- event leaves ----

interface EventSpec { readonly kind: 'event'; readonly bound: BoundEvent; readonly window: Span; readonly operands: readonly Operand[] }

class EventLeaf implements Leaf {
  private matched: readonly EventRecord[] | null = null;
  private probe: { -readonly [K in keyof BoundEvent]: BoundEvent[K] } | null = null;
  private readonly ts: ArrayLike<number>;

  constructor(private readonly s: EventSpec, private readonly x: Scope) {
    // Any event, or one name, with no filter: the times are all counts and first/last read,
    // so no event is built unless a measure of its properties asks for them.
    const { name, where } = s.bound;
    const named = name !== null && where === null ? x.input.timesNamed?.(name) : undefined;
    this.ts = name === null && where === null ? x.ts : named ?? this.events.map((e) => e.ts);
  }

  private get events(): readonly EventRecord[] {
    return (this.matched ??= this.x.matching(this.s.bound));
  }

  truth(t: number): boolean {
    const b = this.s.bound;
    const z = this.x.z;
    const from = windowFrom(z, this.s.window, t), to = windowTo(z, this.s.window, t);
    const i = firstIn(this.ts, from), j = upperBound(this.ts, to);
    const test = constantsAt(z, b.test, this.s.operands, b.byDate, t);
    switch (b.measure) {
      case 'count': return measureHolds(test, Math.max(0, j - i));
      case 'first_at':
      case 'last_at': {
        if (i >= j) return false;
        const m = b.measure === 'first_at' ? this.ts[i] : this.ts[j - 1];
        return measureHolds(test, b.byDate ? dayString(z.day(m)) : m);
      }
      default: {
        // Sums, averages and the rest: the evaluator itself (on events already matched),
        // through one copy of the leaf whose range and test are set for each clock.
        const probe = (this.probe ??= { ...b, name: null, where: null });
        probe.range = { from, to };
        probe.test = test;
        return evaluate(probe, this.x.env(t, this.events));
      }
    }
  }

  next(t: number): number | null {
    const b = this.s.bound;
    const { z, limit } = this.x;
    const ts = this.ts;
    const i = firstIn(ts, windowFrom(z, this.s.window, t)), j = upperBound(ts, windowTo(z, this.s.window, t));
    // Which window changes can matter (undefined: every one).
    let only: { arrival: number | null; lower: number[] } | undefined;
    const endsNow = this.s.window.to.kind !== 'moving';
    const exits = endsNow && this.s.window.from.kind === 'moving' && b.measure !== 'count' && b.measure !== 'first_at' && b.measure !== 'last_at'
      ? exitFlip(b, this.events, i, j) : undefined;
    if (exits !== undefined) {
      // The exits in order up to the one that flips the test; any arrival or re-entry first.
      only = { arrival: upperBound(ts, t), lower: [] };
      if (exits !== null) only.lower.push(ts[i + exits - 1] + 1);
      if (i > 0) only.lower.push(ts[i - 1] + 1);
    } else if (b.measure === 'count' && endsNow) {
      // The test holds its truth while the count stays above c0 - down and below c0 + up:
      // while fewer than `down` events have left and, with nothing back in, fewer than `up`
      // have arrived.
      const c0 = Math.max(0, j - i);
      const v0 = measureHolds(b.test, c0);
      const down = firstFlip((n) => measureHolds(b.test, c0 - n) !== v0, c0);
      const up = firstFlip((n) => measureHolds(b.test, c0 + n) !== v0, ts.length - c0);
      only = { arrival: up === null ? null : upperBound(ts, t) + up - 1, lower: [] };
      if (down !== null) only.lower.push(ts[i + down - 1] + 1);
      if (i > 0 && up !== null) only.lower.push(ts[i - 1] + 1);
    }
    let best = nextWindowChange(this.x, this.s.window, ts, t, limit, only);
    if (this.s.operands.length && i < j) {
      const m = b.measure === 'first_at' ? ts[i] : ts[j - 1];
      const { thresholds, key } = comparison(z, b.byDate ? z.day(m) : m, b.byDate);
      for (const o of this.s.operands) best = minOf(best, firstCrossing(z, o.fn, thresholds, key, t, minOf(best, limit) as number));
    }
    return best;
  }
}

/**
 * For sums, averages, minima, maxima and distinct counts: after how many exits from the
 * front of the window's events [i, j) the test first changes (null: never, undefined: not
 * known cheaply). Every suffix is measured in one pass from the newest event; sums and
 * averages only when the values are integers, whose sum is the same in any order.
 */
function exitFlip(b: BoundEvent, events: readonly EventRecord[], i: number, j: number): number | null | undefined {
  if (j - i < 1) return null;
  const path = b.property ?? [];
  const truth: boolean[] = new Array(j - i + 1);
  const holds = (v: number | null): boolean => v !== null && measureHolds(b.test, v);
  let total = 0;
  let magnitude = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  const keys = new Set<string>();
  truth[j - i] = holds(b.measure === 'sum' || b.measure === 'distinct' ? 0 : null);
  for (let p = j - 1; p >= i; p--) {
    const v = propertyAt(events[p].properties, path);
    if (b.measure === 'distinct') {
      if (typeof v === 'string' && v !== '') keys.add(`s:${fold(v)}`);
      else if (typeof v === 'number') keys.add(`n:${v}`);
      else if (typeof v === 'boolean') keys.add(`b:${v}`);
    } else if (typeof v === 'number' && Number.isFinite(v)) {
      if ((b.measure === 'sum' || b.measure === 'avg') && !Number.isInteger(v)) return undefined;
      total += v;
      magnitude += Math.abs(v);
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (magnitude > Number.MAX_SAFE_INTEGER) return undefined;
    truth[p - i] = holds(
      b.measure === 'distinct' ? keys.size
      : b.measure === 'sum' ? round9(total)
      : n === 0 ? null
      : b.measure === 'avg' ? round9(total) / n
      : b.measure === 'min' ? min : max,
    );
  }
  return firstFlip((k) => truth[k] !== truth[0], j - i);
}

/** The smallest n in [1, max] with flips(n), or null. */
function firstFlip(flips: (n: number) => boolean, max: number): number | null {
  for (let n = 1; n <= max; n++) if (flips(n)) return n;
  return null;
}

// ---- sequence leaves ----

interface SequenceSpec { readonly kind: 'sequence'; readonly bound: BoundSequence; readonly window: Span }

/**
 * A sequence whose window ends now (or at a fixed instant). The evaluator keeps, step by
 * step, the events that extend a chain from the latest chain end before them; so every
 * such event has a fixed root — the first-step event its chain starts from — and roots
 * grow with time. Whether an event extends a chain at clock t then only asks whether its
 * root is still inside the window and whether the event has happened: the verdict is "some
 * chain (root, at) has its root inside the window and at ≤ now", where `at` is the last
 * step's time, or, for an absent last step, the end of its gap when no absent event falls
 * in it. The chains are computed once; the verdict and its changes follow from them.
 */
class ChainSequence implements Leaf {
  /** Chains by root time; `at` is when each completes. */
  private readonly root: number[] = [];
  private readonly at: number[] = [];
  /** Completion times, ascending. */
  private readonly arrivals: number[];

  constructor(private readonly s: SequenceSpec, private readonly x: Scope) {
    const steps = s.bound.steps;
    const gap = s.bound.gap;
    const cap = s.window.to.kind === 'fixed' ? s.window.to.ms : Infinity;
    const reaches = (from: number, to: number): boolean => !gap || to <= x.z.add(from, gap, 1);
    // Chain ends of the steps so far, ascending, each with its root.
    let ends: { ts: number; root: number }[] = x.matching(steps[0]).filter((e) => e.ts <= cap).map((e) => ({ ts: e.ts, root: e.ts }));
    const last = steps[steps.length - 1];
    const body = last.absent ? steps.slice(1, -1) : steps.slice(1);
    for (const step of body) {
      const times = ends.map((e) => e.ts);
      const next: { ts: number; root: number }[] = [];
      for (const e of x.matching(step)) {
        const k = lowerBound(times, e.ts);
        if (k > 0 && reaches(times[k - 1], e.ts)) next.push({ ts: e.ts, root: ends[k - 1].root });
      }
      ends = next;
    }
    const chains: [number, number][] = [];
    if (last.absent && steps.length > 1) {
      if (gap) {
        const absent = x.matching(last).map((e) => e.ts);
        for (const e of ends) {
          const until = x.z.add(e.ts, gap, 1);
          const k = upperBound(absent, e.ts);
          if (k >= absent.length || absent[k] > until) chains.push([e.root, until]);
        }
      }
    } else {
      for (const e of ends) chains.push([e.root, e.ts]);
    }
    chains.sort((p, q) => p[0] - q[0]);
    for (const [root, at] of chains) { this.root.push(root); this.at.push(at); }
    this.arrivals = sortNumbers([...this.at]);
  }

  /** The latest root among chains complete at t, inside the window and before its start. */
  private complete(t: number, from: number | null): { inLatest: number | null; outLatest: number | null } {
    let inLatest: number | null = null;
    let outLatest: number | null = null;
    for (let k = this.root.length - 1; k >= 0 && (inLatest === null || outLatest === null); k--) {
      if (this.at[k] > t) continue;
      if (from === null || this.root[k] >= from) inLatest ??= this.root[k];
      else outLatest ??= this.root[k];
    }
    return { inLatest, outLatest };
  }

  truth(t: number): boolean {
    return this.complete(t, windowFrom(this.x.z, this.s.window, t)).inLatest !== null;
  }

  next(t: number): number | null {
    const { z, limit } = this.x;
    const from = this.s.window.from;
    const { inLatest, outLatest } = this.complete(t, windowFrom(z, this.s.window, t));
    if (inLatest !== null) {
      // True until the window's start passes the latest complete chain (more chains only keep it true).
      return from.kind === 'moving' ? firstCrossing(z, from.fn, [inLatest + 1], (v) => (v > inLatest ? 1 : 0), t, limit) : null;
    }
    // False until a chain completes inside the window, or the start falls back over a complete one.
    const k = upperBound(this.arrivals, t);
    let best = k < this.arrivals.length ? this.arrivals[k] : null;
    if (from.kind === 'moving' && outLatest !== null) {
      best = minOf(best, firstCrossing(z, from.fn, [outLatest + 1], (v) => (v > outLatest ? 1 : 0), t, minOf(best, limit) as number));
    }
    return best;
  }
}

/** A sequence whose window ends at a relative date: the evaluator at each change of its inputs. */
class StepSequence implements Leaf {
  private readonly events: EventRecord[];
  private readonly first: number[];
  private readonly arriving: number[];
  private readonly beforeAbsent: number[] | null;

  constructor(private readonly s: SequenceSpec, private readonly x: Scope) {
    const steps = s.bound.steps;
    const sets = steps.map((st) => new Set(x.matching(st)));
    // Only events some step matches can take part: the evaluator need not see the rest.
    const pool = x.input.eventsNamed ? x.input.eventsNamed(steps.map((st) => st.name)) : x.input.events;
    this.events = pool.filter((e) => sets.some((m) => m.has(e)));
    const ts = (k: number): number[] => this.events.filter((e) => sets[k].has(e)).map((e) => e.ts);
    this.first = ts(0);
    const later = new Set<number>(this.first);
    steps.forEach((st, k) => { if (k > 0 && !st.absent) for (const v of ts(k)) later.add(v); });
    this.arriving = sortNumbers([...later]);
    const last = steps[steps.length - 1];
    this.beforeAbsent = last.absent && steps.length >= 2 && s.bound.gap ? ts(steps.length - 2) : null;
  }

  truth(t: number): boolean {
    const z = this.x.z, w = this.s.window;
    const b: BoundSequence = { ...this.s.bound, range: { from: windowFrom(z, w, t), to: windowTo(z, w, t) }, now: t };
    return evaluate(b, this.x.env(t, this.events));
  }

  next(t: number): number | null {
    const { z, limit } = this.x;
    let best = nextWindowChange(this.x, this.s.window, this.first, t, limit);
    const k = upperBound(this.arriving, t);
    if (k < this.arriving.length) best = minOf(best, this.arriving[k]);
    const gap = this.s.bound.gap;
    if (this.beforeAbsent && gap) {
      // A candidate's gap elapses at ts + gap: the earliest such instant still ahead.
      const pre = this.beforeAbsent;
      const exact = EXACT_MS[gap.unit];
      if (exact !== undefined) {
        const g = gap.n * exact;
        const idx = upperBound(pre, t - g);
        if (idx < pre.length) best = minOf(best, pre[idx] + g);
      } else {
        const [gmin, gmax] = stepReach(gap, 1);
        let until: number | null = null;
        for (let idx = lowerBound(pre, t - gmax); idx < pre.length; idx++) {
          if (until !== null && pre[idx] + gmin > until) break;
          const u = z.add(pre[idx], gap, 1);
          if (u > t && (until === null || u < until)) until = u;
        }
        best = minOf(best, until);
      }
    }
    return best;
  }
}

// ---------------------------------------------------------------------------------------
// Plans: a bound tree once per condition, zone and field registry (nothing in it depends on
// the clock once the leaves re-resolve their dates), and the walk over it for one contact.

type PlanNode = (
  | { readonly kind: 'and' | 'or'; readonly children: readonly PlanNode[] }
  | { readonly kind: 'not'; readonly child: PlanNode }
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'segment'; readonly alias: string }
  | { readonly kind: 'sample'; readonly salt: string; readonly threshold: string }
  | FieldSpec
  | EventSpec
  | SequenceSpec
) & { readonly memo: Memo };

/**
 * What the run numbered `run` found at a node: its verdict and its leaf. Kept on the node
 * (a run is synchronous, and one from another run is simply found again): a run happens
 * for every decided contact, and two maps a run were a tenth of all the live path allocated.
 */
interface Memo { run: number; value: boolean | null; leafRun: number; leaf: Leaf | null }

let runs = 0;

interface Plan { readonly fields: FieldRegistry; readonly tz: string; readonly zone: Zone; readonly root: PlanNode }

function compile(b: Bound, tz: string): PlanNode {
  return { ...compileNode(b, tz), memo: { run: 0, value: null, leafRun: 0, leaf: null } } as PlanNode;
}

function compileNode(b: Bound, tz: string): DistributiveOmit<PlanNode, 'memo'> {
  switch (b.kind) {
    case 'and':
    case 'or':
      return { kind: b.kind, children: b.children.map((c) => compile(c, tz)) };
    case 'not':
      return { kind: 'not', child: compile(b.child, tz) };
    case 'const':
      return { kind: 'const', value: b.value };
    case 'segment':
      return { kind: 'segment', alias: b.alias };
    case 'sample':
      return { kind: 'sample', salt: b.salt, threshold: b.threshold };
    case 'field': {
      const dated = (b.as === 'date' || b.as === 'instant') && (b.transform === 'none' || b.transform === 'local_date');
      const raw = b.source.type === 'field' ? b.source.value : undefined;
      return { kind: 'field', bound: b, operands: dated ? operandsOf(raw) : [] };
    }
    case 'event': {
      const c = b.source.type === 'event' ? b.source : null;
      const temporal = b.measure === 'first_at' || b.measure === 'last_at';
      return { kind: 'event', bound: b, window: windowOf(c?.within, tz), operands: temporal && c ? operandsOf(c.value) : [] };
    }
    case 'sequence':
      return { kind: 'sequence', bound: b, window: windowOf(b.source.type === 'sequence' ? b.source.within : undefined, tz) };
    default:
      return assertNever(b);
  }
}

const plans = new WeakMap<Condition, Plan[]>();

function planFor(condition: Condition, fields: FieldRegistry, tz: string, at: number): Plan | null {
  let list = plans.get(condition);
  const hit = list?.find((p) => p.fields === fields && p.tz === tz);
  if (hit) return hit;
  const r = bindCondition(condition, { fields, now: at, tz, segmentExists: () => true });
  if (!r.ok) return null;
  const plan: Plan = { fields, tz, zone: zoneOf(tz), root: compile(r.value, tz) };
  if (!list) plans.set(condition, (list = []));
  if (list.length >= 4) list.shift();
  list.push(plan);
  return plan;
}

/** A leaf's budget of input changes that leave its truth alone before the walk settles for one. */
const STEPS = 32;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

class Run {
  private readonly scope: Scope;
  private readonly id = ++runs;
  private readonly after: number;
  private readonly limit: number;

  constructor(private readonly input: NextChangeInput, zone: Zone) {
    this.after = input.after;
    this.limit = Math.min(input.horizon ?? FAR, FAR);
    this.scope = new Scope(input, zone, this.limit);
  }

  private leaf(p: (FieldSpec | EventSpec | SequenceSpec) & { readonly memo: Memo }): Leaf {
    const m = p.memo;
    if (m.leafRun === this.id && m.leaf) return m.leaf;
    const l = p.kind === 'field' ? new FieldLeaf(p, this.scope)
      : p.kind === 'event' ? new EventLeaf(p, this.scope)
      : p.window.to.kind !== 'moving' ? new ChainSequence(p, this.scope)
      : new StepSequence(p, this.scope);
    m.leafRun = this.id;
    m.leaf = l;
    return l;
  }

  /** The node's verdict at `after`; null when it hangs on a segment membership not given. */
  value(p: PlanNode): boolean | null {
    if (p.memo.run === this.id) return p.memo.value;
    let v: boolean | null;
    switch (p.kind) {
      case 'and':
      case 'or': {
        const decisive = p.kind === 'and' ? false : true;
        v = !decisive;
        for (const c of p.children) {
          const cv = this.value(c);
          if (cv === decisive) { v = decisive; break; }
          if (cv === null) v = null;
        }
        break;
      }
      case 'not': {
        const c = this.value(p.child);
        v = c === null ? null : !c;
        break;
      }
      case 'const': v = p.value; break;
      case 'segment': v = this.input.isMember ? this.input.isMember(p.alias, this.input.contact.id) : null; break;
      case 'sample': v = sampleBucketHex(p.salt, this.input.contact.id) < p.threshold; break;
      case 'field':
      case 'event':
      case 'sequence': v = this.leaf(p).truth(this.after); break;
      default: return assertNever(p);
    }
    p.memo.run = this.id;
    p.memo.value = v;
    return v;
  }

  /** An instant after which the node's verdict may differ; it is constant on [after, result). */
  next(p: PlanNode): number | null {
    switch (p.kind) {
      case 'and':
      case 'or': {
        // A decisive child (false under `and`, true under `or`) holds the verdict until it
        // changes: the verdict lasts as long as the longest-lived of them.
        const decisive = p.kind === 'and' ? false : true;
        if (this.value(p) === decisive) {
          let last = -Infinity;
          for (const c of p.children) {
            if (this.value(c) !== decisive) continue;
            const n = this.next(c);
            if (n === null) return null; // decided for good
            last = Math.max(last, n);
          }
          return last;
        }
        let first: number | null = null;
        for (const c of p.children) first = minOf(first, this.next(c));
        return first;
      }
      case 'not': return this.next(p.child);
      case 'const':
      case 'segment':
      case 'sample': return null;
      case 'field':
      case 'event':
      case 'sequence': return this.walk(this.leaf(p), this.value(p) as boolean);
      default: return assertNever(p);
    }
  }

  private walk(leaf: Leaf, v0: boolean): number | null {
    let t = this.after;
    for (let step = 0; step < STEPS; step++) {
      const n = leaf.next(t);
      if (n === null || n >= this.limit) return null;
      if (n <= t) throw new Error(`next-change: a leaf did not move forward from ${t}`);
      if (leaf.truth(n) !== v0) return n;
      t = n;
    }
    return t;
  }
}
