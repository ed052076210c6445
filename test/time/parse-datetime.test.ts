import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { parseIsoDateTime } from '../../src/time/index.js';

// Timestamps with a fixed offset are computed without Temporal on the import path: they
// must agree with Temporal on every date, including the ends of months and invalid days.

function viaTemporal(text: string): number | null {
  // Temporal reads a leap second as the second before it; the store refuses it instead.
  if (/T\d{2}:\d{2}:60/.test(text)) return null;
  try {
    return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    return null;
  }
}

test('fixed-offset datetimes agree with Temporal, valid or not', () => {
  let seed = 7;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const years = [1900, 1999, 2000, 2023, 2024, 2100, 9999, 1];
  for (let i = 0; i < 20_000; i++) {
    const y = years[rnd(years.length)];
    const text = `${pad(y, 4)}-${pad(1 + rnd(13))}-${pad(1 + rnd(32))}T${pad(rnd(25))}:${pad(rnd(61))}:${pad(rnd(61))}` +
      (rnd(3) === 0 ? `.${pad(rnd(1000), 1 + rnd(3))}` : '') +
      (rnd(2) ? 'Z' : `${rnd(2) ? '+' : '-'}${pad(rnd(25))}:${pad(rnd(61))}`);
    assert.equal(parseIsoDateTime(text, 'UTC'), viaTemporal(text), text);
  }
  assert.equal(parseIsoDateTime('2024-02-29T10:00:00+01:00', 'UTC'), Date.parse('2024-02-29T09:00:00Z'));
  assert.equal(parseIsoDateTime('2025-02-29T10:00:00Z', 'UTC'), null);
  assert.equal(parseIsoDateTime('2025-04-31T10:00:00Z', 'UTC'), null);
});

test('RFC 3339 spellings: a space or a lower-case "t" between date and time, a lower-case "z"', () => {
  const at = Date.parse('2026-12-02T16:50:18Z');
  for (const text of ['2026-12-02T16:50:18Z', '2026-12-02t16:50:18z', '2026-12-02 16:50:18Z', '2026-12-02t16:50:18+00:00', '2026-12-02T17:50:18+01:00']) {
    assert.equal(parseIsoDateTime(text, 'Europe/Zurich'), at, text);
  }
  // Without an offset, wall-clock time in the zone (Zurich is at +01:00 in December).
  assert.equal(parseIsoDateTime('2026-12-02t17:50:18', 'Europe/Zurich'), at);
  for (const text of ['2026-12-02x16:50:18Z', 'x2026-12-02t16:50:18z', '2026-12-02T24:00:00Z', '2026-02-30T00:00:00Z']) {
    assert.equal(parseIsoDateTime(text, 'UTC'), null, text);
  }
});

test('a leap second has no instant of its own: refused, with or without an offset, never read as :59', () => {
  for (const text of ['2016-12-31T23:59:60Z', '2016-12-31T23:59:60.500Z', '2017-01-01T00:59:60+01:00', '2016-12-31 23:59:60Z', '2016-12-31t23:59:60z', '2016-12-31T23:59:60']) {
    assert.equal(parseIsoDateTime(text, 'Europe/Zurich'), null, text);
  }
  assert.equal(parseIsoDateTime('2016-12-31T23:59:59.999Z', 'UTC'), Date.parse('2016-12-31T23:59:59.999Z'));
  assert.equal(parseIsoDateTime('2016-12-31T23:60:00Z', 'UTC'), null);
});
