import { datetimeExpected, parseIsoDateTime } from '../time/index.js';
import type { Json } from './json.js';

// When an event happened. An explicit `timestamp` is kept as given (the same instant, whatever
// offset it was written in). Without one, a client's `originalTimestamp` is corrected for the
// client's clock skew against ours when the client also said when it sent the message:
//   ts = receivedAt − (sentAt − originalTimestamp)
// (Segment's and RudderStack's rule). An `originalTimestamp` without any `sentAt` is kept as
// given; with neither time the event happened when it was received. A time without an
// offset is read in UTC, as the tracking API specifies.

export type Timed = { readonly ok: true; readonly ts: number } | { readonly ok: false; readonly reason: string };

export interface TimeInputs {
  readonly timestamp?: Json;
  readonly originalTimestamp?: Json;
  /** The event's own `sentAt`, else the batch's. */
  readonly sentAt?: Json;
  readonly receivedAt: number;
}

const given = (v: Json | undefined): v is Json => v !== undefined && v !== null && v !== '';

function instant(v: Json, key: string): Timed {
  const ms = typeof v === 'string' && v.length <= 64 ? parseIsoDateTime(v, 'UTC') : null;
  return ms === null
    ? { ok: false, reason: `${key}: ${JSON.stringify(typeof v === 'string' ? v.slice(0, 64) : String(v))} is not ${datetimeExpected(v)}` }
    : { ok: true, ts: ms };
}

export function eventTime(t: TimeInputs): Timed {
  if (given(t.timestamp)) return instant(t.timestamp, 'timestamp');
  if (!given(t.originalTimestamp)) return { ok: true, ts: t.receivedAt };
  const original = instant(t.originalTimestamp, 'originalTimestamp');
  if (!original.ok || !given(t.sentAt)) return original;
  const sent = instant(t.sentAt, 'sentAt');
  if (!sent.ok) return sent;
  return { ok: true, ts: t.receivedAt - (sent.ts - original.ts) };
}
