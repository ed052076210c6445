import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { parseIsoDateTime } from '../../src/time/index.js';

// Timestamps with a fixed offset are computed without Temporal on the import path: they
// must agree with Temporal on every date, including the ends of months and invalid days.

function viaTemporal(text: string): number | null {
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
