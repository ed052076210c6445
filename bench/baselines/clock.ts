import { Temporal } from 'temporal-polyfill';

// The relative dates of the suite, worked out by hand for the fixed clock, with
// Temporal directly (not the engine's time module): `d`, `mo`, `y` are calendar steps
// in the zone that keep the local wall-clock time; `s`/`m`/`h` are exact.

export interface HandClock {
  readonly now: number;
  /** Local calendar date of `now`. */
  readonly today: string;
  /** `now` minus n calendar days / months, in epoch ms. */
  daysAgo(n: number): number;
  monthsAgo(n: number): number;
  /** Local calendar date n days before today. */
  dateDaysAgo(n: number): string;
  /** Local calendar date n years before today (Feb 29 → Feb 28, Temporal's constrain). */
  dateYearsAgo(n: number): string;
  /** First instant of a local calendar date. */
  startOf(date: string): number;
  /** First instant of this local month, minus n months. */
  startOfMonth(minusMonths: number): number;
  /** Month·100 + day of each of the next n local days, today first. */
  nextMonthDays(n: number): number[];
}

export function handClock(nowMs: number, tz: string): HandClock {
  const now = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(tz);
  const today = now.toPlainDate();
  const startOf = (date: string): number => Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
  return {
    now: nowMs,
    today: today.toString(),
    daysAgo: (n) => now.subtract({ days: n }).epochMilliseconds,
    monthsAgo: (n) => now.subtract({ months: n }).epochMilliseconds,
    dateDaysAgo: (n) => today.subtract({ days: n }).toString(),
    dateYearsAgo: (n) => today.subtract({ years: n }).toString(),
    startOf,
    startOfMonth: (n) => today.with({ day: 1 }).subtract({ months: n }).toZonedDateTime({ timeZone: tz }).epochMilliseconds,
    nextMonthDays: (n) => Array.from({ length: n }, (_, i) => {
      const d = today.add({ days: i });
      return d.month * 100 + d.day;
    }),
  };
}

/** ceil(percent/100 · 2^64) as 16 lower-case hex digits: the bucket bound of `sample` (SEGMENT-LANGUAGE §6). */
export function sampleBound(percent: number): string {
  if (!Number.isInteger(percent) || percent <= 0 || percent >= 100) throw new RangeError(`whole percent in 1..99 expected, got ${percent}`);
  const t = (BigInt(percent) * (1n << 64n) + 99n) / 100n;
  return t.toString(16).padStart(16, '0');
}
