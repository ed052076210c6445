import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fixture, type Fixture, type FixtureEvent } from '../workspace-fixture.js';
import { expectMembers, field, issuesOf, type Condition } from './helpers.js';

// SEGMENT-LANGUAGE §5: ordered patterns, each step strictly after the previous and at most
// `gap` after it, the first step inside `within`; an absent last step.

const N = '2026-10-25T09:00:00Z';
type Step = { event: string; where?: unknown; absent?: boolean };
const seq = (steps: Step[], extra: { within?: unknown; gap?: string } = {}): Condition => ({ type: 'sequence', steps, ...extra }) as Condition;

const e = (contact_id: string, name: string, ts: string, properties?: Record<string, unknown>): FixtureEvent => ({ contact_id, name, ts, properties });

const patterns: FixtureEvent[] = [
  // order and strictness: signup then purchase
  e('s1', 'signup', '2026-10-01T10:00:00Z'), e('s1', 'purchase', '2026-10-02T10:00:00Z'),
  e('s2', 'purchase', '2026-10-01T10:00:00Z'), e('s2', 'signup', '2026-10-02T10:00:00Z'),
  e('s3', 'signup', '2026-10-01T10:00:00Z'), e('s3', 'purchase', '2026-10-01T10:00:00Z'),
  e('s4', 'signup', '2026-10-01T10:00:00Z'),
  e('s5', 'signup', '2026-10-01T10:00:00Z'), e('s5', 'purchase', '2026-10-01T10:00:01Z'),
  e('s6', 'signup', '2026-10-01T10:00:00Z'), e('s6', 'purchase', '2026-10-26T10:00:00Z'), // after now
  // three steps with where
  e('t1', 'view', '2026-10-01T10:00:00Z', { sku: 'A' }), e('t1', 'cart', '2026-10-02T10:00:00Z', { sku: 'a' }), e('t1', 'buy', '2026-10-03T10:00:00Z'),
  e('t2', 'view', '2026-10-01T10:00:00Z', { sku: 'B' }), e('t2', 'cart', '2026-10-02T10:00:00Z', { sku: 'A' }), e('t2', 'buy', '2026-10-03T10:00:00Z'),
  e('t3', 'cart', '2026-10-01T10:00:00Z', { sku: 'A' }), e('t3', 'view', '2026-10-02T10:00:00Z', { sku: 'A' }), e('t3', 'buy', '2026-10-03T10:00:00Z'),
  e('t4', 'view', '2026-10-01T10:00:00Z', { sku: 'A' }), e('t4', 'buy', '2026-10-02T10:00:00Z'), e('t4', 'cart', '2026-10-03T10:00:00Z', { sku: 'A' }),
  // gap
  e('g1', 'basket', '2026-10-20T10:00:00Z'), e('g1', 'order', '2026-10-22T10:00:00Z'),
  e('g2', 'basket', '2026-10-20T10:00:00Z'), e('g2', 'order', '2026-10-22T10:00:01Z'),
  e('g3', 'basket', '2026-10-15T10:00:00Z'), e('g3', 'basket', '2026-10-21T10:00:00Z'), e('g3', 'order', '2026-10-22T10:00:01Z'),
  // a calendar gap across the autumn change in Zurich: 2d after 12:00 CEST is 12:00 CET (49 h)
  e('gz1', 'zbasket', '2026-10-24T10:00:00Z'), e('gz1', 'zorder', '2026-10-26T11:00:00Z'),
  e('gz2', 'zbasket', '2026-10-24T10:00:00Z'), e('gz2', 'zorder', '2026-10-26T11:00:01Z'),
  // within applies to the first step
  e('w1', 'trial', '2026-10-11T09:00:00Z'), e('w1', 'upgrade', '2026-10-12T09:00:00Z'),
  e('w2', 'trial', '2026-10-11T08:59:59Z'), e('w2', 'upgrade', '2026-10-12T09:00:00Z'),
  e('w3', 'trial', '2026-10-05T09:00:00Z'), e('w3', 'trial', '2026-10-20T09:00:00Z'), e('w3', 'upgrade', '2026-10-21T09:00:00Z'),
  e('w4', 'trial', '2026-10-05T09:00:00Z'), e('w4', 'upgrade', '2026-10-21T09:00:00Z'),
  e('w5', 'trial', '2026-10-09T09:00:00Z'), e('w5', 'upgrade', '2026-10-15T09:00:00Z'),
];

const carts: FixtureEvent[] = [
  e('a1', 'cart_add', '2026-10-20T10:00:00Z'),
  e('a2', 'cart_add', '2026-10-20T10:00:00Z'), e('a2', 'purchase', '2026-10-22T10:00:00Z'), // exactly at the end of the gap
  e('a3', 'cart_add', '2026-10-20T10:00:00Z'), e('a3', 'purchase', '2026-10-22T10:00:01Z'), // one second too late
  e('a4', 'cart_add', '2026-10-20T10:00:00Z'), e('a4', 'purchase', '2026-10-20T10:00:00Z'), // same instant: not after
  e('a5', 'cart_add', '2026-10-18T10:00:00Z'), e('a5', 'purchase', '2026-10-19T10:00:00Z'), e('a5', 'cart_add', '2026-10-20T10:00:00Z'),
  e('a6', 'purchase', '2026-10-21T10:00:00Z'),
  e('a7', 'cart_add', '2026-10-20T10:00:00Z'), e('a7', 'purchase', '2026-10-21T10:00:00Z', { amount: 0 }),
];

let utc: Fixture, zurich: Fixture, cartsUtc: Fixture;
before(async () => {
  utc = await fixture({ tz: 'UTC', events: patterns });
  zurich = await fixture({ tz: 'Europe/Zurich', events: patterns });
  cartsUtc = await fixture({ tz: 'UTC', events: carts });
});
after(async () => {
  for (const f of [utc, zurich, cartsUtc]) await f.close();
});

describe('§5 order', () => {
  test('steps match in order, each strictly after the previous; events after now do not count', async () => {
    const ws = await utc.at(N);
    await expectMembers(ws, seq([{ event: 'signup' }, { event: 'purchase' }]), ['s1', 's5']);
    await expectMembers(ws, seq([{ event: 'purchase' }, { event: 'signup' }]), ['s2']);
  });

  test('three steps, each with its own where', async () => {
    const ws = await utc.at(N);
    const steps = [
      { event: 'view', where: field('sku', 'eq', 'a') }, { event: 'cart', where: field('sku', 'eq', 'A') }, { event: 'buy' },
    ];
    await expectMembers(ws, seq(steps), ['t1']);
    await expectMembers(ws, seq([{ event: 'view' }, { event: 'cart' }, { event: 'buy' }]), ['t1', 't2']);
  });
});

describe('§5 gap', () => {
  test('the next step at most gap after the previous: exactly at the edge counts, one second later does not', async () => {
    const ws = await utc.at(N);
    await expectMembers(ws, seq([{ event: 'basket' }, { event: 'order' }], { gap: '48h' }), ['g1', 'g3']);
    await expectMembers(ws, seq([{ event: 'basket' }, { event: 'order' }], { gap: '2d' }), ['g1', 'g3']);
    await expectMembers(ws, seq([{ event: 'basket' }, { event: 'order' }], { gap: '172801s' }), ['g1', 'g2', 'g3']);
    await expectMembers(ws, seq([{ event: 'basket' }, { event: 'order' }]), ['g1', 'g2', 'g3']);
  });

  test('a gap in days is a calendar step in the workspace zone', async () => {
    const at = '2026-10-27T00:00:00Z';
    const steps = [{ event: 'zbasket' }, { event: 'zorder' }];
    await expectMembers(await zurich.at(at), seq(steps, { gap: '2d' }), ['gz1']);
    await expectMembers(await zurich.at(at), seq(steps, { gap: '48h' }), []);
    await expectMembers(await utc.at(at), seq(steps, { gap: '2d' }), []);
  });
});

describe('§5 within', () => {
  test('within bounds the first step, to the second', async () => {
    // 14d back from now is 2026-10-11T09:00Z.
    await expectMembers(await utc.at(N), seq([{ event: 'trial' }, { event: 'upgrade' }], { within: '14d' }), ['w1', 'w3']);
  });

  test('only the first step must be inside a {from, to} range', async () => {
    const within = { from: '2026-10-01T00:00:00Z', to: '2026-10-10T00:00:00Z' };
    await expectMembers(await utc.at(N), seq([{ event: 'trial' }, { event: 'upgrade' }], { within }), ['w3', 'w4', 'w5']);
  });
});

describe('§5 absent last step', () => {
  const abandoned = seq([{ event: 'cart_add' }, { event: 'purchase', absent: true }], { within: '14d', gap: '48h' });

  test('false until the gap has fully elapsed', async () => {
    await expectMembers(await cartsUtc.at('2026-10-20T10:00:00Z'), abandoned, []);
    await expectMembers(await cartsUtc.at('2026-10-22T09:59:59Z'), abandoned, []);
  });

  test('true exactly when the gap has elapsed (ts + gap <= now), unless the step occurred in (ts, ts + gap]', async () => {
    await expectMembers(await cartsUtc.at('2026-10-22T10:00:00Z'), abandoned, ['a1', 'a3', 'a4', 'a5']);
    await expectMembers(await cartsUtc.at('2026-10-23T00:00:00Z'), abandoned, ['a1', 'a3', 'a4', 'a5']);
    // a6 never added to cart; a7 bought, so it is out.
  });

  test('the absent step may carry a where: only matching events spoil the pattern', async () => {
    // a7's purchase has amount 0 and matches; a2's purchase has no amount and does not.
    const c = seq([{ event: 'cart_add' }, { event: 'purchase', absent: true, where: field('amount', 'gte', 0) }], { within: '14d', gap: '48h' });
    await expectMembers(await cartsUtc.at('2026-10-23T00:00:00Z'), c, ['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  test('false again when the cart event falls out of within', async () => {
    // 14d after 2026-10-20T10:00Z the cart is on the edge of the window, then outside it.
    await expectMembers(await cartsUtc.at('2026-11-03T10:00:00Z'), abandoned, ['a1', 'a3', 'a4', 'a5']);
    await expectMembers(await cartsUtc.at('2026-11-03T10:00:01Z'), abandoned, []);
  });

  test('the DSL example "added to cart but did not buy within 48 hours"', async () => {
    const ws = await cartsUtc.at('2026-10-22T10:00:00Z');
    const c = ws.parseConditionText('performed cart_add then not purchase gap 48h within 14d');
    assert.deepEqual(c, abandoned);
    await expectMembers(ws, c, ['a1', 'a3', 'a4', 'a5']);
  });

  test('only the last step may be absent, and an absent step needs a gap', async () => {
    const ws = await cartsUtc.at(N);
    const notLast = await issuesOf(ws.query(seq([{ event: 'cart_add' }, { event: 'purchase', absent: true }, { event: 'x' }], { gap: '1d' })));
    assert.ok(notLast.some((i) => i.code === 'invalid_condition' && i.path === 'steps[1].absent'), JSON.stringify(notLast));
    const noGap = await issuesOf(ws.query(seq([{ event: 'cart_add' }, { event: 'purchase', absent: true }])));
    assert.deepEqual(noGap.map((i) => i.code), ['invalid_condition']);
  });
});
