import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Workspace } from '../../src/engine/index.js';
import { fixture, type Fixture, type FixtureEvent } from '../workspace-fixture.js';
import { expectMembers, field, issuesOf, type Condition } from './helpers.js';

// SEGMENT-LANGUAGE §7: segments, manual changes, references, cycles, deletion, aliases,
// and the change log. Each test builds its own store, since segments change it.

const fields = [
  { key: 'country', label: 'Country', type: 'text' as const },
  { key: 'points', label: 'Points', type: 'number' as const },
];
const contacts = [
  { id: 'c1', country: 'CH', points: 100 },
  { id: 'c2', country: 'CH', points: 2000 },
  { id: 'c3', country: 'DE', points: 1500 },
  { id: 'c4', country: 'FR', points: 10 },
  { id: 'c5' },
];
const T0 = '2026-10-25T09:00:00Z';
const ms = (iso: string) => Date.parse(iso);
const inSeg = (segment: string, op: 'in' | 'not_in' = 'in'): Condition => ({ type: 'segment', segment, op });

async function withStore(run: (f: Fixture, ws: Workspace) => Promise<void>, events: FixtureEvent[] = []): Promise<void> {
  const f = await fixture({ tz: 'UTC', fields, contacts, events });
  try {
    await run(f, await f.at(T0));
  } finally {
    await f.close();
  }
}

async function changes(f: Fixture, alias: string) {
  return (await f.store.changes(alias))
    .map((c) => ({ id: c.contactId, change: c.change, at: new Date(c.at).toISOString() }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id) || a.change.localeCompare(b.change));
}

describe('§7 manual include and exclude', () => {
  test('membership = (matching ∪ included) \\ excluded; both stay whatever the condition says', () => withStore(async (_f, ws) => {
    await ws.applySegments({ name: 'Swiss', alias: 'swiss', condition: field('country', 'eq', 'CH') });
    assert.deepEqual(await ws.members('swiss'), ['c1', 'c2']);
    await ws.setManual('swiss', ['c3'], 'include');
    assert.deepEqual(await ws.members('swiss'), ['c1', 'c2', 'c3']);
    await ws.setManual('swiss', ['c1'], 'exclude');
    assert.deepEqual(await ws.members('swiss'), ['c2', 'c3']);
    await ws.rebuild();
    assert.deepEqual(await ws.members('swiss'), ['c2', 'c3']);
    // The included contact stays and the excluded one stays out through condition edits.
    await ws.applySegments({ name: 'Swiss', alias: 'swiss', condition: field('country', 'eq', 'FR') });
    assert.deepEqual(await ws.members('swiss'), ['c3', 'c4']);
    await ws.applySegments({ name: 'Swiss', alias: 'swiss', condition: field('country', 'eq', 'CH') });
    assert.deepEqual(await ws.members('swiss'), ['c2', 'c3']);
    // Until changed by hand: re-including undoes the exclusion, excluding removes an inclusion.
    await ws.setManual('swiss', ['c1'], 'include');
    assert.deepEqual(await ws.members('swiss'), ['c1', 'c2', 'c3']);
    await ws.setManual('swiss', ['c3'], 'exclude');
    assert.deepEqual(await ws.members('swiss'), ['c1', 'c2']);
    await ws.setManual('swiss', ['c2'], 'exclude');
    assert.deepEqual(await ws.members('swiss'), ['c1']);
    assert.deepEqual(await ws.store.manual('swiss'), { include: ['c1'], exclude: ['c2', 'c3'] });
    // Reset hands contacts back to the condition: c2 (Swiss) returns, c3 (not Swiss) stays out.
    await ws.setManual('swiss', ['c2', 'c3'], 'reset');
    assert.deepEqual(await ws.members('swiss'), ['c1', 'c2']);
    assert.deepEqual(await ws.store.manual('swiss'), { include: ['c1'], exclude: [] });
  }));

  test('explain tells a manual decision from the condition', () => withStore(async (_f, ws) => {
    await ws.applySegments({ name: 'Swiss', alias: 'swiss', condition: field('country', 'eq', 'CH') });
    await ws.setManual('swiss', ['c3'], 'include');
    await ws.setManual('swiss', ['c1'], 'exclude');
    const inc = await ws.explain('swiss', 'c3');
    assert.deepEqual({ member: inc.member, matches: inc.matches, manual: inc.manual }, { member: true, matches: false, manual: 'include' });
    const exc = await ws.explain('swiss', 'c1');
    assert.deepEqual({ member: exc.member, matches: exc.matches, manual: exc.manual }, { member: false, matches: true, manual: 'exclude' });
  }));

  test('unknown contact ids are refused and change nothing', () => withStore(async (_f, ws) => {
    await ws.applySegments({ name: 'Swiss', alias: 'swiss', condition: field('country', 'eq', 'CH') });
    const issues = await issuesOf(ws.setManual('swiss', ['c3', 'nobody'], 'include'));
    assert.deepEqual(issues.map((i) => [i.code, i.message]), [['not_found', 'unknown contact id nobody']]);
    assert.deepEqual(await ws.members('swiss'), ['c1', 'c2']);
  }));
});

describe('§7 manual segments', () => {
  test('a manual segment is only its included contacts', () => withStore(async (_f, ws) => {
    const { saved } = await ws.applySegments({ name: 'Hand picked', kind: 'manual' });
    assert.deepEqual(saved.map((s) => [s.alias, s.kind, s.condition]), [['hand_picked', 'manual', null]]);
    assert.deepEqual(await ws.members('hand_picked'), []);
    await ws.setManual('hand_picked', ['c5', 'c2'], 'include');
    assert.deepEqual(await ws.members('hand_picked'), ['c2', 'c5']);
    await ws.setManual('hand_picked', ['c2'], 'exclude');
    assert.deepEqual(await ws.members('hand_picked'), ['c5']);
    await ws.rebuild();
    assert.deepEqual(await ws.members('hand_picked'), ['c5']);
    await expectMembers(ws, inSeg('hand_picked'), ['c5']);
  }));
});

describe('§7 segment references', () => {
  test('segment conditions see the referenced segment’s final membership, manual changes included', () => withStore(async (_f, ws) => {
    await ws.applySegments({ name: 'VIP', alias: 'vip', condition: field('points', 'gte', 1000) });
    await ws.setManual('vip', ['c3'], 'exclude');
    await ws.setManual('vip', ['c4'], 'include');
    assert.deepEqual(await ws.members('vip'), ['c2', 'c4']);
    await ws.applySegments([
      { name: 'Swiss VIP', alias: 'swiss_vip', condition: { type: 'and', conditions: [inSeg('vip'), field('country', 'eq', 'ch')] } },
      { name: 'Not VIP', alias: 'not_vip', condition: inSeg('vip', 'not_in') },
    ]);
    await ws.applySegments({ name: 'Top', alias: 'top', condition: 'in segment swiss_vip' });
    assert.deepEqual(await ws.members('swiss_vip'), ['c2']);
    assert.deepEqual(await ws.members('not_vip'), ['c1', 'c3', 'c5']);
    assert.deepEqual(await ws.members('top'), ['c2']);
    await expectMembers(ws, inSeg('vip'), ['c2', 'c4']);
    await expectMembers(ws, inSeg('vip', 'not_in'), ['c1', 'c3', 'c5']);
    await expectMembers(ws, ws.parseConditionText('in segment vip and not in segment swiss_vip'), ['c4']);
  }));

  test('a manual change or an edit of the referenced segment reaches its referrers at once', () => withStore(async (_f, ws) => {
    await ws.applySegments({ name: 'VIP', alias: 'vip', condition: field('points', 'gte', 1000) });
    await ws.applySegments([
      { name: 'Swiss VIP', alias: 'swiss_vip', condition: { type: 'and', conditions: [inSeg('vip'), field('country', 'eq', 'ch')] } },
      { name: 'Not VIP', alias: 'not_vip', condition: inSeg('vip', 'not_in') },
    ]);
    await ws.applySegments({ name: 'Top', alias: 'top', condition: inSeg('swiss_vip') });
    assert.deepEqual(await ws.members('swiss_vip'), ['c2']);
    await ws.setManual('vip', ['c1'], 'include');
    assert.deepEqual(await ws.members('vip'), ['c1', 'c2', 'c3']);
    assert.deepEqual(await ws.members('swiss_vip'), ['c1', 'c2']);
    assert.deepEqual(await ws.members('not_vip'), ['c4', 'c5']);
    assert.deepEqual(await ws.members('top'), ['c1', 'c2']);
    await ws.applySegments({ name: 'VIP', alias: 'vip', condition: field('points', 'lt', 50) });
    assert.deepEqual(await ws.members('vip'), ['c1', 'c4']);
    assert.deepEqual(await ws.members('swiss_vip'), ['c1']);
    assert.deepEqual(await ws.members('not_vip'), ['c2', 'c3', 'c5']);
    assert.deepEqual(await ws.members('top'), ['c1']);
  }));

  test('a reference to an unknown segment is refused', () => withStore(async (_f, ws) => {
    const { errors } = await ws.check({ name: 'X', alias: 'x', condition: inSeg('nope') });
    assert.deepEqual(errors.map((e) => [e.code, e.message, e.path]), [['unknown_segment', 'unknown segment "nope"', 'condition.segment']]);
  }));
});

describe('§7 cycles', () => {
  test('a definition closing a cycle at any depth is rejected with the cycle’s aliases in order', () => withStore(async (_f, ws) => {
    await ws.applySegments({ name: 'A', alias: 'a', condition: { type: 'all' } });
    await ws.applySegments({ name: 'B', alias: 'b', condition: inSeg('a') });
    await ws.applySegments({ name: 'C', alias: 'c', condition: inSeg('b') });
    // a → c → b → a: a would reference c, which references b, which references a.
    const issues = await issuesOf(ws.applySegments({ name: 'A', alias: 'a', condition: inSeg('c') }));
    assert.deepEqual(issues.map((i) => i.code), ['cycle']);
    assert.equal(issues[0].message, 'segment references form a cycle: a → c → b → a');
    // Nothing was saved.
    assert.deepEqual((await ws.segment('a')).condition, { type: 'all' });
    assert.deepEqual(await ws.members('c'), ['c1', 'c2', 'c3', 'c4', 'c5']);
  }));

  test('a segment referencing itself is a cycle', () => withStore(async (_f, ws) => {
    const issues = await issuesOf(ws.applySegments({ name: 'Self', alias: 'self', condition: { type: 'or', conditions: [inSeg('self'), field('points', 'gt', 1)] } }));
    assert.deepEqual(issues.map((i) => [i.code, i.message]), [['cycle', 'segment references form a cycle: self → self']]);
    assert.deepEqual(await ws.segments(), []);
  }));

  test('a cycle among definitions saved together is rejected, and none of them is saved', () => withStore(async (_f, ws) => {
    const issues = await issuesOf(ws.applySegments([
      { name: 'X', alias: 'x', condition: inSeg('y') },
      { name: 'Y', alias: 'y', condition: inSeg('x', 'not_in') },
    ]));
    assert.ok(issues.length >= 1 && issues.every((i) => i.code === 'cycle'), JSON.stringify(issues));
    assert.ok(issues.some((i) => i.message === 'segment references form a cycle: x → y → x'), JSON.stringify(issues));
    assert.deepEqual(await ws.segments(), []);
  }));
});

describe('§7 deleting', () => {
  test('a referenced segment cannot be deleted; the error names the referrers', () => withStore(async (_f, ws) => {
    await ws.applySegments({ name: 'VIP', alias: 'vip', condition: field('points', 'gte', 1000) });
    await ws.applySegments([
      { name: 'Swiss VIP', alias: 'swiss_vip', condition: { type: 'and', conditions: [inSeg('vip'), field('country', 'eq', 'ch')] } },
      { name: 'Not VIP', alias: 'not_vip', condition: inSeg('vip', 'not_in') },
    ]);
    const issues = await issuesOf(ws.deleteSegment('vip'));
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'referenced');
    assert.match(issues[0].message, /segment "vip" is referenced by /);
    assert.match(issues[0].message, /\bswiss_vip\b/);
    assert.match(issues[0].message, /\bnot_vip\b/);
    assert.deepEqual(await ws.members('vip'), ['c2', 'c3']);
    await ws.deleteSegment('swiss_vip');
    await issuesOf(ws.deleteSegment('vip'));
    await ws.deleteSegment('not_vip');
    await ws.deleteSegment('vip');
    assert.deepEqual(await ws.segments(), []);
    assert.deepEqual((await issuesOf(ws.members('vip'))).map((i) => i.code), ['not_found']);
  }));
});

describe('§7 aliases', () => {
  test('generated from the name: lower-case ASCII, other characters to _, collisions get _2, _3…', () => withStore(async (_f, ws) => {
    await ws.applySegments([{ name: 'VIP Customers' }, { name: 'vip customers' }, { name: 'Vip-Customers' }]);
    await ws.applySegments({ name: 'Vip.Customers' });
    await ws.applySegments({ name: 'Zürich Fans 2026' });
    await ws.applySegments({ name: 'Explicit', alias: 'vip_customers_5' });
    await ws.applySegments({ name: 'VIP_customers' });
    const aliases = (await ws.segments()).map((s) => [s.alias, s.name]).sort();
    assert.deepEqual(aliases, [
      ['vip_customers', 'VIP Customers'],
      ['vip_customers_2', 'vip customers'],
      ['vip_customers_3', 'Vip-Customers'],
      ['vip_customers_4', 'Vip.Customers'],
      ['vip_customers_5', 'Explicit'],
      ['vip_customers_6', 'VIP_customers'],
      ['z_rich_fans_2026', 'Zürich Fans 2026'],
    ]);
  }));

  test('an explicit alias must match ^[a-z0-9_]+$', () => withStore(async (_f, ws) => {
    const issues = await issuesOf(ws.applySegments({ name: 'Bad', alias: 'Bad-Alias' }));
    assert.deepEqual(issues.map((i) => [i.code, i.path]), [['invalid_condition', 'alias']]);
  }));
});

describe('§7 change log and rebuild', () => {
  test('every change is recorded once, as entered or left, at the time it happened; nothing when nothing changed', () => withStore(async (f, ws0) => {
    const { rebuilt } = await ws0.applySegments({ name: 'Big', alias: 'big', condition: field('points', 'gte', 1000) });
    assert.deepEqual(rebuilt.map((r) => [r.alias, r.entered, r.left, r.total]), [['big', 2, 0, 2]]);
    const log0 = [
      { id: 'c2', change: 'entered', at: '2026-10-25T09:00:00.000Z' },
      { id: 'c3', change: 'entered', at: '2026-10-25T09:00:00.000Z' },
    ];
    assert.deepEqual(await changes(f, 'big'), log0);

    // Rebuilding later with nothing changed writes nothing.
    const ws1 = await f.at('2026-10-25T10:00:00Z');
    const reports = await ws1.rebuild();
    assert.deepEqual(reports.map((r) => [r.alias, r.entered, r.left, r.total]), [['big', 0, 0, 2]]);
    await ws1.rebuild(['big']);
    assert.deepEqual(await changes(f, 'big'), log0);

    // Editing the condition moves contacts at once.
    const ws2 = await f.at('2026-10-25T11:00:00Z');
    await ws2.applySegments({ name: 'Big', alias: 'big', condition: field('points', 'gte', 100) });
    assert.deepEqual(await ws2.members('big'), ['c1', 'c2', 'c3']);
    const ws3 = await f.at('2026-10-25T12:00:00Z');
    await ws3.applySegments({ name: 'Big', alias: 'big', condition: field('country', 'eq', 'DE') });
    assert.deepEqual(await ws3.members('big'), ['c3']);
    // Manual changes are changes too; repeating one is not.
    const ws4 = await f.at('2026-10-25T13:00:00Z');
    await ws4.setManual('big', ['c4'], 'include');
    await (await f.at('2026-10-25T13:30:00Z')).setManual('big', ['c4'], 'include');
    const ws5 = await f.at('2026-10-25T14:00:00Z');
    await ws5.setManual('big', ['c3'], 'exclude');
    assert.deepEqual(await ws5.members('big'), ['c4']);

    const full = [
      ...log0,
      { id: 'c1', change: 'entered', at: '2026-10-25T11:00:00.000Z' },
      { id: 'c1', change: 'left', at: '2026-10-25T12:00:00.000Z' },
      { id: 'c2', change: 'left', at: '2026-10-25T12:00:00.000Z' },
      { id: 'c4', change: 'entered', at: '2026-10-25T13:00:00.000Z' },
      { id: 'c3', change: 'left', at: '2026-10-25T14:00:00.000Z' },
    ];
    assert.deepEqual(await changes(f, 'big'), full);

    // A rebuild from scratch gives the same set as the incremental path, and records nothing.
    const ws6 = await f.at('2026-10-25T15:00:00Z');
    await ws6.rebuild();
    assert.deepEqual(await ws6.members('big'), ['c4']);
    assert.deepEqual(await changes(f, 'big'), full);
    await expectMembers(ws6, inSeg('big'), ['c4']);
  }));

  test('a time-driven change is recorded at the moment the condition’s boundary was crossed', () => withStore(async (f) => {
    const abandoned: Condition = { type: 'sequence', within: '14d', gap: '48h', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }] };
    await (await f.at('2026-10-21T00:00:00Z')).applySegments({ name: 'Abandoned', alias: 'abandoned', condition: abandoned });
    assert.deepEqual(await (await f.at('2026-10-21T00:00:00Z')).members('abandoned'), []);
    // Rebuilt well after the gap elapsed (2026-10-22T10:00Z): entered then, not at the rebuild.
    const later = await f.at('2026-10-23T00:00:00Z');
    await later.rebuild();
    assert.deepEqual(await later.members('abandoned'), ['c1']);
    assert.deepEqual(await changes(f, 'abandoned'), [{ id: 'c1', change: 'entered', at: '2026-10-22T10:00:00.000Z' }]);
    // Rebuilt a day after the cart fell out of the 14-day window (just after 2026-11-03T10:00Z).
    await (await f.at('2026-11-04T10:00:00Z')).rebuild();
    const left = (await changes(f, 'abandoned')).filter((c) => c.change === 'left');
    assert.equal(left.length, 1);
    assert.ok(ms(left[0].at) >= ms('2026-11-03T10:00:00.000Z') && ms(left[0].at) <= ms('2026-11-03T10:00:00.001Z'), left[0].at);
  }, [{ contact_id: 'c1', name: 'cart_add', ts: '2026-10-20T10:00:00Z' }]));

  test('a time-driven change rebuilt at the boundary itself is recorded at that time, once', () => withStore(async (f) => {
    const abandoned: Condition = { type: 'sequence', within: '14d', gap: '48h', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }] };
    await (await f.at('2026-10-21T00:00:00Z')).applySegments({ name: 'Abandoned', alias: 'abandoned', condition: abandoned });
    await (await f.at('2026-10-22T09:59:59Z')).rebuild();
    assert.deepEqual(await changes(f, 'abandoned'), []);
    await (await f.at('2026-10-22T10:00:00Z')).rebuild();
    await (await f.at('2026-10-22T11:00:00Z')).rebuild();
    assert.deepEqual(await changes(f, 'abandoned'), [{ id: 'c1', change: 'entered', at: '2026-10-22T10:00:00.000Z' }]);
    await (await f.at('2026-11-03T10:00:00Z')).rebuild();
    assert.deepEqual(await (await f.at('2026-11-03T10:00:00Z')).members('abandoned'), ['c1']);
    await (await f.at('2026-11-03T10:00:01Z')).rebuild();
    await (await f.at('2026-11-03T10:00:02Z')).rebuild();
    assert.deepEqual(await (await f.at('2026-11-03T10:00:02Z')).members('abandoned'), []);
    const log = await changes(f, 'abandoned');
    assert.deepEqual(log.map((c) => [c.id, c.change]), [['c1', 'entered'], ['c1', 'left']]);
    // Left somewhere in (boundary, first rebuild after it].
    assert.ok(ms(log[1].at) >= ms('2026-11-03T10:00:00.000Z') && ms(log[1].at) <= ms('2026-11-03T10:00:01.000Z'), log[1].at);
  }, [{ contact_id: 'c1', name: 'cart_add', ts: '2026-10-20T10:00:00Z' }]));
});
