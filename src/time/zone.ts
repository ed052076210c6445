import { Temporal } from 'temporal-polyfill';
import type { Duration, DurationUnit } from './duration.js';

// The workspace zone in closed form: offsets from a per-year table of transitions, local
// days, start of day and the calendar steps of SEGMENT-LANGUAGE §3, without a Temporal
// object per call. Temporal is read once a year of a zone, for its transitions; the tests
// hold every result equal to Temporal's own arithmetic through DST days, month-end clamps
// and skipped days.

export const DAY = 86_400_000;
/** More than any UTC offset: instants this far from a wall time bracket it. */
export const SLACK = DAY + 4 * 3_600_000;
/** The end of year 9999, past which dates are no longer four-digit ISO text. */
export const FAR = 253_402_300_800_000;
/** Years 2–9999: where the closed form is used (beyond, Temporal and Intl answer as before). */
const MIN_MS = -62_104_060_800_000;
export const inZoneRange = (ms: number): boolean => ms >= MIN_MS && ms < FAR;
export const EXACT_MS: Partial<Record<DurationUnit, number>> = { s: 1_000, m: 60_000, h: 3_600_000 };

export interface Transition { readonly at: number; readonly before: number; readonly after: number }
interface ZoneYear { readonly start: number; readonly end: number; readonly at: readonly number[]; readonly off: readonly number[] }

/** Epoch day (days since 1970-01-01) of a proleptic Gregorian date; `m0` is 0-based and may run past 11. */
export function civilDay(y: number, m0: number, d: number): number {
  // Howard Hinnant's days_from_civil, in integers: no Date objects in the hot paths.
  y += Math.floor(m0 / 12);
  const m = m0 - 12 * Math.floor(m0 / 12) + 1;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The year whose 1 March is the last on or before an epoch day (the civil algorithms' era year). */
function marchYear(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  return Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365) + era * 400;
}

/** The year of an epoch day (ymdOf's, without building its record: read on every offset). */
export function yearOf(day: number): number {
  civil(day);
  return civilY;
}

/**
 * The date `civil` read last. The walks to a contact's next boundary step through many days
 * for every decided contact: a record a day was a tenth of all the live path allocated.
 */
let civilY = 0;
let civilM0 = 0;
let civilD = 0;

// Walks to contacts' next boundaries read the same few hundred days again and again (a
// window's start at each step, the months around each event): the dates of the last days
// read are kept in a direct-mapped table. A pure function, so a hit is exact.
const CIVIL_MEMO = 4096;
const NO_DAY = -2_147_483_648;
/** Whether a day or count fits the tables' 32-bit slots (years 2–9999 are ±3.7 million days). */
const fitsSlot = (n: number): boolean => Number.isInteger(n) && Math.abs(n) < 1_000_000_000;
const civilDayAt = new Int32Array(CIVIL_MEMO).fill(NO_DAY);
const civilYAt = new Int32Array(CIVIL_MEMO);
const civilMDAt = new Int32Array(CIVIL_MEMO);

function civil(day: number): void {
  const slot = day & (CIVIL_MEMO - 1);
  if (civilDayAt[slot] === day) {
    civilY = civilYAt[slot];
    civilM0 = civilMDAt[slot] >> 5;
    civilD = civilMDAt[slot] & 31;
    return;
  }
  civilFrom(day);
  if (fitsSlot(day)) {
    civilDayAt[slot] = day;
    civilYAt[slot] = civilY;
    civilMDAt[slot] = (civilM0 << 5) | civilD;
  }
}

function civilFrom(day: number): void {
  const my = marchYear(day);
  const doy = day - civilDay(my, 2, 1);
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  civilY = my + (m <= 2 ? 1 : 0);
  civilM0 = m - 1;
  civilD = doy - Math.floor((153 * mp + 2) / 5) + 1;
}

export function ymdOf(day: number): { y: number; m0: number; d: number } {
  civil(day);
  return { y: civilY, m0: civilM0, d: civilD };
}

/** The first day of the month an epoch day is in. */
export function monthStartDay(day: number): number {
  civil(day);
  return day - civilD + 1;
}

/** The first day of the month after the one an epoch day is in. */
export function nextMonthStartDay(day: number): number {
  civil(day);
  return civilDay(civilY, civilM0 + 1, 1);
}

export function dayString(day: number): string {
  const { y, m0, d } = ymdOf(day);
  return `${String(y).padStart(4, '0')}-${String(m0 + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function dayOfString(date: string): number {
  return civilDay(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

const DIM = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** A calendar date moved by `n` units, months and years clamped to the month's end. */
export function shiftDay(day: number, unit: DurationUnit, n: number): number {
  switch (unit) {
    case 'd': return day + n;
    case 'w': return day + 7 * n;
    case 'mo': return shiftMonths(day, n);
    case 'y': return shiftMonths(day, 12 * n);
    default: return day; // exact units never reach here
  }
}

// The walks to contacts' next boundaries move the same few hundred days by the same month
// counts for every contact decided (a `-1mo` window passing each event's day and those
// around it): the last results are kept in a direct-mapped table (a pure function, so a
// hit is exact).
const MEMO_SIZE = 4096;
const memoDay = new Int32Array(MEMO_SIZE).fill(NO_DAY);
const memoMonths = new Int32Array(MEMO_SIZE);
const memoOut = new Int32Array(MEMO_SIZE);

function shiftMonths(day: number, months: number): number {
  const slot = fitsSlot(day) && fitsSlot(months) ? (Math.imul(day, 31) + months) & (MEMO_SIZE - 1) : -1;
  if (slot >= 0 && memoDay[slot] === day && memoMonths[slot] === months) return memoOut[slot];
  civil(day);
  const total = civilM0 + months;
  const ny = civilY + Math.floor(total / 12);
  const nm = total - 12 * Math.floor(total / 12);
  const dim = nm === 1 && leap(ny) ? 29 : DIM[nm];
  const out = civilDay(ny, nm, Math.min(civilD, dim));
  if (slot >= 0 && fitsSlot(out)) {
    memoDay[slot] = day;
    memoMonths[slot] = months;
    memoOut[slot] = out;
  }
  return out;
}

export class Zone {
  private readonly years = new Map<number, ZoneYear>();
  private readonly utc: boolean;
  private last: ZoneYear | null = null;
  private previous: ZoneYear | null = null;

  constructor(readonly tz: string) {
    this.utc = tz === 'UTC' || tz === 'Etc/UTC';
  }

  private year(y: number): ZoneYear {
    let r = this.years.get(y);
    if (r) return r;
    const start = civilDay(y, 0, 1) * DAY;
    const end = civilDay(y + 1, 0, 1) * DAY;
    let z = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(this.tz);
    const at = [start];
    const off = [z.offsetNanoseconds / 1e6];
    for (;;) {
      const n = z.getTimeZoneTransition('next');
      if (!n || n.epochMilliseconds >= end) break;
      at.push(n.epochMilliseconds);
      off.push(n.offsetNanoseconds / 1e6);
      z = n;
    }
    r = { start, end, at, off };
    this.years.set(y, r);
    return r;
  }

  /** Wall clock minus UTC at instant t, in ms. */
  offset(t: number): number {
    if (this.utc) return 0;
    let y = this.last;
    if (!y || t < y.start || t >= y.end) {
      // A walk reads two years in turn (now and the events' year): the one before is kept too.
      const p = this.previous;
      this.previous = y;
      y = this.last = p && t >= p.start && t < p.end ? p : this.year(yearOf(Math.floor(t / DAY)));
    }
    let lo = 0;
    let hi = y.at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (y.at[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return y.off[lo];
  }

  /** Offset changes at instants in (a, b], in order. */
  transitions(a: number, b: number): Transition[] {
    if (this.utc || b <= a) return [];
    const out: Transition[] = [];
    const last = yearOf(Math.floor(b / DAY));
    for (let y = yearOf(Math.floor(a / DAY)); y <= last; y++) {
      const yr = this.year(y);
      for (let k = 0; k < yr.at.length; k++) {
        const at = yr.at[k];
        if (at <= a || at > b) continue;
        const before = k > 0 ? yr.off[k - 1] : this.offset(at - 1);
        if (before !== yr.off[k]) out.push({ at, before, after: yr.off[k] });
      }
    }
    return out;
  }

  /**
   * Whether the offset is the same at every instant of [a, b]. Asked for the stretches a
   * walk to a contact's next boundary looks at: most hold no transition, and there wall
   * times are instants shifted by one constant.
   */
  steady(a: number, b: number): boolean {
    if (this.utc || b <= a) return true;
    const o = this.offset(a);
    const last = yearOf(Math.floor(b / DAY));
    for (let y = yearOf(Math.floor(a / DAY)); y <= last; y++) {
      const yr = this.year(y);
      for (let k = 0; k < yr.at.length; k++) if (yr.at[k] > a && yr.at[k] <= b && yr.off[k] !== o) return false;
    }
    return true;
  }

  /** The local calendar day of an instant, as an epoch day. */
  day(t: number): number {
    return Math.floor((t + this.offset(t)) / DAY);
  }

  /**
   * The earliest instant whose wall clock reads `w`, or NaN when none does (a gap). Of the
   * two offsets around it, only a fall-back (the offset before larger) makes both instants
   * read `w`, and then the one under the earlier offset comes first. No array: this runs
   * for every event a window edge passes.
   */
  private earliest(w: number): number {
    const ob = this.offset(w - DAY);
    if (this.offset(w - ob) === ob) return w - ob;
    const oa = this.offset(w + DAY);
    return oa !== ob && this.offset(w - oa) === oa ? w - oa : NaN;
  }

  /** A wall time to an instant by Temporal's `compatible` rule: the earlier of two, forward over a gap. */
  resolve(w: number): number {
    const p = this.earliest(w);
    return Number.isNaN(p) ? w - this.offset(w - DAY) : p;
  }

  /** The first instant of a local day (midnight, or the end of a gap that swallows it). */
  startOfDay(day: number): number {
    const w = day * DAY;
    const p = this.earliest(w);
    if (!Number.isNaN(p)) return p;
    for (const tr of this.transitions(w - SLACK, w + SLACK)) if (tr.at + tr.before <= w && w < tr.at + tr.after) return tr.at;
    return w - this.offset(w - DAY);
  }

  /** `t ± n units` under the language's duration rule (the same as src/time's addDuration). */
  add(t: number, d: Duration, sign: 1 | -1): number {
    const exact = EXACT_MS[d.unit];
    if (exact !== undefined) return t + sign * d.n * exact;
    const w = t + this.offset(t);
    const day = Math.floor(w / DAY);
    return this.resolve(shiftDay(day, d.unit, sign * d.n) * DAY + (w - day * DAY));
  }
}

const zones = new Map<string, Zone>();
export function zoneOf(tz: string): Zone {
  let z = zones.get(tz);
  if (!z) zones.set(tz, (z = new Zone(tz)));
  return z;
}
