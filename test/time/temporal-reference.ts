import { Temporal } from 'temporal-polyfill';
import type { Duration } from '../../src/time/index.js';

// The rules of SEGMENT-LANGUAGE §3 as Temporal and Intl state them, one object per call:
// the oracle the closed-form zone (src/time/zone.ts) is held to.

export function referenceAdd(ms: number, d: Duration, sign: 1 | -1, tz: string): number {
  const n = sign * d.n;
  const zdt = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
  const step = d.unit === 's' ? { seconds: n } : d.unit === 'm' ? { minutes: n } : d.unit === 'h' ? { hours: n }
    : d.unit === 'd' ? { days: n } : d.unit === 'w' ? { weeks: n } : d.unit === 'mo' ? { months: n } : { years: n };
  return zdt.add(step).epochMilliseconds;
}

export function referenceLocalDate(ms: number, tz: string): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toPlainDate().toString();
}

export function referenceStartOfDay(date: string, tz: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
}
