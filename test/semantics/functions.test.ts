import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fixture, type Fixture, type FixtureContact } from '../workspace-fixture.js';
import { expectMembers, field, issuesOf } from './helpers.js';

// SEGMENT-LANGUAGE §3 functions: age_years, days_since, days_until_anniversary, on
// calendar dates in the workspace zone; Feb 29 has its anniversary on Feb 28 in common years.

const fields = [
  { key: 'birth_date', label: 'Birth date', type: 'date' as const },
  { key: 'leap_day', label: 'Leap', type: 'date' as const },
  { key: 'ref_day', label: 'Reference day', type: 'date' as const },
  { key: 'anniv', label: 'Anniversary', type: 'date' as const },
  { key: 'seen_at', label: 'Seen', type: 'datetime' as const },
  { key: 'nickname', label: 'Nickname', type: 'text' as const },
];

const contacts: FixtureContact[] = [
  { id: 'b1', birth_date: '1986-10-25' }, // 40 today
  { id: 'b2', birth_date: '1986-10-26' }, // 39, 40 tomorrow
  { id: 'b3', birth_date: '1976-10-25' }, // 50 today
  { id: 'b4', birth_date: '1976-10-26' }, // 49
  { id: 'b5', birth_date: '1975-10-25' }, // 51
  { id: 'f1', leap_day: '2000-02-29' },
  { id: 'f2', leap_day: '2000-02-28' },
  { id: 'f3', leap_day: '2000-03-01' },
  { id: 'd1', ref_day: '2026-10-20' },
  { id: 'd2', ref_day: '2026-10-30' },
  { id: 'd3', ref_day: '2026-10-25' },
  { id: 'n1', anniv: '1990-10-25' },
  { id: 'n2', anniv: '1990-10-24' },
  { id: 'n3', anniv: '1990-10-26' },
  { id: 'n4', anniv: '1990-12-31' },
  { id: 'n5', anniv: '1990-01-01' },
  { id: 't1', seen_at: '2026-10-24T22:30:00Z' }, // 2026-10-25 00:30 in Zurich
  { id: 't2', seen_at: '2016-10-25T22:30:00Z' }, // 2016-10-26 00:30 in Zurich
  { id: 'x1', nickname: 'none' },
];

const N = '2026-10-25T09:00:00Z';
const age = (f: string, op: string, value: unknown) => field(f, op, value, { fn: 'age_years' });
const since = (f: string, op: string, value: unknown) => field(f, op, value, { fn: 'days_since' });
const until = (f: string, op: string, value: unknown) => field(f, op, value, { fn: 'days_until_anniversary' });

let utc: Fixture;
let zurich: Fixture;
before(async () => {
  utc = await fixture({ tz: 'UTC', fields, contacts });
  zurich = await fixture({ tz: 'Europe/Zurich', fields, contacts });
});
after(async () => {
  await utc.close();
  await zurich.close();
});

describe('§3 age_years', () => {
  test('"customers between 40 and 50": full years, going up on the anniversary', async () => {
    const ws = await utc.at(N);
    await expectMembers(ws, age('birth_date', 'between', [40, 50]), ['b1', 'b3', 'b4']);
    await expectMembers(ws, age('birth_date', 'eq', 39), ['b2']);
    await expectMembers(ws, age('birth_date', 'gt', 50), ['b5']);
    await expectMembers(ws, age('birth_date', 'gte', 50), ['b3', 'b5']);
    // The next day b2 turns 40.
    await expectMembers(await utc.at('2026-10-26T00:00:00Z'), age('birth_date', 'eq', 40), ['b1', 'b2']);
  });

  test('the DSL example age(birth_date) between 40 and 50 means the same', async () => {
    const ws = await utc.at(N);
    const c = ws.parseConditionText('age(birth_date) between 40 and 50');
    assert.deepEqual(c, { type: 'field', field: 'birth_date', fn: 'age_years', op: 'between', value: [40, 50] });
    await expectMembers(ws, c, ['b1', 'b3', 'b4']);
  });

  test('missing dates: positive comparisons false, negative twins true', async () => {
    const ws = await utc.at(N);
    const noBirthDate = ['d1', 'd2', 'd3', 'f1', 'f2', 'f3', 'n1', 'n2', 'n3', 'n4', 'n5', 't1', 't2', 'x1'];
    await expectMembers(ws, age('birth_date', 'not_between', [40, 50]), ['b2', 'b5', ...noBirthDate]);
    await expectMembers(ws, age('birth_date', 'neq', 40), ['b2', 'b3', 'b4', 'b5', ...noBirthDate]);
    await expectMembers(ws, age('birth_date', 'gte', 0), ['b1', 'b2', 'b3', 'b4', 'b5']);
  });

  test('today is the local date in the workspace zone', async () => {
    // 2026-10-25T23:30Z (after the change, UTC+1) is already 2026-10-26 in Zurich: b2 is 40 there, 39 in UTC.
    await expectMembers(await zurich.at('2026-10-25T23:30:00Z'), age('birth_date', 'eq', 40), ['b1', 'b2']);
    await expectMembers(await utc.at('2026-10-25T23:30:00Z'), age('birth_date', 'eq', 40), ['b1']);
  });

  test('a datetime is first turned into its local date', async () => {
    // t2 is 2016-10-26 in Zurich (not 10 before Oct 26), 2016-10-25 in UTC (10 on Oct 25).
    await expectMembers(await zurich.at(N), age('seen_at', 'eq', 10), []);
    await expectMembers(await zurich.at(N), age('seen_at', 'eq', 9), ['t2']);
    await expectMembers(await utc.at(N), age('seen_at', 'eq', 10), ['t2']);
  });
});

describe('§3 days_since', () => {
  test('days from the date to today; negative for future dates', async () => {
    const ws = await utc.at(N);
    await expectMembers(ws, since('ref_day', 'eq', 5), ['d1']);
    await expectMembers(ws, since('ref_day', 'eq', -5), ['d2']);
    await expectMembers(ws, since('ref_day', 'eq', 0), ['d3']);
    await expectMembers(ws, since('ref_day', 'gt', 0), ['d1']);
    await expectMembers(ws, since('ref_day', 'lt', 0), ['d2']);
    await expectMembers(ws, since('ref_day', 'between', [-5, 5]), ['d1', 'd2', 'd3']);
    // The time of day does not matter: late on the same day it is still 5.
    await expectMembers(await utc.at('2026-10-25T23:59:59Z'), since('ref_day', 'eq', 5), ['d1']);
  });

  test('on a datetime, the local date in the workspace zone', async () => {
    // t1 is 2026-10-25 in Zurich (0 days), 2026-10-24 in UTC (1 day).
    await expectMembers(await zurich.at(N), since('seen_at', 'eq', 0), ['t1']);
    await expectMembers(await utc.at(N), since('seen_at', 'eq', 1), ['t1']);
  });

  test('the DSL form days_since(f)', async () => {
    const ws = await utc.at(N);
    await expectMembers(ws, ws.parseConditionText('days_since(ref_day) >= 0'), ['d1', 'd3']);
  });
});

describe('§3 days_until_anniversary', () => {
  test('days from today to the next recurrence of the month and day, 0 on the day', async () => {
    const ws = await utc.at(N);
    await expectMembers(ws, until('anniv', 'eq', 0), ['n1']);
    await expectMembers(ws, until('anniv', 'eq', 1), ['n3']);
    await expectMembers(ws, until('anniv', 'eq', 364), ['n2']);
    await expectMembers(ws, until('anniv', 'eq', 67), ['n4']);
    await expectMembers(ws, until('anniv', 'eq', 68), ['n5']);
    await expectMembers(ws, until('anniv', 'lte', 7), ['n1', 'n3']);
    await expectMembers(ws, until('anniv', 'between', [60, 70]), ['n4', 'n5']);
  });

  test('the DSL form days_until_anniversary(f)', async () => {
    const ws = await utc.at(N);
    await expectMembers(ws, ws.parseConditionText('days_until_anniversary(anniv) < 2'), ['n1', 'n3']);
  });
});

describe('§3 Feb 29', () => {
  test('in a common year the anniversary of Feb 29 is Feb 28', async () => {
    const feb27 = await utc.at('2027-02-27T12:00:00Z');
    await expectMembers(feb27, age('leap_day', 'eq', 27), []);
    await expectMembers(feb27, until('leap_day', 'eq', 1), ['f1', 'f2']);
    await expectMembers(feb27, until('leap_day', 'eq', 2), ['f3']);

    const feb28 = await utc.at('2027-02-28T12:00:00Z');
    await expectMembers(feb28, age('leap_day', 'eq', 27), ['f1', 'f2']);
    await expectMembers(feb28, until('leap_day', 'eq', 0), ['f1', 'f2']);

    const mar1 = await utc.at('2027-03-01T12:00:00Z');
    await expectMembers(mar1, age('leap_day', 'eq', 27), ['f1', 'f2', 'f3']);
    await expectMembers(mar1, until('leap_day', 'eq', 0), ['f3']);
    await expectMembers(mar1, until('leap_day', 'eq', 364), ['f2']); // 2028-02-28
    await expectMembers(mar1, until('leap_day', 'eq', 365), ['f1']); // 2028-02-29
  });

  test('in a leap year the anniversary of Feb 29 is Feb 29', async () => {
    const feb28 = await utc.at('2028-02-28T12:00:00Z');
    await expectMembers(feb28, age('leap_day', 'eq', 27), ['f1', 'f3']);
    await expectMembers(feb28, age('leap_day', 'eq', 28), ['f2']);
    await expectMembers(feb28, until('leap_day', 'eq', 0), ['f2']);
    await expectMembers(feb28, until('leap_day', 'eq', 1), ['f1']);

    const feb29 = await utc.at('2028-02-29T12:00:00Z');
    await expectMembers(feb29, age('leap_day', 'eq', 28), ['f1', 'f2']);
    await expectMembers(feb29, until('leap_day', 'eq', 0), ['f1']);
    await expectMembers(feb29, until('leap_day', 'eq', 1), ['f3']);
    await expectMembers(feb29, until('leap_day', 'eq', 365), ['f2']); // 2029-02-28
  });

  test('the year before a leap year: from Mar 1 2026, next Feb 29 anniversary is Feb 28 2027', async () => {
    await expectMembers(await utc.at('2026-03-01T00:00:00Z'), until('leap_day', 'eq', 364), ['f1', 'f2']);
  });
});

describe('§3 functions: types', () => {
  test('a function needs a date or datetime field and a number to compare with', async () => {
    const ws = await utc.at(N);
    const bad = await issuesOf(ws.query(age('nickname', 'gt', 3)));
    assert.deepEqual(bad.map((i) => i.code), ['type_mismatch']);
    assert.equal(bad[0].path, 'fn');
    const notNumber = await issuesOf(ws.query(age('birth_date', 'gt', 'old')));
    assert.deepEqual(notNumber.map((i) => i.code), ['type_mismatch']);
  });
});
