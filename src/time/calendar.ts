import { Temporal } from 'temporal-polyfill';
import { dayOfString, dayString, inZoneRange, zoneOf } from './zone.js';

// Calendar dates are 'YYYY-MM-DD' strings: they sort and compare like the dates they name,
// in JS and in SQL alike.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The local calendar date of an instant in `tz`. */
export function localDate(ms: number, tz: string): string {
  if (inZoneRange(ms)) return dayString(zoneOf(tz).day(ms));
  const parts = formatter(tz).formatToParts(new Date(ms));
  let y = '', m = '', d = '';
  for (const p of parts) {
    if (p.type === 'year') y = p.value;
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
  }
  return `${y.padStart(4, '0')}-${m}-${d}`;
}

/** The instant a local calendar day starts in `tz` (midnight, or the first instant after a DST gap). */
export function startOfDay(date: string, tz: string): number {
  if (ISO_DAY.test(date) && date >= '0002') return zoneOf(tz).startOfDay(dayOfString(date));
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

interface Ymd { y: number; m: number; d: number }

function ymd(date: string): Ymd {
  return { y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)), d: Number(date.slice(8, 10)) };
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function epochDay({ y, m, d }: Ymd): number {
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Month*100+day of a date's anniversary in year `y`: Feb 29 falls on Feb 28 in common years. */
export function anniversaryMonthDay(m: number, d: number, y: number): number {
  return m === 2 && d === 29 && !isLeapYear(y) ? 228 : m * 100 + d;
}

/** Full years from `date` to `today`; goes up on the anniversary. */
export function ageYears(date: string, today: string): number {
  const b = ymd(date), t = ymd(today);
  const before = t.m * 100 + t.d < anniversaryMonthDay(b.m, b.d, t.y) ? 1 : 0;
  return t.y - b.y - before;
}

/** Days from `date` to `today` (negative for future dates). */
export function daysSince(date: string, today: string): number {
  return epochDay(ymd(today)) - epochDay(ymd(date));
}

/** Days from `today` to the next recurrence of the month and day of `date`; 0 on the day. */
export function daysUntilAnniversary(date: string, today: string): number {
  const b = ymd(date), t = ymd(today);
  const at = (y: number): number => {
    const md = anniversaryMonthDay(b.m, b.d, y);
    return epochDay({ y, m: Math.floor(md / 100), d: md % 100 });
  };
  const now = epochDay(t);
  const thisYear = at(t.y);
  return thisYear >= now ? thisYear - now : at(t.y + 1) - now;
}
