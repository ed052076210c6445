import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Workspace } from '../../src/engine/index.js';
import { fixture, type Fixture } from '../workspace-fixture.js';
import { expectMembers, field, issuesOf, not, type Condition } from './helpers.js';

// SEGMENT-LANGUAGE §3: one test per row of the operator table, then missing values and
// case-insensitive strings. Every expectation names its members.

const fields = [
  { key: 'country', label: 'Country', type: 'text' as const },
  { key: 'points', label: 'Points', type: 'number' as const },
  { key: 'vip', label: 'VIP', type: 'boolean' as const },
  { key: 'plan', label: 'Plan', type: 'select' as const, options: ['free', 'pro', 'team'] },
  { key: 'interests', label: 'Interests', type: 'multiselect' as const, options: ['shoes', 'bags', 'hats'] },
  { key: 'birth_date', label: 'Birth date', type: 'date' as const },
  { key: 'last_order_at', label: 'Last order', type: 'datetime' as const },
];

const contacts = [
  {
    id: 'c1', country: 'CH', points: 100, vip: true, plan: 'pro', interests: ['shoes', 'bags'], tags: ['VIP', 'newsletter'],
    first_name: 'Anna', email: 'anna@example.com', birth_date: '1990-05-17', last_order_at: '2026-10-20T10:00:00Z',
  },
  {
    id: 'c2', country: 'ch', points: 50, vip: false, plan: 'free', interests: ['hats'], tags: ['newsletter'],
    first_name: 'Ölaf', email: 'olaf@shop.ch', birth_date: '1985-01-01',
  },
  {
    id: 'c3', country: 'DE', points: 1000, plan: 'team', interests: ['shoes', 'hats', 'bags'], tags: ['vip'],
    first_name: 'Zoë', email: 'Zoe@Example.de', last_order_at: '2026-10-21T10:00:00Z',
  },
  // Nothing set: the empty string is stored as missing (§1).
  { id: 'c4', country: '' },
  { id: 'c5', country: 'AT', points: 0, vip: false, interests: [], first_name: 'Jo-Anne', email: 'jo.anne@mail.at' },
];

let f: Fixture;
let ws: Workspace;
before(async () => {
  f = await fixture({ tz: 'UTC', fields, contacts });
  ws = await f.at('2026-10-25T09:00:00Z');
});
after(() => f.close());

describe('§3 operator table', () => {
  test('eq / neq: equal, on every scalar type', async () => {
    await expectMembers(ws, field('country', 'eq', 'CH'), ['c1', 'c2']);
    await expectMembers(ws, field('country', 'neq', 'CH'), ['c3', 'c4', 'c5']);
    await expectMembers(ws, field('points', 'eq', 100), ['c1']);
    await expectMembers(ws, field('points', 'neq', 100), ['c2', 'c3', 'c4', 'c5']);
    await expectMembers(ws, field('vip', 'eq', true), ['c1']);
    await expectMembers(ws, field('vip', 'eq', false), ['c2', 'c5']);
    await expectMembers(ws, field('vip', 'neq', false), ['c1', 'c3', 'c4']);
    await expectMembers(ws, field('plan', 'eq', 'pro'), ['c1']);
    await expectMembers(ws, field('birth_date', 'eq', '1990-05-17'), ['c1']);
    await expectMembers(ws, field('birth_date', 'neq', '1990-05-17'), ['c2', 'c3', 'c4', 'c5']);
    await expectMembers(ws, field('last_order_at', 'eq', '2026-10-20T10:00:00Z'), ['c1']);
    await expectMembers(ws, field('last_order_at', 'neq', '2026-10-20T10:00:00Z'), ['c2', 'c3', 'c4', 'c5']);
  });

  test('gt gte lt lte: compare numbers, dates and datetimes', async () => {
    await expectMembers(ws, field('points', 'gt', 50), ['c1', 'c3']);
    await expectMembers(ws, field('points', 'gte', 50), ['c1', 'c2', 'c3']);
    await expectMembers(ws, field('points', 'lt', 50), ['c5']);
    await expectMembers(ws, field('points', 'lte', 50), ['c2', 'c5']);
    await expectMembers(ws, field('birth_date', 'gt', '1986-01-01'), ['c1']);
    await expectMembers(ws, field('birth_date', 'gte', '1985-01-01'), ['c1', 'c2']);
    await expectMembers(ws, field('birth_date', 'lt', '1990-05-17'), ['c2']);
    await expectMembers(ws, field('birth_date', 'lte', '1990-05-17'), ['c1', 'c2']);
    await expectMembers(ws, field('last_order_at', 'gt', '2026-10-20T10:00:00Z'), ['c3']);
    await expectMembers(ws, field('last_order_at', 'gte', '2026-10-20T10:00:00Z'), ['c1', 'c3']);
    await expectMembers(ws, field('last_order_at', 'lt', '2026-10-21T10:00:00Z'), ['c1']);
    await expectMembers(ws, field('last_order_at', 'lte', '2026-10-21T10:00:00Z'), ['c1', 'c3']);
  });

  test('between / not_between: inclusive both ends', async () => {
    await expectMembers(ws, field('points', 'between', [50, 100]), ['c1', 'c2']);
    await expectMembers(ws, field('points', 'not_between', [50, 100]), ['c3', 'c4', 'c5']);
    await expectMembers(ws, field('birth_date', 'between', ['1985-01-01', '1990-05-17']), ['c1', 'c2']);
    await expectMembers(ws, field('birth_date', 'not_between', ['1985-01-01', '1990-05-17']), ['c3', 'c4', 'c5']);
    await expectMembers(ws, field('last_order_at', 'between', ['2026-10-20T10:00:00Z', '2026-10-21T09:59:59Z']), ['c1']);
    await expectMembers(ws, field('last_order_at', 'between', ['2026-10-20T10:00:01Z', '2026-10-21T10:00:00Z']), ['c3']);
    await expectMembers(ws, field('last_order_at', 'not_between', ['2026-10-20T10:00:01Z', '2026-10-21T10:00:00Z']), ['c1', 'c2', 'c4', 'c5']);
  });

  test('in / not_in: value is one of a list', async () => {
    await expectMembers(ws, field('country', 'in', ['ch', 'de']), ['c1', 'c2', 'c3']);
    await expectMembers(ws, field('country', 'not_in', ['ch', 'de']), ['c4', 'c5']);
    await expectMembers(ws, field('points', 'in', [0, 1000]), ['c3', 'c5']);
    await expectMembers(ws, field('points', 'not_in', [0, 1000]), ['c1', 'c2', 'c4']);
    await expectMembers(ws, field('plan', 'in', ['Free', 'team']), ['c2', 'c3']);
    await expectMembers(ws, field('plan', 'not_in', ['Free', 'team']), ['c1', 'c4', 'c5']);
  });

  test('in / not_in on boolean and datetime fields (they are scalars too)', async () => {
    await expectMembers(ws, field('vip', 'in', [true]), ['c1']);
    await expectMembers(ws, field('vip', 'not_in', [false]), ['c1', 'c3', 'c4']);
    await expectMembers(ws, field('last_order_at', 'in', ['2026-10-20T10:00:00Z', '2030-01-01T00:00:00Z']), ['c1']);
    await expectMembers(ws, field('last_order_at', 'not_in', ['2026-10-20T10:00:00Z']), ['c2', 'c3', 'c4', 'c5']);
  });

  test('number constants beyond the 64-bit integer range compare like any number', async () => {
    await expectMembers(ws, field('points', 'lt', 1e19), ['c1', 'c2', 'c3', 'c5']);
    await expectMembers(ws, field('points', 'gt', -1e19), ['c1', 'c2', 'c3', 'c5']);
  });

  test('contains / not_contains: substring of text, element of multiselect and tags', async () => {
    await expectMembers(ws, field('first_name', 'contains', 'AN'), ['c1', 'c5']);
    await expectMembers(ws, field('first_name', 'not_contains', 'AN'), ['c2', 'c3', 'c4']);
    await expectMembers(ws, field('tags', 'contains', 'vip'), ['c1', 'c3']);
    await expectMembers(ws, field('tags', 'not_contains', 'vip'), ['c2', 'c4', 'c5']);
    await expectMembers(ws, field('interests', 'contains', 'HATS'), ['c2', 'c3']);
    await expectMembers(ws, field('interests', 'not_contains', 'HATS'), ['c1', 'c4', 'c5']);
    // An element, not a substring of an element.
    await expectMembers(ws, field('tags', 'contains', 'news'), []);
  });

  test('starts_with / ends_with: text', async () => {
    await expectMembers(ws, field('email', 'starts_with', 'ANNA@'), ['c1']);
    await expectMembers(ws, field('first_name', 'starts_with', 'zo'), ['c3']);
    await expectMembers(ws, field('email', 'ends_with', '.CH'), ['c2']);
    await expectMembers(ws, field('email', 'ends_with', 'example.de'), ['c3']);
  });

  test('any_of / none_of / all_of: multiselect and tags', async () => {
    await expectMembers(ws, field('interests', 'any_of', ['shoes', 'hats']), ['c1', 'c2', 'c3']);
    await expectMembers(ws, field('interests', 'none_of', ['shoes', 'hats']), ['c4', 'c5']);
    await expectMembers(ws, field('interests', 'none_of', ['shoes']), ['c2', 'c4', 'c5']);
    await expectMembers(ws, field('interests', 'all_of', ['shoes', 'bags']), ['c1', 'c3']);
    await expectMembers(ws, field('interests', 'all_of', ['shoes', 'bags', 'hats']), ['c3']);
    await expectMembers(ws, field('tags', 'any_of', ['VIP']), ['c1', 'c3']);
    await expectMembers(ws, field('tags', 'none_of', ['newsletter']), ['c3', 'c4', 'c5']);
    await expectMembers(ws, field('tags', 'all_of', ['vip', 'newsletter']), ['c1']);
  });

  test('matches / not_matches: regular expression on text', async () => {
    const re = '^[a-z]+@example\\.(com|de)$';
    await expectMembers(ws, field('email', 'matches', re), ['c1', 'c3']);
    await expectMembers(ws, field('email', 'not_matches', re), ['c2', 'c4', 'c5']);
    await expectMembers(ws, field('first_name', 'matches', 'n{2}'), ['c1', 'c5']);
  });

  test('matches: patterns outside the portable subset are rejected when saved', async () => {
    for (const pattern of ['^(?=a)', '(a)\\1', 'a(?!b)']) {
      const issues = await issuesOf(ws.applySegments({ name: 'Bad regex', condition: field('email', 'matches', pattern) }));
      assert.deepEqual(issues.map((i) => i.code), ['invalid_regex'], pattern);
      assert.equal(issues[0].path, 'condition.value');
    }
    assert.deepEqual((await ws.segments()).map((s) => s.alias), []);
  });

  test('is_set / is_not_set: value present (non-empty; a multiselect with at least one element)', async () => {
    await expectMembers(ws, field('country', 'is_set'), ['c1', 'c2', 'c3', 'c5']);
    await expectMembers(ws, field('country', 'is_not_set'), ['c4']);
    await expectMembers(ws, field('interests', 'is_set'), ['c1', 'c2', 'c3']);
    await expectMembers(ws, field('interests', 'is_not_set'), ['c4', 'c5']);
    await expectMembers(ws, field('tags', 'is_not_set'), ['c4', 'c5']);
    await expectMembers(ws, field('vip', 'is_set'), ['c1', 'c2', 'c5']);
    await expectMembers(ws, field('points', 'is_set'), ['c1', 'c2', 'c3', 'c5']);
    await expectMembers(ws, field('last_order_at', 'is_set'), ['c1', 'c3']);
    await expectMembers(ws, field('birth_date', 'is_not_set'), ['c3', 'c4', 'c5']);
  });

  test('is_true / is_false: boolean, is_false is false when missing', async () => {
    await expectMembers(ws, field('vip', 'is_true'), ['c1']);
    await expectMembers(ws, field('vip', 'is_false'), ['c2', 'c5']);
    await expectMembers(ws, not(field('vip', 'is_false')), ['c1', 'c3', 'c4']);
  });

  test('operators outside their types are refused', async () => {
    const cases: Condition[] = [
      field('country', 'gt', 'A'), field('points', 'contains', '1'), field('country', 'any_of', ['CH']),
      field('tags', 'starts_with', 'v'), field('country', 'is_true'), field('points', 'matches', '1'),
      field('interests', 'between', ['a', 'b']), field('vip', 'gt', true),
    ];
    for (const c of cases) {
      const issues = await issuesOf(ws.query(c));
      assert.deepEqual(issues.map((i) => i.code), ['type_mismatch'], JSON.stringify(c));
    }
  });

  test('negative operators are exactly not of their positive twin', async () => {
    const pairs: [Condition, Condition][] = [
      [field('country', 'eq', 'ch'), field('country', 'neq', 'ch')],
      [field('points', 'between', [0, 100]), field('points', 'not_between', [0, 100])],
      [field('country', 'in', ['at', 'de']), field('country', 'not_in', ['at', 'de'])],
      [field('first_name', 'contains', 'o'), field('first_name', 'not_contains', 'o')],
      [field('tags', 'contains', 'newsletter'), field('tags', 'not_contains', 'newsletter')],
      [field('interests', 'any_of', ['bags']), field('interests', 'none_of', ['bags'])],
      [field('email', 'matches', 'example'), field('email', 'not_matches', 'example')],
      [field('vip', 'is_set'), field('vip', 'is_not_set')],
    ];
    const everyone = ['c1', 'c2', 'c3', 'c4', 'c5'];
    for (const [pos, neg] of pairs) {
      const p = (await ws.query(pos)).sort();
      const n = (await ws.query(neg)).sort();
      assert.deepEqual([...p, ...n].sort(), everyone, JSON.stringify(pos));
      assert.deepEqual(n, (await ws.query(not(pos))).sort());
      assert.deepEqual((await ws.evaluateAll(neg)).sort(), n);
    }
  });
});

describe('§3 missing values', () => {
  test('country neq "CH" includes contacts with no country (as in Mautic)', async () => {
    await expectMembers(ws, field('country', 'neq', 'CH'), ['c3', 'c4', 'c5']);
  });

  test('every positive operator is false on a missing value, every negative twin true', async () => {
    // c4 has nothing set at all.
    const positives: Condition[] = [
      field('country', 'eq', 'x'), field('points', 'between', [-1e9, 1e9]), field('country', 'in', ['x']),
      field('first_name', 'contains', ''), field('tags', 'contains', 'vip'), field('interests', 'any_of', ['shoes']),
      field('email', 'matches', '.*'), field('vip', 'is_set'), field('points', 'lt', 1e12), field('points', 'gt', -1e12),
      field('birth_date', 'lte', '2100-01-01'), field('last_order_at', 'gte', '1970-01-01T00:00:00Z'),
      field('interests', 'all_of', ['shoes']), field('email', 'starts_with', 'a'), field('email', 'ends_with', 'm'),
      field('vip', 'is_true'), field('vip', 'is_false'),
    ];
    for (const c of positives) {
      assert.ok(!(await ws.query(c)).includes('c4'), `SQL ${JSON.stringify(c)}`);
      assert.ok(!(await ws.evaluateAll(c)).includes('c4'), `memory ${JSON.stringify(c)}`);
    }
    const negatives: [Condition, string[]][] = [
      [field('country', 'neq', 'x'), ['c1', 'c2', 'c3', 'c4', 'c5']],
      [field('points', 'not_between', [-1e9, 1e9]), ['c4']],
      [field('country', 'not_in', ['x']), ['c1', 'c2', 'c3', 'c4', 'c5']],
      [field('first_name', 'not_contains', ''), ['c4']],
      [field('tags', 'not_contains', 'vip'), ['c2', 'c4', 'c5']],
      [field('interests', 'none_of', ['shoes']), ['c2', 'c4', 'c5']],
      [field('email', 'not_matches', '.*'), ['c4']],
      [field('vip', 'is_not_set'), ['c3', 'c4']],
    ];
    for (const [c, expected] of negatives) await expectMembers(ws, c, expected, JSON.stringify(c));
  });
});

describe('§3 strings and case', () => {
  test('text compares in Unicode lower case unless case_sensitive', async () => {
    await expectMembers(ws, field('first_name', 'eq', 'ÖLAF'), ['c2']);
    await expectMembers(ws, field('first_name', 'eq', 'zoë'), ['c3']);
    await expectMembers(ws, field('first_name', 'starts_with', 'öl'), ['c2']);
    await expectMembers(ws, field('first_name', 'matches', '^ÖL'), ['c2']);
    await expectMembers(ws, field('first_name', 'in', ['ZOË', 'x']), ['c3']);
    await expectMembers(ws, field('first_name', 'eq', 'ÖLAF', { case_sensitive: true }), []);
    await expectMembers(ws, field('first_name', 'eq', 'Ölaf', { case_sensitive: true }), ['c2']);
  });

  test('case_sensitive holds for eq, neq, contains and starts/ends_with', async () => {
    await expectMembers(ws, field('country', 'eq', 'CH', { case_sensitive: true }), ['c1']);
    await expectMembers(ws, field('country', 'neq', 'CH', { case_sensitive: true }), ['c2', 'c3', 'c4', 'c5']);
    await expectMembers(ws, field('first_name', 'contains', 'AN', { case_sensitive: true }), []);
    await expectMembers(ws, field('first_name', 'contains', 'An', { case_sensitive: true }), ['c1', 'c5']);
    await expectMembers(ws, field('email', 'starts_with', 'zoe', { case_sensitive: true }), []);
    await expectMembers(ws, field('email', 'ends_with', '.DE', { case_sensitive: true }), []);
    await expectMembers(ws, field('email', 'ends_with', '.de', { case_sensitive: true }), ['c3']);
  });

  test('case_sensitive holds for matches', async () => {
    const re = '^[a-z]+@example\\.(com|de)$';
    await expectMembers(ws, field('email', 'matches', re, { case_sensitive: true }), ['c1']);
    await expectMembers(ws, field('email', 'not_matches', re, { case_sensitive: true }), ['c2', 'c3', 'c4', 'c5']);
    await expectMembers(ws, field('first_name', 'matches', '^zo'), ['c3']);
    await expectMembers(ws, field('first_name', 'matches', '^zo', { case_sensitive: true }), []);
  });

  test('case_sensitive holds for list operators (in, contains, any_of, all_of, none_of)', async () => {
    await expectMembers(ws, field('country', 'in', ['CH', 'de'], { case_sensitive: true }), ['c1']);
    await expectMembers(ws, field('country', 'not_in', ['CH', 'de'], { case_sensitive: true }), ['c2', 'c3', 'c4', 'c5']);
    await expectMembers(ws, field('tags', 'contains', 'vip', { case_sensitive: true }), ['c3']);
    await expectMembers(ws, field('tags', 'any_of', ['VIP'], { case_sensitive: true }), ['c1']);
    await expectMembers(ws, field('tags', 'all_of', ['vip', 'newsletter'], { case_sensitive: true }), []);
    await expectMembers(ws, field('tags', 'none_of', ['vip'], { case_sensitive: true }), ['c1', 'c2', 'c4', 'c5']);
  });
});

describe('§2 logic', () => {
  test('empty and is true, empty or is false, not is exact negation, all is everyone', async () => {
    await expectMembers(ws, { type: 'and', conditions: [] }, ['c1', 'c2', 'c3', 'c4', 'c5']);
    await expectMembers(ws, { type: 'or', conditions: [] }, []);
    await expectMembers(ws, { type: 'all' }, ['c1', 'c2', 'c3', 'c4', 'c5']);
    await expectMembers(ws, not({ type: 'all' }), []);
    await expectMembers(ws, { type: 'and', conditions: [field('country', 'eq', 'ch'), field('points', 'gt', 60)] }, ['c1']);
    await expectMembers(ws, { type: 'or', conditions: [field('country', 'eq', 'de'), field('points', 'lt', 60)] }, ['c2', 'c3', 'c5']);
    await expectMembers(ws, not({ type: 'or', conditions: [field('country', 'eq', 'de'), field('points', 'lt', 60)] }), ['c1', 'c4']);
  });
});
