import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchArgs, UsageError } from './args.js';
import { compareSets } from './baselines/compare.js';
import { handClock, sampleBound } from './baselines/clock.js';
import { floorSql, touchedColumns } from './baselines/floor.js';
import { handQueries } from './baselines/hand-sql.js';
import { NOW_MS, TIME_ZONE } from './config.js';
import { deltaContacts, deltaEvents } from './delta.js';
import { median, percentile, ratio } from './measure.js';
import { fmtMs, renderMarkdownTable, renderTable, withRatio } from './report.js';
import type { BenchResult, SegmentResult, SetCheck } from './result.js';
import { loadSuite } from './suite.js';
import { checkTargets, missed } from './targets.js';
import { medianRun, type RebuildMeasure } from './phases/build.js';

test('percentile: nearest rank, median, p95 of 7 runs is the slowest', () => {
  const runs = [30, 10, 70, 20, 50, 40, 60];
  assert.equal(percentile(runs, 50), 40);
  assert.equal(median(runs), 40);
  assert.equal(percentile(runs, 95), 70);
  assert.equal(percentile(runs, 100), 70);
  assert.equal(percentile([5], 95), 5);
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
  assert.throws(() => percentile([], 50), RangeError);
  assert.throws(() => percentile([1], 0), RangeError);
  assert.deepEqual(runs, [30, 10, 70, 20, 50, 40, 60], 'input left unsorted');
});

test('ratio: missing or zero base gives null', () => {
  assert.equal(ratio(300, 200), 1.5);
  assert.equal(ratio(300, 0), null);
  assert.equal(ratio(null, 2), null);
  assert.equal(ratio(1, undefined), null);
});

test('renderTable: columns padded to the widest cell, numbers right-aligned', () => {
  const text = renderTable({ headers: ['segment', 'ms'], rows: [['everyone', '1.2'], ['zurich', '12']], align: ['l', 'r'] });
  assert.equal(text, [
    'segment    ms',
    '--------  ---',
    'everyone  1.2',
    'zurich     12',
  ].join('\n'));
});

test('renderMarkdownTable: alignment row and escaped pipes', () => {
  const md = renderMarkdownTable({ headers: ['a', 'b'], rows: [['x|y', '2']], align: ['l', 'r'] });
  assert.equal(md, '| a | b |\n|:---|---:|\n| x\\|y | 2 |');
});

test('time cells: units and ratios to the hand SQL', () => {
  assert.equal(fmtMs(0.84), '0.8 ms');
  assert.equal(fmtMs(84.2), '84 ms');
  assert.equal(fmtMs(2580), '2.58 s');
  assert.equal(fmtMs(61_234), '61.2 s');
  assert.equal(fmtMs(null), '–');
  assert.equal(withRatio(150, 100), '150 ms 1.5×');
  assert.equal(withRatio(2000, 100), '2.00 s 20×');
  assert.equal(withRatio(150, null), '150 ms');
});

const same: SetCheck = { match: true, engineCount: 3, otherCount: 3, engineHash: 'h', otherHash: 'h', onlyEngine: [], onlyOther: [] };

function segment(alias: string, p95: number, handMs: number, check: SetCheck = same): SegmentResult {
  return {
    alias, compiledSql: '', compiledParams: [], columns: [], members: 3,
    firstBuild: { ms: 10, entered: 3, left: 0, total: 3 }, unchanged: null, reopened: null, afterDelta: null,
    preview: { count: 3, p50: p95 / 2, p95, runs: [p95] },
    hand: { ms: handMs, runs: [handMs], sql: '', check }, handAfterDelta: null, floor: null, memory: null,
  };
}

function result(size: 'S' | 'M', over: { firstMs: number; unchangedMs: number; logged?: number; importMs: number; rss: number; segments: SegmentResult[] }): BenchResult {
  const part = { rows: 1, rejected: 0, ms: over.importMs / 2, rowsPerSec: 1 };
  return {
    meta: {
      date: '2026-11-01', size, contacts: 1, events: 1, seed: 1, now: '2026-11-01T12:00:00Z', timeZone: TIME_ZONE, only: null, keep: null, suiteSize: over.segments.length,
      node: 'v20', duckdb: 'x', cores: 2, cpu: 'cpu', totalRamBytes: 1, platform: 'linux', git: null, generateMs: null, wallMs: 1,
    },
    import: {
      ndjson: { format: 'ndjson', setupMs: 1, contacts: part, events: part, ms: over.importMs, rowsPerSec: 1, stored: { contacts: 1, events: 1 }, storeBytes: 1 },
      csv: null, native: [], note: null,
    },
    apply: null,
    rebuild: {
      first: { ms: over.firstMs, runs: [over.firstMs], changed: 9, logged: 9, memberships: 9 },
      unchanged: { ms: over.unchangedMs, runs: [over.unchangedMs], changed: 0, logged: over.logged ?? 0, memberships: 9 },
      reopened: { ms: over.unchangedMs, runs: [over.unchangedMs], changed: 0, logged: 0, memberships: 9 },
      afterDelta: null,
    },
    members: null, memory: null,
    handSumMs: over.segments.reduce((a, s) => a + (s.hand?.ms ?? 0), 0), floorSumMs: null,
    rss: { peakBytes: over.rss, peakWithMemoryBaselineBytes: null },
    disk: { storeBytes: 1, csvStoreBytes: null, dataBytes: 1 },
    segments: over.segments,
  };
}

test('targets: every target met on M', () => {
  const r = result('M', { firstMs: 4000, unchangedMs: 1500, importMs: 50_000, rss: 1024 ** 3, segments: [segment('a', 400, 2000), segment('b', 100, 1000)] });
  const checks = checkTargets(r);
  assert.deepEqual(missed(checks), []);
  assert.ok(checks.every((c) => c.ok === true), JSON.stringify(checks.filter((c) => c.ok !== true)));
});

test('targets: misses on M are named, including the slow segments', () => {
  const bad: SetCheck = { ...same, match: false, otherCount: 4 };
  const r = result('M', {
    firstMs: 6000, unchangedMs: 2500, logged: 1, importMs: 61_000, rss: 3 * 1024 ** 3,
    segments: [segment('a', 501, 1000), segment('b', 100, 1000, bad)],
  });
  const ids = missed(checkTargets(r)).map((c) => c.id);
  assert.deepEqual(ids, ['rebuild_time', 'rebuild_vs_hand', 'unchanged_time', 'unchanged_writes', 'preview_p95', 'import_time', 'peak_rss', 'sets_agree']);
  const preview = checkTargets(r).find((c) => c.id === 'preview_p95');
  assert.match(preview?.actual ?? '', /a 501 ms/);
});

test('targets: on S only correctness is enforced; unmeasured targets are n/a', () => {
  const r = result('S', { firstMs: 6000, unchangedMs: 2500, importMs: 61_000, rss: 3 * 1024 ** 3, segments: [segment('a', 900, 10)] });
  assert.deepEqual(missed(checkTargets(r)), []);
  const none = checkTargets({ ...r, segments: [], handSumMs: null, rebuild: { first: null, unchanged: null, reopened: null, afterDelta: null }, import: { ...r.import, ndjson: null } });
  for (const id of ['rebuild_time', 'rebuild_vs_hand', 'unchanged_time', 'preview_p95', 'import_time', 'sets_agree']) {
    assert.equal(none.find((c) => c.id === id)?.ok, null, id);
  }
});

test('args: defaults, size, only, keep; bad input is a usage error', () => {
  assert.deepEqual(parseBenchArgs([]), { size: 'S', only: null, check: false, keep: null });
  assert.deepEqual(parseBenchArgs(['--size', 'm', '--only', 'preview', '--check', '--keep', '/tmp/x']), { size: 'M', only: 'preview', check: true, keep: '/tmp/x' });
  assert.throws(() => parseBenchArgs(['--size', 'L']), UsageError);
  assert.throws(() => parseBenchArgs(['--only', 'DROP TABLE']), UsageError);
  assert.throws(() => parseBenchArgs(['extra']), UsageError);
});

test('hand clock: calendar steps keep the Zurich wall-clock time across the DST change', () => {
  const k = handClock(NOW_MS, TIME_ZONE);
  assert.equal(k.today, '2026-11-01');
  // now = 13:00 CET; a month earlier is 13:00 CEST.
  assert.equal(new Date(k.monthsAgo(1)).toISOString(), '2026-10-01T11:00:00.000Z');
  assert.equal(new Date(k.daysAgo(30)).toISOString(), '2026-10-02T11:00:00.000Z');
  assert.equal(new Date(k.daysAgo(365)).toISOString(), '2025-11-01T12:00:00.000Z');
  assert.equal(new Date(k.startOfMonth(0)).toISOString(), '2026-10-31T23:00:00.000Z');
  assert.equal(new Date(k.startOfMonth(3)).toISOString(), '2026-07-31T22:00:00.000Z');
  assert.equal(k.dateYearsAgo(40), '1986-11-01');
  assert.deepEqual(k.nextMonthDays(7), [1101, 1102, 1103, 1104, 1105, 1106, 1107]);
  assert.equal(sampleBound(10), '199999999999999a');
  assert.equal(sampleBound(50), '8000000000000000');
});

test('hand SQL: one query per suite segment, manual changes folded in where the suite has them', () => {
  const suite = loadSuite();
  const qs = handQueries(handClock(NOW_MS, TIME_ZONE), suite.manual);
  assert.deepEqual(qs.map((q) => q.alias), suite.segments.map((s) => s.alias));
  for (const q of qs) assert.equal(/FROM manual/.test(q.sql), suite.manual.has(q.alias), q.alias);
});

test('floor: the columns a condition reads, each read through an expression', () => {
  const suite = loadSuite();
  const cond = (alias: string) => suite.segments.find((s) => s.alias === alias)?.condition ?? { type: 'all' as const };
  const t = touchedColumns(cond('active_loyalty_members'));
  assert.deepEqual([...t.contacts].sort(), ['email', 'id', 'points', 'tags']);
  assert.deepEqual([...t.events].sort(), ['contact_id', 'ts']);
  const lapsed = touchedColumns(cond('lapsed_campaign_readers'));
  assert.deepEqual([...lapsed.events].sort(), ['contact_id', 'name', 'properties', 'ts']);
  assert.deepEqual([...touchedColumns(cond('loyal_active_campaign')).memberships].sort(), ['contact', 'segment_id']);
  assert.ok(touchedColumns(cond('loyal_active_campaign')).contacts.has('_key'));
  const sql = floorSql(t, (k) => (k === 'tags' ? 'list' : k === 'points' ? 'scalar' : 'text'));
  assert.match(sql, /max\(len\("tags"\)\)/);
  assert.match(sql, /max\("points"\)/);
  assert.match(sql, /max\(strlen\("email"\)\)/);
  assert.match(sql, /FROM events/);
});

test('compareSets: equal sets match in any order; differences list a few ids', () => {
  assert.equal(compareSets(['b', 'a'], ['a', 'b']).match, true);
  const c = compareSets(['a', 'b'], ['b', 'c']);
  assert.equal(c.match, false);
  assert.deepEqual([c.onlyEngine, c.onlyOther], [['a'], ['c']]);
});

test('delta: deterministic, the sizes asked for, nothing after now', () => {
  const e = deltaEvents(1000);
  assert.deepEqual(e, deltaEvents(1000));
  assert.equal(e.length, 10_000);
  assert.ok(e.every((l) => Date.parse((JSON.parse(l) as { ts: string }).ts) <= NOW_MS));
  const c = deltaContacts(5000);
  assert.equal(new Set(c.map((l) => (JSON.parse(l) as { id: string }).id)).size, 1000);
});

test('medianRun: the middle run by time, with the most changes any run wrote', () => {
  const run = (ms: number, changed: number): RebuildMeasure => ({ ms, reports: [], changed, logged: changed, memberships: 0 });
  const m = medianRun([run(300, 0), run(100, 0), run(200, 5)]);
  assert.equal(m.ms, 200);
  assert.deepEqual(m.runs, [300, 100, 200]);
  assert.equal(m.changed, 5);
  assert.equal(medianRun([run(4, 0), run(2, 0)]).ms, 2);
});

test('targets: the rebuild/hand ratio needs every suite segment; a slow reopened rebuild is informational', () => {
  const r = result('M', { firstMs: 1000, unchangedMs: 10, importMs: 50_000, rss: 1, segments: [segment('a', 100, 1000)] });
  const one = checkTargets({ ...r, meta: { ...r.meta, suiteSize: 20 } });
  assert.equal(one.find((c) => c.id === 'rebuild_vs_hand')?.ok, null);
  const slow = checkTargets({ ...r, rebuild: { ...r.rebuild, reopened: { ms: 9000, runs: [9000], changed: 0, logged: 0, memberships: 9 } } });
  const re = slow.find((c) => c.id === 'unchanged_reopened_time');
  assert.equal(re?.ok, false);
  assert.deepEqual(missed(slow), []);
});
