import { Temporal } from 'temporal-polyfill';
import { EXACT_MS, inZoneRange, zoneOf } from './zone.js';

// Durations of SEGMENT-LANGUAGE §3: `s m h` are exact; `d w mo y` are calendar steps in
// the workspace timezone that keep the local wall-clock time. Temporal's ZonedDateTime
// arithmetic is exactly that rule (month-end clamp, DST gaps forward, earlier of two);
// the zone's closed form gives the same instants without a Temporal object per call
// (deciding a contact at each of its instants binds relative dates thousands of times).

export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'mo' | 'y';
export interface Duration { readonly n: number; readonly unit: DurationUnit }

const DURATION = /^(\d{1,6})(s|m|h|d|w|mo|y)$/;

export function parseDuration(text: string): Duration | null {
  const m = DURATION.exec(text.trim());
  return m ? { n: Number(m[1]), unit: m[2] as DurationUnit } : null;
}

/** `ms ± d` under the language's duration rule. */
export function addDuration(ms: number, d: Duration, sign: 1 | -1, tz: string): number {
  const exact = EXACT_MS[d.unit];
  if (exact !== undefined) return ms + sign * d.n * exact;
  if (inZoneRange(ms)) {
    const fast = zoneOf(tz).add(ms, d, sign);
    if (inZoneRange(fast)) return fast;
  }
  const n = sign * d.n;
  const zdt = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
  const step =
    d.unit === 'd' ? { days: n } : d.unit === 'w' ? { weeks: n } : d.unit === 'mo' ? { months: n } : { years: n };
  return zdt.add(step).epochMilliseconds;
}
