import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fixture, type Fixture, type FixtureContact, type FixtureEvent } from '../workspace-fixture.js';
import { expectMembers, field, issuesOf } from './helpers.js';

// SEGMENT-LANGUAGE §3 dates: ISO values, relative expressions, calendar steps in the
// workspace zone (Europe/Zurich, with its 2026-03-29 and 2026-10-25 DST days) against UTC.
// Each test reads its own field, so contacts without that field never match.

const probes = ['today_at', 'dst_at', 'gap_at', 'spring_at', 'amb_at', 'cal_at', 'clamp_at', 'leap_at', 'exact_at', 'plus_at', 'bare_at', 'order_at'];
const fields = [
  ...probes.map((key) => ({ key, label: key, type: 'datetime' as const })),
  { key: 'renew_on', label: 'Renewal', type: 'date' as const },
];

const contacts: FixtureContact[] = [
  // today
  { id: 'k1', today_at: '2026-10-24T21:59:59Z' }, { id: 'k2', today_at: '2026-10-24T22:00:00Z' },
  { id: 'k3', today_at: '2026-10-24T23:59:59Z' }, { id: 'k4', today_at: '2026-10-25T00:00:00Z' },
  // -1d across the autumn change (the local day 2026-10-25 lasts 25 h)
  { id: 'd1', dst_at: '2026-10-24T07:59:59Z' }, { id: 'd2', dst_at: '2026-10-24T08:00:00Z' },
  { id: 'd3', dst_at: '2026-10-24T08:59:59Z' }, { id: 'd4', dst_at: '2026-10-24T09:00:00Z' },
  // a wall-clock time that does not exist (2026-03-29 02:30 in Zurich)
  { id: 'g1', gap_at: '2026-03-29T01:29:59Z' }, { id: 'g2', gap_at: '2026-03-29T01:30:00Z' }, { id: 'g3', gap_at: '2026-03-29T00:30:00Z' },
  // -1d across the spring change (the local day 2026-03-29 lasts 23 h)
  { id: 's1', spring_at: '2026-03-28T12:59:59Z' }, { id: 's2', spring_at: '2026-03-28T13:00:00Z' },
  // an ambiguous wall-clock time (2026-10-25 02:30 happens twice in Zurich)
  { id: 'a1', amb_at: '2026-10-25T00:29:59Z' }, { id: 'a2', amb_at: '2026-10-25T00:30:00Z' }, { id: 'a3', amb_at: '2026-10-25T01:30:00Z' },
  // start_of_week / month / year
  { id: 'w0', cal_at: '2026-10-18T21:59:59Z' }, { id: 'w1', cal_at: '2026-10-18T22:00:00Z' },
  { id: 'm0', cal_at: '2026-09-30T21:59:59Z' }, { id: 'm1', cal_at: '2026-09-30T22:00:00Z' },
  { id: 'y0', cal_at: '2025-12-31T22:59:59Z' }, { id: 'y1', cal_at: '2025-12-31T23:00:00Z' },
  // -1mo from March 31 clamps to February 28
  { id: 'c0', clamp_at: '2026-02-28T10:59:59Z' }, { id: 'c1', clamp_at: '2026-02-28T11:00:00Z' },
  // -1y from February 29 clamps to February 28
  { id: 'l0', leap_at: '2027-02-28T11:59:59Z' }, { id: 'l1', leap_at: '2027-02-28T12:00:00Z' },
  // exact units
  { id: 'e1', exact_at: '2026-10-24T20:59:59Z' }, { id: 'e2', exact_at: '2026-10-24T21:00:00Z' },
  { id: 'e3', exact_at: '2026-10-25T07:29:59Z' }, { id: 'e4', exact_at: '2026-10-25T07:30:00Z' },
  // +1d across the spring change
  { id: 'p1', plus_at: '2026-03-29T11:00:00Z' }, { id: 'p2', plus_at: '2026-03-29T11:00:01Z' }, { id: 'p3', plus_at: '2026-03-29T12:00:00Z' },
  // bare offset
  { id: 'b1', bare_at: '2026-09-25T07:59:59Z' }, { id: 'b2', bare_at: '2026-09-25T08:00:00Z' }, { id: 'b3', bare_at: '2026-09-25T09:00:00Z' },
  // a date-only value against a datetime compares the local date
  { id: 'o1', order_at: '2026-10-23T21:59:59Z' }, { id: 'o2', order_at: '2026-10-23T22:00:00Z' },
  { id: 'o3', order_at: '2026-10-24T21:59:59Z' }, { id: 'o4', order_at: '2026-10-24T22:00:00Z' },
  // a date field
  { id: 'r1', renew_on: '2026-09-24' }, { id: 'r2', renew_on: '2026-09-25' }, { id: 'r3', renew_on: '2026-09-26' },
  { id: 'r4', renew_on: '2026-10-25' }, { id: 'r5', renew_on: '2026-10-26' },
  // last_active_at
  { id: 'la1' }, { id: 'la2' }, { id: 'la3' }, { id: 'la4' }, { id: 'la5' },
];

const events: FixtureEvent[] = [
  { contact_id: 'la1', name: 'login', ts: '2026-09-25T08:00:00Z' },
  { contact_id: 'la2', name: 'page_view', ts: '2026-09-25T08:00:01Z' },
  { contact_id: 'la4', name: 'login', ts: '2026-09-01T12:00:00Z' },
  { contact_id: 'la4', name: 'login', ts: '2026-11-01T12:00:00Z' },
  { contact_id: 'la5', name: 'login', ts: '2026-11-01T12:00:00Z' },
];

const N1 = '2026-10-25T09:00:00Z'; // Sunday, the autumn DST day; 10:00 in Zurich

let zurich: Fixture;
let utc: Fixture;
before(async () => {
  zurich = await fixture({ tz: 'Europe/Zurich', fields, contacts, events });
  utc = await fixture({ tz: 'UTC', fields, contacts, events });
});
after(async () => {
  await zurich.close();
  await utc.close();
});

describe('§3 relative dates on datetime fields', () => {
  test('today is the start of the local day in the workspace zone', async () => {
    const z = await zurich.at(N1);
    const u = await utc.at(N1);
    await expectMembers(z, field('today_at', 'gte', 'today'), ['k2', 'k3', 'k4']);
    await expectMembers(z, field('today_at', 'lt', 'today'), ['k1']);
    await expectMembers(u, field('today_at', 'gte', 'today'), ['k4']);
    await expectMembers(u, field('today_at', 'lt', 'today'), ['k1', 'k2', 'k3']);
  });

  test('-1d keeps the local wall-clock time across the autumn change (25 h back), -24h is exact', async () => {
    const z = await zurich.at(N1);
    const u = await utc.at(N1);
    await expectMembers(z, field('dst_at', 'gte', '-1d'), ['d2', 'd3', 'd4']);
    await expectMembers(z, field('dst_at', 'gte', 'now-1d'), ['d2', 'd3', 'd4']);
    await expectMembers(z, field('dst_at', 'lt', '-1d'), ['d1']);
    await expectMembers(z, field('dst_at', 'gte', '-24h'), ['d4']);
    await expectMembers(z, field('dst_at', 'gte', '-1440m'), ['d4']);
    await expectMembers(u, field('dst_at', 'gte', '-1d'), ['d4']);
  });

  test('-1d across the spring change is 23 h back', async () => {
    const z = await zurich.at('2026-03-29T12:00:00Z'); // 14:00 CEST
    await expectMembers(z, field('spring_at', 'gte', '-1d'), ['s2']);
    await expectMembers(z, field('spring_at', 'gte', '-24h'), ['s1', 's2']);
  });

  test('a wall-clock time that does not exist moves forward by the DST gap', async () => {
    // now = 2026-03-30 02:30 CEST; -1d = 2026-03-29 02:30, which does not exist: 03:30 CEST = 01:30Z.
    const z = await zurich.at('2026-03-30T00:30:00Z');
    await expectMembers(z, field('gap_at', 'gte', '-1d'), ['g2']);
    await expectMembers(z, field('gap_at', 'lt', '-1d'), ['g1', 'g3']);
    const u = await utc.at('2026-03-30T00:30:00Z');
    await expectMembers(u, field('gap_at', 'gte', '-1d'), ['g1', 'g2', 'g3']);
  });

  test('an ambiguous wall-clock time takes the earlier instant', async () => {
    // now = 2026-10-26 02:30 CET; -1d = 2026-10-25 02:30, which happens twice: the earlier is 02:30 CEST = 00:30Z.
    const z = await zurich.at('2026-10-26T01:30:00Z');
    await expectMembers(z, field('amb_at', 'gte', '-1d'), ['a2', 'a3']);
    await expectMembers(z, field('amb_at', 'lt', '-1d'), ['a1']);
    const u = await utc.at('2026-10-26T01:30:00Z');
    await expectMembers(u, field('amb_at', 'gte', '-1d'), ['a3']);
  });

  test('start_of_week (Monday), start_of_month, start_of_year in the workspace zone', async () => {
    const z = await zurich.at(N1);
    await expectMembers(z, field('cal_at', 'gte', 'start_of_week'), ['w1']);
    await expectMembers(z, field('cal_at', 'gte', 'start_of_month'), ['m1', 'w0', 'w1']);
    await expectMembers(z, field('cal_at', 'gte', 'start_of_year'), ['m0', 'm1', 'w0', 'w1', 'y1']);
    await expectMembers(z, field('cal_at', 'lt', 'start_of_year'), ['y0']);
    await expectMembers(z, field('cal_at', 'gte', 'start_of_month-1mo'), ['m0', 'm1', 'w0', 'w1']);
    const u = await utc.at(N1);
    await expectMembers(u, field('cal_at', 'gte', 'start_of_week'), []);
    await expectMembers(u, field('cal_at', 'gte', 'start_of_month'), ['w0', 'w1']);
    await expectMembers(u, field('cal_at', 'gte', 'start_of_year'), ['m0', 'm1', 'w0', 'w1']);
  });

  test('start_of_week on a Monday is that day; late on a Sunday it is the Monday before', async () => {
    await expectMembers(await zurich.at('2026-10-19T05:00:00Z'), field('cal_at', 'gte', 'start_of_week'), ['w1']);
    // 2026-10-18 23:30 in Zurich is still Sunday: the week began on Monday 2026-10-12.
    await expectMembers(await zurich.at('2026-10-18T21:30:00Z'), field('cal_at', 'gte', 'start_of_week'), ['w0', 'w1']);
    // 2026-10-19 00:30 in Zurich is Monday already (still Sunday in UTC).
    await expectMembers(await zurich.at('2026-10-18T22:30:00Z'), field('cal_at', 'gte', 'start_of_week'), ['w1']);
  });

  test('-1mo clamps to the month end and keeps the local time', async () => {
    // now = 2026-03-31 12:00 CEST; -1mo = 2026-02-28 12:00 CET = 11:00Z.
    await expectMembers(await zurich.at('2026-03-31T10:00:00Z'), field('clamp_at', 'gte', '-1mo'), ['c1']);
    await expectMembers(await utc.at('2026-03-31T10:00:00Z'), field('clamp_at', 'gte', '-1mo'), ['c0', 'c1']);
  });

  test('-1y from February 29 clamps to February 28', async () => {
    await expectMembers(await utc.at('2028-02-29T12:00:00Z'), field('leap_at', 'gte', '-1y'), ['l1']);
    await expectMembers(await zurich.at('2028-02-29T12:00:00Z'), field('leap_at', 'gte', '-1y'), ['l1']);
  });

  test('s m h are exact durations, in every zone', async () => {
    for (const f of [zurich, utc]) {
      const ws = await f.at(N1);
      await expectMembers(ws, field('exact_at', 'gte', '-12h'), ['e2', 'e3', 'e4']);
      await expectMembers(ws, field('exact_at', 'gte', '-90m'), ['e4']);
      await expectMembers(ws, field('exact_at', 'gte', 'now-90m'), ['e4']);
      await expectMembers(ws, field('exact_at', 'lt', '-5400s'), ['e1', 'e2', 'e3']);
    }
  });

  test('+1d forward across the spring change keeps the wall-clock time', async () => {
    // now = 2026-03-28 13:00 CET; +1d = 2026-03-29 13:00 CEST = 11:00Z.
    await expectMembers(await zurich.at('2026-03-28T12:00:00Z'), field('plus_at', 'lte', '+1d'), ['p1']);
    await expectMembers(await zurich.at('2026-03-28T12:00:00Z'), field('plus_at', 'lte', '+24h'), ['p1', 'p2', 'p3']);
    await expectMembers(await utc.at('2026-03-28T12:00:00Z'), field('plus_at', 'lte', '+1d'), ['p1', 'p2', 'p3']);
  });

  test('a bare offset (-30d) means now-30d', async () => {
    const z = await zurich.at(N1);
    await expectMembers(z, field('bare_at', 'gte', '-30d'), ['b2', 'b3']);
    await expectMembers(z, field('bare_at', 'gte', 'now-30d'), ['b2', 'b3']);
    await expectMembers(await utc.at(N1), field('bare_at', 'gte', '-30d'), ['b3']);
  });

  test('ISO datetimes compare as instants', async () => {
    const z = await zurich.at(N1);
    await expectMembers(z, field('bare_at', 'gte', '2026-09-25T10:00:00+02:00'), ['b2', 'b3']);
    await expectMembers(z, field('bare_at', 'lte', '2026-09-25T08:00:00Z'), ['b1', 'b2']);
  });

  test('a value that is not a date is refused', async () => {
    const z = await zurich.at(N1);
    for (const v of ['-30x', 'yesterday', '2026-02-30', '30d']) {
      const issues = await issuesOf(z.query(field('bare_at', 'gte', v)));
      assert.deepEqual(issues.map((i) => i.code), ['invalid_value'], v);
    }
  });
});

describe('§3 date-only values', () => {
  test('a date-only value against a datetime field compares its local date', async () => {
    const z = await zurich.at(N1);
    await expectMembers(z, field('order_at', 'eq', '2026-10-24'), ['o2', 'o3']);
    await expectMembers(z, field('order_at', 'gt', '2026-10-24'), ['o4']);
    await expectMembers(z, field('order_at', 'lte', '2026-10-23'), ['o1']);
    await expectMembers(z, field('order_at', 'between', ['2026-10-24', '2026-10-24']), ['o2', 'o3']);
    const u = await utc.at(N1);
    await expectMembers(u, field('order_at', 'eq', '2026-10-24'), ['o3', 'o4']);
    await expectMembers(u, field('order_at', 'gt', '2026-10-24'), []);
    await expectMembers(u, field('order_at', 'lte', '2026-10-23'), ['o1', 'o2']);
  });

  test('a date field compares calendar dates: relative and datetime values become local dates', async () => {
    const z = await zurich.at(N1);
    // now-1mo = 2026-09-25 10:00 local: its date is 2026-09-25.
    await expectMembers(z, field('renew_on', 'lte', '-1mo'), ['r1', 'r2']);
    await expectMembers(z, field('renew_on', 'eq', 'today'), ['r4']);
    await expectMembers(z, field('renew_on', 'gt', 'today'), ['r5']);
    await expectMembers(z, field('renew_on', 'between', ['-1mo', 'today']), ['r2', 'r3', 'r4']);
    // 2026-09-24T23:30Z is 2026-09-25 in Zurich, 2026-09-24 in UTC.
    await expectMembers(z, field('renew_on', 'eq', '2026-09-24T23:30:00Z'), ['r2']);
    await expectMembers(await utc.at(N1), field('renew_on', 'eq', '2026-09-24T23:30:00Z'), ['r1']);
  });

  test('today on a date field is the local date of now', async () => {
    // 2026-10-25T23:30Z is 2026-10-26 00:30 in Zurich.
    await expectMembers(await zurich.at('2026-10-25T23:30:00Z'), field('renew_on', 'eq', 'today'), ['r5']);
    await expectMembers(await utc.at('2026-10-25T23:30:00Z'), field('renew_on', 'eq', 'today'), ['r4']);
  });
});

describe('§1/§3 last_active_at', () => {
  test('"last active one month ago or earlier" is last_active_at lte -1mo; events after now do not count', async () => {
    const z = await zurich.at(N1);
    // -1mo = 2026-09-25 10:00 CEST = 08:00Z.
    await expectMembers(z, field('last_active_at', 'lte', '-1mo'), ['la1', 'la4']);
    await expectMembers(z, field('last_active_at', 'gte', '2026-01-01T00:00:00Z'), ['la1', 'la2', 'la4']);
    await expectMembers(z, field('last_active_at', 'is_set'), ['la1', 'la2', 'la4']);
    // la5's only event is after now: it has never been active yet.
    await expectMembers(await zurich.at('2026-11-02T00:00:00Z'), field('last_active_at', 'gte', '2026-11-01T00:00:00Z'), ['la4', 'la5']);
  });
});
