import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { addDuration, localDate, parseDateExpr, resolveDateExpr, startOfDay, type DateExpr, type Duration } from '../../src/time/index.js';
import { civilDay, dayString, shiftDay, yearOf, ymdOf, zoneOf } from '../../src/time/zone.js';
import { referenceAdd, referenceLocalDate, referenceStartOfDay } from './temporal-reference.js';

const ms = (s: string): number => Date.parse(s);
const iso = (t: number): string => new Date(t).toISOString();

describe('the closed-form zone', () => {
  // Every relative date and window resolves through the closed form: it must agree with Temporal to the millisecond.
  const zones = ['Europe/Zurich', 'America/New_York', 'Pacific/Chatham', 'Asia/Kathmandu', 'UTC', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Beirut', 'America/St_Johns', 'Pacific/Apia'];
  const durations: Duration[] = [{ n: 1, unit: 'd' }, { n: 30, unit: 'd' }, { n: 2, unit: 'w' }, { n: 1, unit: 'mo' }, { n: 13, unit: 'mo' }, { n: 1, unit: 'y' }, { n: 48, unit: 'h' }];

  it('local days, start of day and calendar steps agree with Temporal around every transition', () => {
    const hour = 3_600_000;
    for (const tz of zones) {
      const z = zoneOf(tz);
      const instants = [ms('2026-01-31T12:00:00Z'), ms('2028-02-29T23:30:00Z'), ms('2011-12-29T10:00:00Z'), ms('2011-12-31T10:00:00Z')];
      for (const tr of z.transitions(ms('2025-06-01T00:00:00Z'), ms('2027-06-01T00:00:00Z'))) {
        for (const d of [-31 * 24 * hour, -24 * hour, -2 * hour, -hour, -hour / 2, -1, 0, 1, hour / 2, hour, 2 * hour, 24 * hour, 30 * 24 * hour]) instants.push(tr.at + d);
      }
      for (const t of instants) {
        const day = referenceLocalDate(t, tz);
        assert.equal(dayString(z.day(t)), day, `${tz} local date of ${iso(t)}`);
        assert.equal(localDate(t, tz), day, `${tz} local date of ${iso(t)}`);
        assert.equal(z.startOfDay(z.day(t)), referenceStartOfDay(day, tz), `${tz} start of ${day}`);
        assert.equal(startOfDay(day, tz), referenceStartOfDay(day, tz), `${tz} start of ${day}`);
        for (const d of durations) for (const s of [1, -1] as const) {
          const want = referenceAdd(t, d, s, tz);
          assert.equal(z.add(t, d, s), want, `${tz} ${iso(t)} ${s > 0 ? '+' : '-'}${d.n}${d.unit}`);
          assert.equal(addDuration(t, d, s, tz), want, `${tz} ${iso(t)} ${s > 0 ? '+' : '-'}${d.n}${d.unit}`);
        }
      }
    }
  });

  it('today, the start of the week, of the month and of the year resolve as Temporal reckons them, around every transition and new year', () => {
    const hour = 3_600_000;
    for (const tz of zones) {
      const z = zoneOf(tz);
      const instants = [ms('2026-01-01T00:30:00Z'), ms('2025-12-31T23:30:00Z'), ms('2028-02-29T23:30:00Z'), ms('2011-12-29T10:00:00Z'), ms('2011-12-31T10:00:00Z'), ms('2026-06-01T00:00:00Z') - 1];
      for (const tr of z.transitions(ms('2025-06-01T00:00:00Z'), ms('2027-06-01T00:00:00Z'))) {
        for (const d of [-7 * 24 * hour, -24 * hour, -hour, -1, 0, 1, hour, 24 * hour, 6 * 24 * hour]) instants.push(tr.at + d);
      }
      for (const t of instants) {
        const today = Temporal.PlainDate.from(referenceLocalDate(t, tz));
        const want: Record<string, Temporal.PlainDate> = {
          today, start_of_week: today.subtract({ days: today.dayOfWeek - 1 }), start_of_month: today.with({ day: 1 }), start_of_year: today.with({ month: 1, day: 1 }),
        };
        for (const [anchor, day] of Object.entries(want)) {
          const got = resolveDateExpr(parseDateExpr(anchor) as DateExpr, t, tz);
          assert.deepEqual(got, { kind: 'instant', ms: referenceStartOfDay(day.toString(), tz) }, `${tz} ${anchor} at ${iso(t)}`);
        }
      }
    }
  });

  it('a stretch is steady exactly when no offset change falls inside it', () => {
    const hour = 3_600_000;
    for (const tz of zones) {
      const z = zoneOf(tz);
      const trs = z.transitions(ms('2025-06-01T00:00:00Z'), ms('2027-06-01T00:00:00Z'));
      for (const tr of trs) {
        assert.equal(z.steady(tr.at - hour, tr.at), false, `${tz} over ${iso(tr.at)}`);
        assert.equal(z.steady(tr.at - hour, tr.at - 1), true, `${tz} just before ${iso(tr.at)}`);
        assert.equal(z.steady(tr.at, tr.at + hour), true, `${tz} from ${iso(tr.at)}`);
      }
      // Between transitions (or across a year with none), steady; across one, not.
      const a = ms('2025-06-01T00:00:00Z'), b = ms('2027-06-01T00:00:00Z');
      assert.equal(z.steady(a, b), trs.length === 0, `${tz} over two years`);
      for (let k = 0; k + 1 < trs.length; k++) assert.equal(z.steady(trs[k].at, trs[k + 1].at - 1), true, `${tz} between transitions`);
    }
  });

  it('the year of a day is the calendar\'s on either side of every new year, leap or not, BCE to 9999', () => {
    for (const y of [-400, -1, 0, 1, 2, 1600, 1899, 1900, 1970, 2000, 2024, 2025, 2100, 9999]) {
      for (const day of [civilDay(y, 0, 1) - 1, civilDay(y, 0, 1), civilDay(y, 1, 29), civilDay(y, 11, 31), civilDay(y, 11, 31) + 1]) {
        assert.equal(yearOf(day), ymdOf(day).y, `day ${day}`);
      }
    }
    assert.equal(yearOf(0), 1970);
    assert.equal(yearOf(-1), 1969);
  });

  it('dates and month steps are the calendar\'s when days that share a slot of the kept results alternate', () => {
    // The reference: JavaScript's own proleptic Gregorian calendar (setUTCFullYear, so years 0–99 stay themselves).
    const DAY = 86_400_000;
    const epochDay = (y: number, m0: number, d: number): number => {
      const x = new Date(0);
      x.setUTCFullYear(y, m0, d);
      return Math.round(x.getTime() / DAY);
    };
    const refYmd = (day: number) => {
      const x = new Date(day * DAY);
      return { y: x.getUTCFullYear(), m0: x.getUTCMonth(), d: x.getUTCDate() };
    };
    const refShift = (day: number, months: number): number => {
      const { y, m0, d } = refYmd(day);
      const total = m0 + months;
      const ny = y + Math.floor(total / 12), nm = total - 12 * Math.floor(total / 12);
      const dim = refYmd(epochDay(ny, nm + 1, 1) - 1).d;
      return epochDay(ny, nm, Math.min(d, dim));
    };
    // 4096 apart (and multiples): the same slot; read in turn, each must still get its own answer.
    const days: number[] = [];
    for (const base of [epochDay(2026, 0, 31), epochDay(2024, 1, 29), -719_468, 0, -1, 2_932_896]) {
      for (const k of [0, 1, -1, 2, 7, -3]) days.push(base + k * 4096, base + k * 4096 + 1);
    }
    for (let round = 0; round < 3; round++) {
      for (const day of days) {
        assert.deepEqual(ymdOf(day), refYmd(day), `date of day ${day}`);
        assert.equal(yearOf(day), refYmd(day).y, `year of day ${day}`);
        for (const n of [1, -1, 13, -25, 4097, -4097]) {
          assert.equal(shiftDay(day, 'mo', n), refShift(day, n), `day ${day} ${n}mo`);
          assert.equal(shiftDay(day, 'y', n), refShift(day, 12 * n), `day ${day} ${n}y`);
        }
      }
      days.reverse();
    }
  });

  it('far dates keep the answers they had: years 1 and 9999, and durations that leave the four-digit years', () => {
    for (const tz of ['Europe/Zurich', 'UTC', 'America/New_York']) {
      for (const t of [ms('0001-06-01T00:00:00Z'), ms('0002-01-01T12:00:00Z'), ms('9999-12-30T12:00:00Z')]) {
        assert.equal(localDate(t, tz), referenceLocalDate(t, tz), `${tz} ${iso(t)}`);
        for (const d of [{ n: 1, unit: 'd' }, { n: 999_999, unit: 'd' }, { n: 3, unit: 'y' }] as const) {
          for (const s of [1, -1] as const) {
            let want: number | string;
            try { want = referenceAdd(t, d, s, tz); } catch (e) { want = (e as Error).name; }
            let got: number | string;
            try { got = addDuration(t, d, s, tz); } catch (e) { got = (e as Error).name; }
            assert.equal(got, want, `${tz} ${iso(t)} ${s > 0 ? '+' : '-'}${d.n}${d.unit}`);
          }
        }
      }
    }
    assert.equal(startOfDay('0001-01-01', 'Europe/Zurich'), referenceStartOfDay('0001-01-01', 'Europe/Zurich'));
  });
});
