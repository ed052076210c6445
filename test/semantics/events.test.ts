import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Workspace } from '../../src/engine/index.js';
import { fixture, type Fixture, type FixtureEvent } from '../workspace-fixture.js';
import { expectMembers, field, not, type Condition } from './helpers.js';

// SEGMENT-LANGUAGE §4: event conditions. now = 2026-10-25T09:00:00Z unless said otherwise.

const N = '2026-10-25T09:00:00Z';
type Ev = Omit<Condition & { type: 'event' }, 'type'>;
const ev = (e: Ev): Condition => ({ type: 'event', ...e }) as Condition;

const purchases: FixtureEvent[] = [
  { contact_id: 'p1', name: 'purchase', ts: '2026-10-20T10:00:00Z', properties: { category: 'shoes', amount: 120 } },
  { contact_id: 'p1', name: 'purchase', ts: '2026-10-01T10:00:00Z', properties: { category: 'Shoes', amount: 80.5 } },
  { contact_id: 'p1', name: 'purchase', ts: '2026-08-01T10:00:00Z', properties: { category: 'bags', amount: 30 } },
  { contact_id: 'p1', name: 'page_view', ts: '2026-10-24T10:00:00Z' },
  // Non-numeric amounts: ignored by numeric measures, still counted.
  { contact_id: 'p2', name: 'purchase', ts: '2026-10-10T12:00:00Z', properties: { category: 'shoes', amount: '99' } },
  { contact_id: 'p2', name: 'purchase', ts: '2026-10-11T12:00:00Z', properties: { category: 'hats', amount: 50 } },
  { contact_id: 'p2', name: 'purchase', ts: '2026-10-12T12:00:00Z', properties: { category: 'HATS', amount: true } },
  { contact_id: 'p3', name: 'page_view', ts: '2026-06-01T00:00:00Z' },
  // p4 has no events at all. p5's events are all after now.
  { contact_id: 'p5', name: 'purchase', ts: '2026-11-01T00:00:00Z', properties: { category: 'shoes', amount: 500 } },
  { contact_id: 'p5', name: 'page_view', ts: '2026-10-25T09:00:01Z' },
  { contact_id: 'p6', name: 'purchase', ts: '2026-10-24T00:00:00Z', properties: { category: 'socks', amount: 0.1 } },
  { contact_id: 'p6', name: 'purchase', ts: '2026-10-24T01:00:00Z', properties: { category: 'socks', amount: 0.2 } },
  // p7's purchases carry no numeric amount at all.
  { contact_id: 'p7', name: 'purchase', ts: '2026-10-15T12:00:00Z', properties: { category: 'shoes', price: 10 } },
  { contact_id: 'p7', name: 'purchase', ts: '2026-10-16T12:00:00Z', properties: { category: 'shoes', amount: null } },
];
const ids = (...xs: string[]) => xs.map((id) => ({ id }));

const edgeEvents: FixtureEvent[] = [
  { contact_id: 'w1', name: 'login', ts: '2026-09-25T09:00:00Z' }, // exactly now-30d
  { contact_id: 'w2', name: 'login', ts: '2026-09-25T08:59:59Z' },
  { contact_id: 'w3', name: 'login', ts: '2026-10-25T09:00:00Z' }, // exactly now
  { contact_id: 'w4', name: 'login', ts: '2026-10-25T09:00:01Z' }, // one second after now
  { contact_id: 'r1', name: 'visit', ts: '2026-10-01T00:00:00Z' },
  { contact_id: 'r2', name: 'visit', ts: '2026-09-30T23:59:59Z' },
  { contact_id: 'r3', name: 'visit', ts: '2026-10-10T23:59:59Z' },
  { contact_id: 'r4', name: 'visit', ts: '2026-10-11T00:00:00Z' },
  { contact_id: 'r5', name: 'visit', ts: '2026-10-10T23:59:59.500Z' },
  { contact_id: 'z1', name: 'visit', ts: '2026-09-30T22:00:00Z' }, // 2026-10-01 00:00 in Zurich
  { contact_id: 'z2', name: 'visit', ts: '2026-09-30T21:59:59Z' },
  { contact_id: 'z3', name: 'visit', ts: '2026-10-10T21:59:59Z' }, // 2026-10-10 23:59:59 in Zurich
  { contact_id: 'z4', name: 'visit', ts: '2026-10-10T22:00:00Z' },
  { contact_id: 'k1', name: 'tick', ts: '2026-10-24T07:59:59Z' },
  { contact_id: 'k2', name: 'tick', ts: '2026-10-24T08:00:00Z' }, // now-1d in Zurich (25 h back)
  { contact_id: 'k3', name: 'tick', ts: '2026-10-24T08:30:00Z' },
  { contact_id: 'k4', name: 'tick', ts: '2026-10-24T09:00:00Z' }, // now-24h
];

const absence: FixtureEvent[] = [
  { contact_id: 'n1', name: 'visit', ts: '2026-10-01T00:00:00Z' },
  { contact_id: 'n2', name: 'visit', ts: '2026-08-01T00:00:00Z' },
  // n3 has no events; n4 only one after now
  { contact_id: 'n4', name: 'visit', ts: '2026-11-01T00:00:00Z' },
  { contact_id: 'n5', name: 'login', ts: '2026-08-26T09:00:00Z' }, // exactly now-60d
  { contact_id: 'n6', name: 'login', ts: '2026-08-26T08:59:59Z' },
];

let main: Fixture, edges: Fixture, edgesZurich: Fixture, absent: Fixture;
let ws: Workspace;
before(async () => {
  main = await fixture({ tz: 'UTC', contacts: ids('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'), events: purchases });
  edges = await fixture({ tz: 'UTC', events: edgeEvents });
  edgesZurich = await fixture({ tz: 'Europe/Zurich', events: edgeEvents });
  absent = await fixture({ tz: 'UTC', contacts: ids('n1', 'n2', 'n3', 'n4', 'n5', 'n6'), events: absence });
  ws = await main.at(N);
});
after(async () => {
  for (const f of [main, edges, edgesZurich, absent]) await f.close();
});

describe('§4 event name and where', () => {
  test('a name: performed at least once by default; names are case-sensitive', async () => {
    await expectMembers(ws, ev({ event: 'purchase' }), ['p1', 'p2', 'p6', 'p7']);
    await expectMembers(ws, ev({ event: 'page_view' }), ['p1', 'p3']);
    await expectMembers(ws, ev({ event: 'Purchase' }), []);
  });

  test('"*" is any event', async () => {
    await expectMembers(ws, ev({ event: '*' }), ['p1', 'p2', 'p3', 'p6', 'p7']);
    await expectMembers(ws, ev({ event: '*', within: '1d' }), ['p1']);
  });

  test('where: a property comparison, strings case-insensitive unless case_sensitive', async () => {
    await expectMembers(ws, ev({ event: 'purchase', where: field('category', 'eq', 'shoes') as never }), ['p1', 'p2', 'p7']);
    await expectMembers(ws, ev({ event: 'purchase', where: field('category', 'eq', 'Shoes', { case_sensitive: true }) as never }), ['p1']);
    await expectMembers(ws, ev({ event: 'purchase', where: field('price', 'eq', 10) as never }), ['p7']);
  });

  test('where: typed by the JSON value (the string "99" is not the number 99)', async () => {
    await expectMembers(ws, ev({ event: 'purchase', where: field('amount', 'gte', 99) as never }), ['p1']);
    await expectMembers(ws, ev({ event: 'purchase', where: field('amount', 'eq', '99') as never }), ['p2']);
  });

  test('where: is set holds for any scalar value (text, number, boolean), not for "", null or objects', async () => {
    const g = await fixture({ tz: 'UTC', events: [
      { contact_id: 'num', name: 'buy', ts: '2026-10-01T00:00:00Z', properties: { coupon: 0 } },
      { contact_id: 'bool', name: 'buy', ts: '2026-10-01T00:00:00Z', properties: { coupon: false } },
      { contact_id: 'text', name: 'buy', ts: '2026-10-01T00:00:00Z', properties: { coupon: 'SPRING' } },
      { contact_id: 'empty', name: 'buy', ts: '2026-10-01T00:00:00Z', properties: { coupon: '' } },
      { contact_id: 'null', name: 'buy', ts: '2026-10-01T00:00:00Z', properties: { coupon: null } },
      { contact_id: 'obj', name: 'buy', ts: '2026-10-01T00:00:00Z', properties: { coupon: { code: 'X' } } },
      { contact_id: 'none', name: 'buy', ts: '2026-10-01T00:00:00Z', properties: {} },
    ] });
    try {
      const ws = await g.at(N);
      const where = (op: 'is_set' | 'is_not_set'): Condition => ev({ event: 'buy', where: { type: 'field', field: 'coupon', op } });
      await expectMembers(ws, where('is_set'), ['bool', 'num', 'text']);
      await expectMembers(ws, where('is_not_set'), ['empty', 'none', 'null', 'obj']);
    } finally {
      await g.close();
    }
  });

  test('where: and, or, not', async () => {
    const and = { type: 'and', conditions: [field('category', 'eq', 'shoes'), field('amount', 'gt', 100)] };
    const or = { type: 'or', conditions: [field('category', 'eq', 'hats'), field('amount', 'gt', 100)] };
    const notIn = { type: 'not', condition: field('category', 'in', ['shoes']) };
    await expectMembers(ws, ev({ event: 'purchase', where: and as never }), ['p1']);
    await expectMembers(ws, ev({ event: 'purchase', where: or as never }), ['p1', 'p2']);
    await expectMembers(ws, ev({ event: 'purchase', where: notIn as never }), ['p1', 'p2', 'p6']);
  });

  test('the spec example: shoes bought at least twice in 30 days (JSON and DSL)', async () => {
    const c = ev({ event: 'purchase', where: field('category', 'eq', 'shoes') as never, within: '30d', measure: 'count', op: 'gte', value: 2 });
    await expectMembers(ws, c, ['p1', 'p7']);
    await expectMembers(ws, ws.parseConditionText('performed purchase where (category = "shoes") at least 2 times within 30d'), ['p1', 'p7']);
  });
});

describe('§4 within', () => {
  test('"30d" means now-30d <= ts <= now, to the second', async () => {
    const e = await edges.at(N);
    await expectMembers(e, ev({ event: 'login', within: '30d' }), ['w1', 'w3']);
    await expectMembers(e, ev({ event: 'login' }), ['w1', 'w2', 'w3']);
  });

  test('d is a calendar step in the workspace zone: 1d back across the autumn change is 25 h', async () => {
    await expectMembers(await edgesZurich.at(N), ev({ event: 'tick', within: '1d' }), ['k2', 'k3', 'k4']);
    await expectMembers(await edgesZurich.at(N), ev({ event: 'tick', within: '24h' }), ['k4']);
    await expectMembers(await edges.at(N), ev({ event: 'tick', within: '1d' }), ['k4']);
    // 30d back from 10:00 CET is 2026-09-25 10:00 CEST = 08:00Z.
    await expectMembers(await edgesZurich.at(N), ev({ event: 'login', within: '30d' }), ['w1', 'w2', 'w3']);
  });

  test('{from, to} with datetimes: both ends inclusive, to the second', async () => {
    const within = { from: '2026-10-01T00:00:00Z', to: '2026-10-10T23:59:59Z' };
    await expectMembers(await edges.at(N), ev({ event: 'visit', within }), ['r1', 'r3', 'z3', 'z4']);
    await expectMembers(await edgesZurich.at(N), ev({ event: 'visit', within }), ['r1', 'r3', 'z3', 'z4']);
  });

  test('{from, to} with dates: from the local start of the first day through the whole last day', async () => {
    const within = { from: '2026-10-01', to: '2026-10-10' };
    await expectMembers(await edges.at(N), ev({ event: 'visit', within }), ['r1', 'r3', 'r5', 'z3', 'z4']);
    await expectMembers(await edgesZurich.at(N), ev({ event: 'visit', within }), ['r1', 'r2', 'z1', 'z3']);
  });

  test('{from} alone runs to now; {to} alone from the beginning', async () => {
    const e = await edges.at(N);
    await expectMembers(e, ev({ event: 'visit', within: { from: '2026-10-11T00:00:00Z' } }), ['r4']);
    await expectMembers(e, ev({ event: 'visit', within: { to: '2026-09-30T23:59:59Z' } }), ['r2', 'z1', 'z2']);
    await expectMembers(e, ev({ event: 'login', within: { from: '2026-10-25T00:00:00Z' } }), ['w3']);
  });

  test('{from, to} with relative dates', async () => {
    // -25d = 2026-09-30T09:00Z, -15d = 2026-10-10T09:00Z
    await expectMembers(await edges.at(N), ev({ event: 'visit', within: { from: '-25d', to: '-15d' } }), ['r1', 'r2', 'z1', 'z2']);
    await expectMembers(await edges.at(N), ev({ event: 'login', within: { from: 'today', to: 'now' } }), ['w3']);
  });

  test('events after now never count, even when `to` is in the future', async () => {
    const e = await edges.at(N);
    await expectMembers(e, ev({ event: 'login', within: { from: '2026-10-25T00:00:00Z', to: '+7d' } }), ['w3']);
    await expectMembers(e, ev({ event: 'login', within: { from: '2026-10-25T00:00:00Z', to: '2027-01-01' } }), ['w3']);
    await expectMembers(ws, ev({ event: 'purchase', within: { from: '2026-10-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }, measure: 'sum', property: 'amount', op: 'gte', value: 500 }), []);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'last_at', op: 'gte', value: '2026-10-25T00:00:00Z' }), []);
    // A week later, p5's purchase has happened.
    await expectMembers(await main.at('2026-11-02T00:00:00Z'), ev({ event: 'purchase', within: '7d' }), ['p5']);
  });
});

describe('§4 measures', () => {
  test('count', async () => {
    await expectMembers(ws, ev({ event: 'purchase', measure: 'count', op: 'eq', value: 3 }), ['p1', 'p2']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'count', op: 'eq', value: 2 }), ['p6', 'p7']);
    await expectMembers(ws, ev({ event: 'purchase', within: '30d', op: 'eq', value: 2 }), ['p1', 'p6', 'p7']);
    await expectMembers(ws, ws.parseConditionText('performed purchase exactly 3 times'), ['p1', 'p2']);
    await expectMembers(ws, ws.parseConditionText('performed purchase at most 2 times'), ['p3', 'p4', 'p5', 'p6', 'p7']);
  });

  test('sum, exact to 9 decimals (0.1 + 0.2 = 0.3)', async () => {
    const sum = (op: string, value: number, extra: Partial<Ev> = {}) => ev({ event: 'purchase', measure: 'sum', property: 'amount', op: op as never, value, ...extra });
    await expectMembers(ws, sum('gt', 200), ['p1']);
    await expectMembers(ws, sum('eq', 230.5), ['p1']);
    await expectMembers(ws, sum('eq', 0.3), ['p6']);
    await expectMembers(ws, sum('eq', 50), ['p2']);
    await expectMembers(ws, sum('gt', 200, { within: '30d' }), ['p1']);
    await expectMembers(ws, sum('lt', 200.5, { within: '30d' }), ['p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    await expectMembers(ws, ws.parseConditionText('performed purchase sum(amount) > 200 within 90d'), ['p1']);
  });

  test('avg', async () => {
    const avg = (op: string, value: number) => ev({ event: 'purchase', measure: 'avg', property: 'amount', op: op as never, value });
    await expectMembers(ws, avg('gt', 70), ['p1']); // (120 + 80.5 + 30) / 3
    await expectMembers(ws, avg('eq', 50), ['p2']);
    await expectMembers(ws, avg('eq', 0.15), ['p6']);
    await expectMembers(ws, avg('lt', 100), ['p1', 'p2', 'p6']);
  });

  test('min and max', async () => {
    const m = (measure: 'min' | 'max', op: string, value: number) => ev({ event: 'purchase', measure, property: 'amount', op: op as never, value });
    await expectMembers(ws, m('min', 'lte', 30), ['p1', 'p6']);
    await expectMembers(ws, m('min', 'eq', 50), ['p2']);
    await expectMembers(ws, m('max', 'gte', 120), ['p1']);
    await expectMembers(ws, m('max', 'lt', 60), ['p2', 'p6']);
    await expectMembers(ws, m('max', 'eq', 0.2), ['p6']);
  });

  test('distinct counts string values case-insensitively', async () => {
    const d = (op: string, value: number) => ev({ event: 'purchase', measure: 'distinct', property: 'category', op: op as never, value });
    await expectMembers(ws, d('eq', 2), ['p1', 'p2']); // shoes/Shoes + bags; shoes + hats/HATS
    await expectMembers(ws, d('eq', 1), ['p6', 'p7']);
    await expectMembers(ws, d('gte', 3), []);
    await expectMembers(ws, d('eq', 0), ['p3', 'p4', 'p5']);
  });

  test('first_at and last_at compare like datetimes', async () => {
    const t = (measure: 'first_at' | 'last_at', op: string, value: string | string[]) => ev({ event: 'purchase', measure, op: op as never, value });
    await expectMembers(ws, t('first_at', 'lt', '2026-09-01T00:00:00Z'), ['p1']);
    await expectMembers(ws, t('first_at', 'gte', '2026-10-15T00:00:00Z'), ['p6', 'p7']);
    await expectMembers(ws, t('last_at', 'gte', '-7d'), ['p1', 'p6']);
    await expectMembers(ws, t('last_at', 'lt', '2026-10-21T00:00:00Z'), ['p1', 'p2', 'p7']);
    await expectMembers(ws, t('last_at', 'lte', 'now'), ['p1', 'p2', 'p6', 'p7']);
    // Date-only values compare the local date.
    await expectMembers(ws, t('last_at', 'eq', '2026-10-20'), ['p1']);
    await expectMembers(ws, t('last_at', 'between', ['2026-10-12', '2026-10-16']), ['p2', 'p7']);
  });

  test('first_at / last_at against a date-only value compare the local date in the workspace zone', async () => {
    const t = { event: 'visit', measure: 'last_at' as const, op: 'eq' as const, value: '2026-10-01' };
    // r1 (00:00Z), r2 (Sep 30 23:59:59Z) and z1 (Sep 30 22:00Z) are all on Oct 1 in Zurich.
    await expectMembers(await edgesZurich.at(N), ev(t), ['r1', 'r2', 'z1']);
    await expectMembers(await edges.at(N), ev(t), ['r1']);
  });

  test('sum holds every numeric value, even a very large one', async () => {
    const g = await fixture({ tz: 'UTC', events: [
      { contact_id: 'big', name: 'deal', ts: '2026-10-01T00:00:00Z', properties: { amount: 1e29 } },
      { contact_id: 'small', name: 'deal', ts: '2026-10-01T00:00:00Z', properties: { amount: 5 } },
    ] });
    try {
      const gw = await g.at(N);
      await expectMembers(gw, ev({ event: 'deal', measure: 'sum', property: 'amount', op: 'gt', value: 10 }), ['big']);
      await expectMembers(gw, ev({ event: 'deal', measure: 'sum', property: 'amount', op: 'lt', value: 10 }), ['small']);
    } finally {
      await g.close();
    }
  });

  test('non-numeric property values are ignored by numeric measures', async () => {
    // p2: amounts "99", 50, true → sum 50, avg 50; p7: none numeric → sum 0, avg/min/max missing.
    await expectMembers(ws, ev({ event: 'purchase', measure: 'sum', property: 'amount', op: 'eq', value: 0 }), ['p3', 'p4', 'p5', 'p7']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'avg', property: 'amount', op: 'between', value: [49, 51] }), ['p2']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'max', property: 'amount', op: 'between', value: [50, 99] }), ['p2']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'count', op: 'gte', value: 3 }), ['p1', 'p2']);
  });
});

describe('§4 no matching events', () => {
  test('count, distinct and sum are 0', async () => {
    await expectMembers(ws, ev({ event: 'purchase', op: 'lt', value: 1 }), ['p3', 'p4', 'p5']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'distinct', property: 'category', op: 'lt', value: 1 }), ['p3', 'p4', 'p5']);
    // "spent less than 100" includes contacts who never bought
    await expectMembers(ws, ev({ event: 'purchase', measure: 'sum', property: 'amount', op: 'lt', value: 100 }), ['p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
  });

  test('avg, min, max, first_at, last_at are missing: positive comparisons false', async () => {
    const big = 1e12;
    await expectMembers(ws, ev({ event: 'purchase', measure: 'avg', property: 'amount', op: 'lt', value: big }), ['p1', 'p2', 'p6']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'min', property: 'amount', op: 'lt', value: big }), ['p1', 'p2', 'p6']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'max', property: 'amount', op: 'gt', value: -big }), ['p1', 'p2', 'p6']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'first_at', op: 'gte', value: '2000-01-01T00:00:00Z' }), ['p1', 'p2', 'p6', 'p7']);
    await expectMembers(ws, ev({ event: 'purchase', measure: 'last_at', op: 'lte', value: '2100-01-01T00:00:00Z' }), ['p1', 'p2', 'p6', 'p7']);
    await expectMembers(ws, not(ev({ event: 'purchase', measure: 'avg', property: 'amount', op: 'lt', value: big })), ['p3', 'p4', 'p5', 'p7']);
  });

  test('"not performed in the last 60 days" is count eq 0 within 60d and includes contacts with no events', async () => {
    const a = await absent.at(N);
    // 60d back is 2026-08-26T09:00Z: n5 is exactly on the edge.
    await expectMembers(a, ev({ event: '*', within: '60d', measure: 'count', op: 'eq', value: 0 }), ['n2', 'n3', 'n4', 'n6']);
    await expectMembers(a, a.parseConditionText('not performed * within 60d'), ['n2', 'n3', 'n4', 'n6']);
    await expectMembers(a, ev({ event: '*', within: '60d' }), ['n1', 'n5']);
    await expectMembers(a, ev({ event: 'visit', within: '60d', op: 'eq', value: 0 }), ['n2', 'n3', 'n4', 'n5', 'n6']);
  });
});

describe('§4 shape errors', () => {
  test('numeric measures need a property', async () => {
    await assert.rejects(ws.query(ev({ event: 'purchase', measure: 'sum', op: 'gt', value: 1 })), (e: Error & { issues?: { code: string }[] }) => {
      assert.deepEqual(e.issues?.map((i) => i.code), ['invalid_condition']);
      return true;
    });
  });
});
