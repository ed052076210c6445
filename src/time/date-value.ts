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
// Read character by character: a regular expression's groups and their numbers were a
// tenth of checking an imported event.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, mo: number): number =>
  (mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS[mo - 1]);

/** The number written by `n` digits at `at`, or -1 if one of them is not a digit. */
function digitsAt(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|±HH:MM)` when it names a valid instant; null
 * for any other text (Temporal then decides).
 */
export function fixedInstant(text: string): number | null {
  const n = text.length;
  if (n < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const y = digitsAt(text, 0, 4), mo = digitsAt(text, 5, 2), d = digitsAt(text, 8, 2);
  const h = digitsAt(text, 11, 2), mi = digitsAt(text, 14, 2), s = digitsAt(text, 17, 2);
  if (y < 100 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null; // Date.UTC maps years below 100 to 19xx
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  let i = 19, ms = 0;
  if (text.charCodeAt(i) === 46) {
    const from = ++i;
    for (let digit; i < from + 3 && (digit = digitsAt(text, i, 1)) >= 0; i++) ms = ms * 10 + digit;
    if (i === from) return null;
    ms *= 10 ** (3 - (i - from)); // ".5" is 500 ms
  }
  const at = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const sign = text.charCodeAt(i);
  if (sign === 90) return i + 1 === n ? at : null;
  if ((sign !== 43 && sign !== 45) || i + 6 !== n || text.charCodeAt(i + 3) !== 58) return null;
  const oh = digitsAt(text, i + 1, 2), om = digitsAt(text, i + 4, 2);
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
  return at - (sign === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
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
  const fast = fixedInstant(text);
  if (fast !== null) return fast;
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
