import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { parseIsoDateTime } from '../../src/time/index.js';
import { fixedInstant } from '../../src/time/date-value.js';

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

test('the character-by-character fast path takes exactly what the pattern it replaced took', () => {
  // The earlier fast path, kept here as the reference.
  const pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
  const days = (y: number, mo: number): number => new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const reference = (text: string): number | null => {
    const m = pattern.exec(text);
    if (!m) return null;
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
    if (y < 100 || h > 23 || mi > 59 || s > 59 || mo < 1 || mo > 12 || d < 1 || d > days(y, mo)) return null;
    const at = Date.UTC(y, mo - 1, d, h, mi, s, m[7] ? Number(m[7].padEnd(3, '0')) : 0);
    if (m[8]) return at;
    const oh = Number(m[10]), om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    return at - (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  };
  const bases = ['2026-10-25T09:00:00Z', '2024-02-29T23:59:59.9+14:00', '1999-12-31T00:00:00.12-00:30', '0100-01-01T00:00:00.123Z', '2026-03-29T02:30:00+01:00'];
  const noise = '0123456789:-T.Z+ zt\u0660';
  let seed = 11;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  for (let i = 0; i < 50_000; i++) {
    let text = bases[rnd(bases.length)];
    // One to three edits: a character replaced, inserted or removed.
    for (let k = 0, edits = 1 + rnd(3); k < edits; k++) {
      const at = rnd(text.length + 1);
      const c = noise[rnd(noise.length)];
      const op = rnd(3);
      text = op === 0 ? text.slice(0, at) + c + text.slice(at + 1) : op === 1 ? text.slice(0, at) + c + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    }
    assert.equal(fixedInstant(text), reference(text), text);
  }
  for (const b of bases) assert.equal(fixedInstant(b), reference(b), b);
});
