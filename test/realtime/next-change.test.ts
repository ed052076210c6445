import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Condition } from '../../src/condition/types.js';
import type { ContactRecord, EventRecord } from '../../src/evaluate/index.js';
import { FieldRegistry, type FieldDef } from '../../src/fields/index.js';
import { nextChange } from '../../src/realtime/next-change.js';

// Hand-computed instants: each expectation below is worked out from SEGMENT-LANGUAGE §3–§5
// in the comment beside it, not from the code under test.

const FIELDS: FieldDef[] = [
  { key: 'birth_date', label: 'Birth date', type: 'date' },
  { key: 'registered_at', label: 'Registered', type: 'datetime' },
  { key: 'country', label: 'Country', type: 'text' },
];
const fields = new FieldRegistry(FIELDS);

const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const ev = (name: string, at: string, properties: Record<string, unknown> = {}): EventRecord => ({ name, ts: ms(at), properties });

interface Case {
  readonly tz: string;
  readonly values?: ContactRecord['values'];
  readonly events?: readonly EventRecord[];
}

/** Every instant nextChange returns from `from`, in order, until none comes before `until`. */
function walk(c: Condition, k: Case, from: string, until: string): string[] {
  const contact: ContactRecord = { id: 'c1', values: k.values ?? {} };
  const out: string[] = [];
  let after = ms(from);
  for (let i = 0; i < 100; i++) {
    const t = nextChange(c, { contact, events: k.events ?? [], fields, tz: k.tz, after, horizon: ms(until) });
    if (t === null) return out;
    assert.ok(t > after, `moves forward from ${iso(after)}`);
    out.push(iso(t) as string);
    after = t;
  }
  assert.fail('too many changes');
}

describe('nextChange: windows', () => {
  it('within 30d across the end of summer time in Zurich keeps the wall-clock time', () => {
    // 2026-09-30 12:00 CEST; 30 days later is 2026-10-30 12:00 CET = 11:00Z. The event is in
    // the window while now-30d <= ts, so it leaves one millisecond after 11:00Z.
    const c: Condition = { type: 'event', event: 'purchase', within: '30d' };
    assert.deepEqual(walk(c, { tz: 'Europe/Zurich', events: [ev('purchase', '2026-09-30T10:00:00Z')] }, '2026-09-30T12:00:00Z', '2027-01-01T00:00:00Z'), [
      '2026-10-30T11:00:00.001Z',
    ]);
  });

  it('within 1mo: an event on Mar 31 leaves when the window skips the clamped day', () => {
    // now-1mo is Mar 30 for every instant of Apr 30 and Apr 1 from May 1 00:00: the start
    // passes Mar 31 10:00 only at May 1 00:00 (not at Apr 30 10:00, ts + 1mo).
    const c: Condition = { type: 'event', event: 'purchase', within: '1mo' };
    assert.deepEqual(walk(c, { tz: 'UTC', events: [ev('purchase', '2026-03-31T10:00:00Z')] }, '2026-04-01T00:00:00Z', '2027-01-01T00:00:00Z'), [
      '2026-05-01T00:00:00.000Z',
    ]);
  });

  it('within 1mo: an event on Feb 28 of a common year leaves and comes back each day Feb 29–31 clamp onto', () => {
    // now-1mo: Mar 28 12:00 → Feb 28 12:00 (then out); Mar 29, 30, 31 00:00 → Feb 28 00:00
    // (clamped, back in) until 12:00 again; Apr 1 → Mar 1.
    const c: Condition = { type: 'event', event: 'purchase', within: '1mo' };
    assert.deepEqual(walk(c, { tz: 'UTC', events: [ev('purchase', '2027-02-28T12:00:00Z')] }, '2027-03-01T00:00:00Z', '2027-06-01T00:00:00Z'), [
      '2027-03-28T12:00:00.001Z', '2027-03-29T00:00:00.000Z',
      '2027-03-29T12:00:00.001Z', '2027-03-30T00:00:00.000Z',
      '2027-03-30T12:00:00.001Z', '2027-03-31T00:00:00.000Z',
      '2027-03-31T12:00:00.001Z',
    ]);
  });

  it('at least 2 times within 7d changes only where the count crosses 2, not at every exit', () => {
    // Three purchases: the count drops to 1 when the second one (Oct 3) leaves, 7 days on.
    const events = [ev('purchase', '2026-10-01T08:00:00Z'), ev('purchase', '2026-10-03T08:00:00Z'), ev('purchase', '2026-10-05T08:00:00Z')];
    const c: Condition = { type: 'event', event: 'purchase', within: '7d', op: 'gte', value: 2 };
    assert.deepEqual(walk(c, { tz: 'UTC', events }, '2026-10-05T09:00:00Z', '2027-01-01T00:00:00Z'), ['2026-10-10T08:00:00.001Z']);
  });

  it('a future-dated event counts from its own time on', () => {
    const c: Condition = { type: 'event', event: 'purchase' };
    assert.deepEqual(walk(c, { tz: 'UTC', events: [ev('purchase', '2026-12-24T18:00:00Z')] }, '2026-12-01T00:00:00Z', '2027-12-01T00:00:00Z'), ['2026-12-24T18:00:00.000Z']);
  });

  it('a window from -60d to -30d: the event enters when the end reaches it and leaves when the start passes it', () => {
    const c: Condition = { type: 'event', event: 'login', within: { from: '-60d', to: '-30d' } };
    assert.deepEqual(walk(c, { tz: 'UTC', events: [ev('login', '2026-05-10T06:00:00Z')] }, '2026-05-01T00:00:00Z', '2027-01-01T00:00:00Z'), [
      '2026-06-09T06:00:00.000Z', '2026-07-09T06:00:00.001Z',
    ]);
  });

  it('last_at compared with -7d: as an instant, and by calendar date when the other bound is a date', () => {
    const events = [ev('login', '2026-10-02T12:00:00Z')];
    // Instant: last_at >= now-7d fails once now-7d passes Oct 2 14:00 CEST, i.e. from Oct 9 12:00:00.001Z.
    const instant: Condition = { type: 'event', event: 'login', measure: 'last_at', op: 'gte', value: '-7d' };
    assert.deepEqual(walk(instant, { tz: 'Europe/Zurich', events }, '2026-10-03T00:00:00Z', '2027-01-01T00:00:00Z'), ['2026-10-09T12:00:00.001Z']);
    // By date (the low bound is a date): the date of now-7d reaches Oct 2 when Oct 9 starts in Zurich, Oct 8 22:00Z.
    const byDate: Condition = { type: 'event', event: 'login', measure: 'last_at', op: 'between', value: ['2026-01-01', '-7d'] };
    assert.deepEqual(walk(byDate, { tz: 'Europe/Zurich', events }, '2026-10-03T00:00:00Z', '2027-01-01T00:00:00Z'), ['2026-10-08T22:00:00.000Z']);
  });
});

describe('nextChange: sequences', () => {
  const abandoned: Condition = {
    type: 'sequence', within: '14d', gap: '48h', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }],
  };

  it('cart_add then not purchase gap 48h: true when the gap has elapsed, false when the cart leaves the window', () => {
    // Gap: 2026-10-24 10:00Z + 48 h. Window: 12:00 CEST on Oct 24 is 12:00 CET on Nov 7 = 11:00Z.
    assert.deepEqual(walk(abandoned, { tz: 'Europe/Zurich', events: [ev('cart_add', '2026-10-24T10:00:00Z')] }, '2026-10-24T12:00:00Z', '2027-01-01T00:00:00Z'), [
      '2026-10-26T10:00:00.000Z', '2026-11-07T11:00:00.001Z',
    ]);
  });

  it('a purchase inside the gap keeps it false for good', () => {
    const events = [ev('cart_add', '2026-10-24T10:00:00Z'), ev('purchase', '2026-10-25T09:00:00Z')];
    assert.deepEqual(walk(abandoned, { tz: 'Europe/Zurich', events }, '2026-10-24T12:00:00Z', '2027-01-01T00:00:00Z'), []);
  });

  it('three steps: the chain completes when the last gap elapses and ends when its first event leaves the window', () => {
    // page_view 10:00Z, cart_add 12:00Z the same day (within 1d of it), no purchase: true from
    // Oct 21 12:00Z (cart_add + 1d, UTC). The chain's root, the page_view, leaves the 7d window
    // once now-7d passes Oct 20 10:00Z.
    const c: Condition = { type: 'sequence', within: '7d', gap: '1d', steps: [{ event: 'page_view' }, { event: 'cart_add' }, { event: 'purchase', absent: true }] };
    const events = [ev('page_view', '2026-10-20T10:00:00Z'), ev('cart_add', '2026-10-20T12:00:00Z')];
    assert.deepEqual(walk(c, { tz: 'UTC', events }, '2026-10-20T11:00:00Z', '2027-01-01T00:00:00Z'), [
      '2026-10-21T12:00:00.000Z', '2026-10-27T10:00:00.001Z',
    ]);
    // A later page_view does not restart the chain: the cart_add's latest page_view is still the root.
    const more = [...events, ev('page_view', '2026-10-22T09:00:00Z')];
    assert.deepEqual(walk(c, { tz: 'UTC', events: more }, '2026-10-20T11:00:00Z', '2027-01-01T00:00:00Z'), [
      '2026-10-21T12:00:00.000Z', '2026-10-27T10:00:00.001Z',
    ]);
  });

  it('a calendar gap of 1d keeps the wall-clock time over the DST change', () => {
    // 2026-10-24 12:00 CEST + 1 day = 2026-10-25 12:00 CET = 11:00Z (25 hours later).
    const c: Condition = { type: 'sequence', gap: '1d', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }] };
    assert.deepEqual(walk(c, { tz: 'Europe/Zurich', events: [ev('cart_add', '2026-10-24T10:00:00Z')] }, '2026-10-24T12:00:00Z', '2027-01-01T00:00:00Z'), [
      '2026-10-25T11:00:00.000Z',
    ]);
  });
});

describe('nextChange: calendar functions', () => {
  it('age between 40 and 50: in from the 40th birthday, out from the 51st (local midnights)', () => {
    // Zurich midnight on 2026-06-15 is 2026-06-14T22:00Z (CEST); on 2037-06-15 likewise.
    const c: Condition = { type: 'field', field: 'birth_date', fn: 'age_years', op: 'between', value: [40, 50] };
    assert.deepEqual(walk(c, { tz: 'Europe/Zurich', values: { birth_date: '1986-06-15' } }, '2026-01-01T00:00:00Z', '2040-01-01T00:00:00Z'), [
      '2026-06-14T22:00:00.000Z', '2037-06-14T22:00:00.000Z',
    ]);
  });

  it('a Feb 29 birthday: the age goes up on Feb 28 in common years', () => {
    const c: Condition = { type: 'field', field: 'birth_date', fn: 'age_years', op: 'gte', value: 38 };
    assert.deepEqual(walk(c, { tz: 'UTC', values: { birth_date: '1988-02-29' } }, '2025-06-01T00:00:00Z', '2030-01-01T00:00:00Z'), ['2026-02-28T00:00:00.000Z']);
  });

  it('days until a Feb 29 anniversary is 0 on Feb 28 of common years and Feb 29 of leap years', () => {
    const c: Condition = { type: 'field', field: 'birth_date', fn: 'days_until_anniversary', op: 'eq', value: 0 };
    assert.deepEqual(walk(c, { tz: 'UTC', values: { birth_date: '1996-02-29' } }, '2027-01-01T00:00:00Z', '2029-01-01T00:00:00Z'), [
      '2027-02-28T00:00:00.000Z', '2027-03-01T00:00:00.000Z', '2028-02-29T00:00:00.000Z', '2028-03-01T00:00:00.000Z',
    ]);
  });

  it('days until anniversary = 365 happens only in the year before a Feb 29', () => {
    // A Mar 1 anniversary is 365 days ahead on Mar 2, 2027 (2028 is a leap year), next on Mar 2, 2031.
    const c: Condition = { type: 'field', field: 'birth_date', fn: 'days_until_anniversary', op: 'eq', value: 365 };
    assert.deepEqual(walk(c, { tz: 'UTC', values: { birth_date: '1990-03-01' } }, '2026-01-01T00:00:00Z', '2032-01-01T00:00:00Z'), [
      '2027-03-02T00:00:00.000Z', '2027-03-03T00:00:00.000Z', '2031-03-02T00:00:00.000Z', '2031-03-03T00:00:00.000Z',
    ]);
  });

  it('days since a registration, in Kathmandu (UTC+5:45): the day turns at 18:15Z', () => {
    // Registered 2026-05-10 03:00 local; 30 days since on 2026-06-09, which starts 2026-06-08T18:15Z.
    const c: Condition = { type: 'field', field: 'registered_at', fn: 'days_since', op: 'gte', value: 30 };
    assert.deepEqual(walk(c, { tz: 'Asia/Kathmandu', values: { registered_at: ms('2026-05-09T21:15:00Z') } }, '2026-05-20T00:00:00Z', '2030-01-01T00:00:00Z'), [
      '2026-06-08T18:15:00.000Z',
    ]);
  });
});

describe('nextChange: relative operands', () => {
  it('registered_at > -30d: false once now-30d reaches the registration (exact instant)', () => {
    const c: Condition = { type: 'field', field: 'registered_at', op: 'gt', value: '-30d' };
    // 2026-10-10 12:00 CEST + 30 days = 2026-11-09 12:00 CET = 11:00Z; `gt` fails from equality on.
    assert.deepEqual(walk(c, { tz: 'Europe/Zurich', values: { registered_at: ms('2026-10-10T10:00:00Z') } }, '2026-10-11T00:00:00Z', '2027-06-01T00:00:00Z'), [
      '2026-11-09T11:00:00.000Z',
    ]);
  });

  it('a date field against start_of_month+1d changes only on the 1st of a month', () => {
    // birth_date >= start_of_month+1d: 2026-11-02 >= Nov 2 holds in November, not from Dec 1.
    const c: Condition = { type: 'field', field: 'birth_date', op: 'gte', value: 'start_of_month+1d' };
    assert.deepEqual(walk(c, { tz: 'America/New_York', values: { birth_date: '2026-11-02' } }, '2026-10-15T00:00:00Z', '2027-06-01T00:00:00Z'), [
      '2026-12-01T05:00:00.000Z',
    ]);
  });

  it('last_active_at <= -1mo: true a month after the last event, false again when a future event arrives', () => {
    const events = [ev('login', '2026-01-31T09:00:00Z'), ev('login', '2026-05-01T09:00:00Z')];
    // now-1mo stays below Jan 31 09:00 through Feb 28 (Feb 28 - 1mo = Jan 28) and all of Feb 28
    // wall time; at Mar 1 00:00 it jumps to Feb 1 00:00: true from there. The May 1 event
    // makes it false on arrival, true again a month later (Jun 1 09:00 - 1mo = May 1 09:00).
    const c: Condition = { type: 'field', field: 'last_active_at', op: 'lte', value: '-1mo' };
    assert.deepEqual(walk(c, { tz: 'UTC', events }, '2026-02-01T00:00:00Z', '2026-07-01T00:00:00Z'), [
      '2026-03-01T00:00:00.000Z', '2026-05-01T09:00:00.000Z', '2026-06-01T09:00:00.000Z',
    ]);
  });
});

describe('nextChange: logic', () => {
  it('a false and-branch that never changes holds the verdict: no wake-ups', () => {
    const c: Condition = { type: 'and', conditions: [
      { type: 'field', field: 'country', op: 'eq', value: 'CH' },
      { type: 'event', event: 'purchase', within: '30d' },
    ] };
    assert.deepEqual(walk(c, { tz: 'UTC', values: { country: 'DE' }, events: [ev('purchase', '2026-10-01T00:00:00Z')] }, '2026-10-02T00:00:00Z', '2027-01-01T00:00:00Z'), []);
    assert.deepEqual(walk(c, { tz: 'UTC', values: { country: 'CH' }, events: [ev('purchase', '2026-10-01T00:00:00Z')] }, '2026-10-02T00:00:00Z', '2027-01-01T00:00:00Z'), [
      '2026-10-31T00:00:00.001Z',
    ]);
  });

  it('not, segments and samples: a negation changes where its child does; the others never', () => {
    const c: Condition = { type: 'or', conditions: [
      { type: 'not', condition: { type: 'event', event: 'purchase', within: '30d' } },
      { type: 'segment', segment: 'vip', op: 'in' },
      { type: 'sample', percent: 50, salt: 's' },
    ] };
    const k: Case = { tz: 'UTC', events: [ev('purchase', '2026-10-01T00:00:00Z')] };
    const contact: ContactRecord = { id: 'c1', values: {} };
    const run = (isMember?: (a: string) => boolean): number | null =>
      nextChange(c, { contact, events: k.events ?? [], fields, tz: 'UTC', after: ms('2026-10-02T00:00:00Z'), ...(isMember ? { isMember } : {}) });
    // Whether c1 falls in the 50% sample decides whether anything can change at all.
    const expected = run(() => false);
    assert.ok(expected === null || iso(expected) === '2026-10-31T00:00:00.001Z');
    assert.equal(run(() => true), null);
  });

  it('a condition that no longer binds has no changes', () => {
    const c: Condition = { type: 'field', field: 'removed_field', op: 'gt', value: '-30d' };
    assert.equal(nextChange(c, { contact: { id: 'c1', values: {} }, events: [], fields, tz: 'UTC', after: 0 }), null);
  });
});
