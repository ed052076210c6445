import { Temporal } from 'temporal-polyfill';
import { addDuration, type Duration, type DurationUnit } from './duration.js';
import { localDate, startOfDay } from './calendar.js';
import { civilDay, dayString, inZoneRange, monthStartDay, yearOf, zoneOf } from './zone.js';

// Date operands (SEGMENT-LANGUAGE §3): ISO-8601 dates and datetimes, or a relative
// expression `now|today|start_of_week|start_of_month|start_of_year` with an optional
// offset, or a bare offset meaning `now±offset`.

export type Anchor = 'now' | 'today' | 'start_of_week' | 'start_of_month' | 'start_of_year';

export type DateExpr =
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'datetime'; readonly text: string }
  | { readonly kind: 'relative'; readonly anchor: Anchor; readonly sign: 1 | -1; readonly offset: Duration | null };

/** What a date operand means at a clock: an instant, or (for date-only text) a calendar date. */
export type ResolvedDate = { readonly kind: 'instant'; readonly ms: number } | { readonly kind: 'date'; readonly date: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?)?$/;
const RELATIVE = /^(now|today|start_of_week|start_of_month|start_of_year)?(?:([+-])(\d{1,6})(s|m|h|d|w|mo|y))?$/;

export function isValidIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

export function parseDateExpr(text: string): DateExpr | null {
  const t = text.trim();
  if (ISO_DATE.test(t)) return isValidIsoDate(t) ? { kind: 'date', date: t } : null;
  if (ISO_DATETIME.test(t)) return parseIsoDateTime(t, 'UTC') === null ? null : { kind: 'datetime', text: t };
  const m = RELATIVE.exec(t);
  if (!m || (!m[1] && !m[2])) return null;
  const offset = m[2] ? { n: Number(m[3]), unit: m[4] as DurationUnit } : null;
  return { kind: 'relative', anchor: (m[1] ?? 'now') as Anchor, sign: m[2] === '-' ? -1 : 1, offset };
}

// `2026-10-25T09:00:00Z`, `…T09:00:00.123+02:00`: the instant is fixed by the text and
// computed directly (the bulk of imported timestamps); everything else goes through Temporal.
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, mo: number): number =>
  (mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS[mo - 1]);

function fixedInstant(m: RegExpExecArray): number | null {
  const [y, mo, d, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
  if (y < 100 || h > 23 || mi > 59 || s > 59) return null; // Date.UTC maps years below 100 to 19xx
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const at = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (m[8]) return at;
  const oh = Number(m[10]), om = Number(m[11]);
  if (oh > 23 || om > 59) return null;
  return at - (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}

// A leap second (`23:59:60`) is valid ISO-8601 text, but no epoch millisecond is it:
// Temporal would read it as :59, the second before, and that is another value. Refused.
const LEAP_SECOND = /[Tt ]\d{2}:\d{2}:60(?!\d)/;

/** Whether a datetime's text names a leap second. */
const isLeapSecond = (text: string): boolean => LEAP_SECOND.test(text);

/** What a datetime's text should have been, for an error: a leap second is told apart. */
export const datetimeExpected = (text: unknown): string =>
  (typeof text === 'string' && isLeapSecond(text) ? 'a datetime with an instant of its own (a leap second, :60, has none)' : 'an ISO-8601 datetime');

/** Epoch ms of an ISO datetime; text without an offset is wall-clock time in `tz`. A leap second has none (null). */
export function parseIsoDateTime(text: string, tz: string): number | null {
  const fast = ISO_WITH_OFFSET.exec(text);
  if (fast) {
    const ms = fixedInstant(fast);
    if (ms !== null) return ms;
  }
  // The fast path refuses second 60 itself; only Temporal would take it (as :59).
  if (isLeapSecond(text)) return null;
  // RFC 3339 allows a space or a lower-case "t" between date and time (and a lower-case "z").
  const t = text.trim().replace(/(\d)[ t](\d)/, '$1T$2');
  try {
    if (/(Z|z|[+-]\d{2}(:?\d{2})?)$/.test(t) && /T/.test(t)) {
      return Temporal.Instant.from(t.replace(/z$/, 'Z')).epochMilliseconds;
    }
    return Temporal.PlainDateTime.from(t).toZonedDateTime(tz).epochMilliseconds;
  } catch {
    return null;
  }
}

/** 0 on Monday … 6 on Sunday, of a day counted from 1970-01-01 (a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** The day an anchor names on local day `day` (days counted from 1970-01-01). */
export function anchorDay(anchor: Exclude<Anchor, 'now'>, day: number): number {
  switch (anchor) {
    case 'today': return day;
    case 'start_of_week': return day - weekdayOf(day);
    case 'start_of_month': return monthStartDay(day);
    case 'start_of_year': return civilDay(yearOf(day), 0, 1);
  }
}

function anchorInstant(anchor: Anchor, now: number, tz: string): number {
  if (anchor === 'now') return now;
  // Through the closed-form zone where it reaches (each segment is bound again at every
  // write group's clock: Temporal's dates were most of binding); Temporal beyond.
  if (inZoneRange(now)) return startOfDay(dayString(anchorDay(anchor, zoneOf(tz).day(now))), tz);
  const today = Temporal.PlainDate.from(localDate(now, tz));
  const day =
    anchor === 'today' ? today
    : anchor === 'start_of_week' ? today.subtract({ days: today.dayOfWeek - 1 })
    : anchor === 'start_of_month' ? today.with({ day: 1 })
    : today.with({ month: 1, day: 1 });
  return startOfDay(day.toString(), tz);
}

export function resolveDateExpr(e: DateExpr, now: number, tz: string): ResolvedDate {
  switch (e.kind) {
    case 'date':
      return { kind: 'date', date: e.date };
    case 'datetime':
      return { kind: 'instant', ms: parseIsoDateTime(e.text, tz) as number };
    case 'relative': {
      const base = anchorInstant(e.anchor, now, tz);
      return { kind: 'instant', ms: e.offset ? addDuration(base, e.offset, e.sign, tz) : base };
    }
  }
}
