import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referencedSegments, type RebuildReport, type Workspace } from '../src/engine/index.js';
import type { DuckDBStore } from '../src/store/index.js';
import { compileMembers } from '../src/sql/index.js';
import { isGroup, UsageError, type BenchOptions, type Group } from './args.js';
import { compareSets, type SetComparison } from './baselines/compare.js';
import { handClock } from './baselines/clock.js';
import { handQueries } from './baselines/hand-sql.js';
import { runInMemory } from './baselines/in-memory.js';
import { BASELINE_RUNS, MEMORY_CHUNK, NOW_ISO, NOW_MS, PREVIEW_RUNS, REBUILD_REPEATS, SEED, sizeOf, TIME_ZONE } from './config.js';
import { dataManifest, layout, prepareData, removeTemp, type Layout } from './data.js';
import { peakRss, progress, sum } from './measure.js';
import { environment } from './meta.js';
import { checkHand, runFloor, runHand, type FloorMeasure, type HandMeasure } from './phases/baselines.js';
import { applySuite, medianRun, rebuildAll, resetMemberships, type ApplyMeasure, type RebuildMeasure } from './phases/build.js';
import { applyDelta, type DeltaMeasure } from './phases/delta.js';
import { importInto, nativeLoad, storeSize, type ImportMeasure, type NativeLoad } from './phases/import.js';
import { exportMembers, type MembersMeasure } from './phases/members.js';
import { previewCounts, type PreviewMeasure } from './phases/preview.js';
import type { BenchResult, BuildFigure, RebuildSummary, SegmentResult, SetCheck } from './result.js';
import { loadSuite, type Suite, type SuiteSegment } from './suite.js';
import { copyStore, dirBytes, openWorkspace } from './workspace.js';

// The order of a run: data → imports → apply → (reset → first build → unchanged
// rebuild) × REBUILD_REPEATS → store closed and reopened → unchanged rebuild → baselines
// → previews → members export → delta + rebuild → peak RSS taken → in-memory evaluator.

interface Selection {
  readonly group: (g: Group) => boolean;
  /** Suite segments the per-segment measures run for. */
  readonly segments: readonly SuiteSegment[];
  /** `--only ALIAS`: one segment, no whole-workspace measures beyond the prerequisites. */
  readonly single: boolean;
}

function select(o: BenchOptions, suite: Suite): Selection {
  const aliases = suite.segments.map((s) => s.alias);
  if (o.only !== null && !isGroup(o.only) && !aliases.includes(o.only)) {
    throw new UsageError(`--only ${o.only}: not a measure group or a suite segment (groups: import, apply, rebuild, baselines, preview, members, delta, memory; segments: ${aliases.join(', ')})`);
  }
  const single = o.only !== null && !isGroup(o.only);
  return {
    group: (g) => o.only === null || o.only === g || (single && (g === 'baselines' || g === 'preview' || g === 'memory')),
    segments: single ? suite.segments.filter((s) => s.alias === o.only) : suite.segments,
    single,
  };
}

interface Imports {
  readonly ndjson: ImportMeasure | null;
  readonly csv: ImportMeasure | null;
  readonly native: NativeLoad[];
  readonly note: string | null;
}

/** The NDJSON import builds the store every later measure uses (or a kept copy of it is reused); CSV goes to a store of its own. */
async function imports(l: Layout, o: BenchOptions, sel: Selection): Promise<Imports> {
  const files = l.files;
  const baseManifest = join(l.base, 'bench-base.json');
  const baseOk = l.persistent && existsSync(baseManifest) && readFileSync(baseManifest, 'utf8') === dataManifest(o.size);
  if (baseOk && o.only !== 'import') {
    progress(`reusing the imported workspace in ${l.base}`);
    copyStore(l.base, l.run);
    return { ndjson: null, csv: null, native: [], note: `workspace reused from --keep ${o.keep}; run with --only import (or a new --keep dir) to measure imports` };
  }
  const nd = await importInto(l.run, { contacts: files.contacts, events: files.events }, 'ndjson');
  await nd.opened.store.close();
  const ndjson = { ...nd.measure, storeBytes: storeSize(l.run) };
  if (l.persistent) {
    copyStore(l.run, l.base);
    writeFileSync(baseManifest, dataManifest(o.size));
  }
  if (!sel.group('import') || sel.single) return { ndjson, csv: null, native: [], note: null };
  const c = await importInto(l.csv, { contacts: files.contactsCsv, events: files.eventsCsv }, 'csv');
  await c.opened.store.close();
  const csv = { ...c.measure, storeBytes: storeSize(l.csv) };
  rmSync(l.csv, { recursive: true, force: true });
  if (csv.stored.contacts !== ndjson.stored.contacts || csv.stored.events !== ndjson.stored.events) {
    throw new Error(`CSV and NDJSON imports differ: ${JSON.stringify(csv.stored)} vs ${JSON.stringify(ndjson.stored)}`);
  }
  const native = [
    await nativeLoad('ndjson', files, l.root),
    await nativeLoad('csv', { contacts: files.contactsCsv, events: files.eventsCsv }, l.root),
  ];
  return { ndjson, csv, native, note: null };
}

interface BuildMeasures {
  readonly apply: ApplyMeasure;
  readonly compiled: Map<string, { sql: string; params: readonly (string | number | boolean)[] }>;
  readonly first: RebuildMeasure & { runs: number[] };
  readonly unchanged: RebuildMeasure & { runs: number[] };
}

/** Apply the suite, then (reset → first build → nothing-changed rebuild) × REBUILD_REPEATS. */
async function build(ws: Workspace, store: DuckDBStore, suite: Suite): Promise<BuildMeasures> {
  const apply = await applySuite(ws, suite);
  const known = new Set(suite.segments.map((s) => s.alias));
  const compiled: BuildMeasures['compiled'] = new Map();
  for (const s of suite.segments) {
    const q = compileMembers(await ws.bind(s.condition, (a) => known.has(a)), store.dialect, ws);
    compiled.set(s.alias, { sql: q.sql, params: q.params });
  }
  const firsts: RebuildMeasure[] = [];
  const unchangeds: RebuildMeasure[] = [];
  for (let i = 1; i <= REBUILD_REPEATS; i++) {
    await resetMemberships(ws, suite);
    firsts.push(await rebuildAll(ws, store, `first build ${i}/${REBUILD_REPEATS}`));
    unchangeds.push(await rebuildAll(ws, store, `nothing changed ${i}/${REBUILD_REPEATS}`));
  }
  return { apply, compiled, first: medianRun(firsts), unchanged: medianRun(unchangeds) };
}

interface LaterMeasures {
  /** Nothing changed, but the store was closed and opened again (a new CLI process, a restart). */
  readonly reopened: RebuildMeasure;
  readonly hand: Map<string, HandMeasure>;
  readonly handAfter: Map<string, SetComparison>;
  readonly floor: Map<string, FloorMeasure>;
  readonly preview: Map<string, PreviewMeasure>;
  readonly members: MembersMeasure | null;
  readonly delta: DeltaMeasure | null;
}

async function later(ws: Workspace, store: DuckDBStore, suite: Suite, sel: Selection, l: Layout, largest: string): Promise<LaterMeasures> {
  const reopened = await rebuildAll(ws, store, 'nothing changed, store reopened');
  const queries = handQueries(handClock(NOW_MS, TIME_ZONE), suite.manual).filter((q) => sel.segments.some((s) => s.alias === q.alias));
  const hand = new Map<string, HandMeasure>();
  const floor = new Map<string, FloorMeasure>();
  if (sel.group('baselines')) {
    for (const h of await runHand(ws, queries, BASELINE_RUNS)) hand.set(h.alias, h);
    for (const f of await runFloor(ws, sel.segments, BASELINE_RUNS)) floor.set(f.alias, f);
  }
  const preview = new Map<string, PreviewMeasure>();
  if (sel.group('preview')) for (const p of await previewCounts(ws, sel.segments, PREVIEW_RUNS)) preview.set(p.alias, p);
  const members = sel.group('members') && !sel.single ? await exportMembers(ws, largest, l.out) : null;
  let delta: DeltaMeasure | null = null;
  const handAfter = new Map<string, SetComparison>();
  if (sel.group('delta') && !sel.single) {
    delta = await applyDelta(ws, store, { contacts: l.files.deltaContacts, events: l.files.deltaEvents });
    if (sel.group('baselines')) {
      for (const q of queries) handAfter.set(q.alias, await checkHand(ws, q));
      const bad = [...handAfter].filter(([, c]) => !c.match).map(([a]) => a);
      progress(`hand SQL after delta: ${bad.length ? `differs on ${bad.join(', ')}` : 'every set equals the engine'}`);
    }
  }
  return { reopened, hand, handAfter, floor, preview, members, delta };
}

type EngineMeasures = BuildMeasures & LaterMeasures;

interface Memory {
  readonly run: NonNullable<BenchResult['memory']>;
  readonly segments: Map<string, { ms: number; check: SetComparison }>;
}

/** Baseline (3) for the selected segments and the segments they reference. */
async function memoryBaseline(ws: Workspace, suite: Suite, sel: Selection): Promise<Memory> {
  const wanted = new Set<string>();
  const add = (a: string): void => {
    if (wanted.has(a)) return;
    wanted.add(a);
    referencedSegments(suite.segments.find((x) => x.alias === a)?.condition ?? null).forEach(add);
  };
  sel.segments.forEach((s) => add(s.alias));
  progress(`in-memory evaluator over every contact (${wanted.size} segments) …`);
  const run = await runInMemory(ws, suite, wanted, MEMORY_CHUNK);
  const segments = new Map<string, { ms: number; check: SetComparison }>();
  for (const s of run.segments.filter((x) => sel.segments.some((y) => y.alias === x.alias))) {
    segments.set(s.alias, { ms: s.ms, check: compareSets(await ws.members(s.alias), s.members) });
  }
  const evalMs = sum([...segments.values()].map((m) => m.ms));
  const bad = [...segments].filter(([, m]) => !m.check.match).map(([a]) => a);
  progress(`in-memory: ${(evalMs / 1000).toFixed(2)} s evaluating, ${(run.loadMs / 1000).toFixed(1)} s loading; ${bad.length ? `differs on ${bad.join(', ')}` : 'every set equals the engine'}`);
  return { run: { loadMs: run.loadMs, evalMs, contacts: run.contacts, events: run.events }, segments };
}

const setCheck = (c: SetComparison): SetCheck => ({
  match: c.match, engineCount: c.engine.count, otherCount: c.other.count, engineHash: c.engine.hash, otherHash: c.other.hash,
  onlyEngine: c.onlyEngine, onlyOther: c.onlyOther,
});

const summary = (m: (RebuildMeasure & { runs?: readonly number[] }) | null | undefined): RebuildSummary | null =>
  m ? { ms: m.ms, runs: m.runs ?? [m.ms], changed: m.changed, logged: m.logged, memberships: m.memberships } : null;

function figure(reports: readonly RebuildReport[] | undefined, alias: string): BuildFigure | null {
  const r = reports?.find((x) => x.alias === alias);
  return r ? { ms: r.ms, entered: r.entered, left: r.left, total: r.total } : null;
}

function segmentResult(alias: string, e: EngineMeasures | null, m: Memory | null): SegmentResult {
  const h = e?.hand.get(alias);
  const f = e?.floor.get(alias);
  const p = e?.preview.get(alias);
  const ha = e?.handAfter.get(alias);
  const c = e?.compiled.get(alias);
  const mem = m?.segments.get(alias);
  return {
    alias,
    compiledSql: c?.sql ?? '',
    compiledParams: c?.params ?? [],
    columns: f?.columns ?? [],
    members: figure(e?.first.reports, alias)?.total ?? null,
    firstBuild: figure(e?.first.reports, alias),
    unchanged: figure(e?.unchanged.reports, alias),
    reopened: figure(e?.reopened.reports, alias),
    afterDelta: figure(e?.delta?.rebuild.reports, alias),
    preview: p ? { count: p.count, p50: p.p50, p95: p.p95, runs: p.runs } : null,
    hand: h ? { ms: h.ms, runs: h.runs, sql: h.sql, check: setCheck(h.check) } : null,
    handAfterDelta: ha ? setCheck(ha) : null,
    floor: f ? { ms: f.ms, runs: f.runs, sql: f.sql } : null,
    memory: mem ? { ms: mem.ms, check: setCheck(mem.check) } : null,
  };
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const env = environment();
  const suite = loadSuite();
  const sel = select(o, suite);
  const l = layout(o.size, o.keep);
  let store: DuckDBStore | null = null;
  try {
    const gen = await prepareData(l, o.size);
    const imp = await imports(l, o, sel);
    let e: EngineMeasures | null = null;
    let m: Memory | null = null;
    let rssEngine = peakRss();
    let rssTotal: number | null = null;
    if (o.only !== 'import') {
      let opened = await openWorkspace(l.run);
      store = opened.store;
      const b = await build(opened.ws, store, suite);
      await store.close();
      opened = await openWorkspace(l.run);
      store = opened.store;
      const largest = [...b.first.reports].sort((x, y) => y.total - x.total)[0].alias;
      e = { ...b, ...(await later(opened.ws, store, suite, sel, l, largest)) };
      rssEngine = peakRss();
      if (sel.group('memory')) {
        m = await memoryBaseline(opened.ws, suite, sel);
        rssTotal = peakRss();
      }
      await store.close();
      store = null;
    }
    const segments = sel.segments.map((s) => segmentResult(s.alias, e, m));
    const allOf = (xs: (number | undefined)[]): number | null => (xs.length && xs.every((x) => x !== undefined) ? sum(xs as number[]) : null);
    const size = sizeOf(o.size);
    return {
      meta: {
        date: new Date().toISOString().slice(0, 10), size: o.size, contacts: size.contacts, events: size.events, seed: SEED, now: NOW_ISO,
        timeZone: TIME_ZONE, only: o.only, keep: o.keep, suiteSize: suite.segments.length, ...env,
        generateMs: gen.reused ? null : gen.ms, wallMs: performance.now() - started,
      },
      import: imp,
      apply: e?.apply ?? null,
      rebuild: {
        first: summary(e?.first),
        unchanged: summary(e?.unchanged),
        reopened: summary(e?.reopened),
        afterDelta: e?.delta
          ? { ...(summary(e.delta.rebuild) as RebuildSummary), importMs: e.delta.contacts.ms + e.delta.events.ms, events: e.delta.events.rows, contacts: e.delta.contacts.rows }
          : null,
      },
      members: e?.members ?? null,
      memory: m?.run ?? null,
      handSumMs: allOf(sel.segments.map((s) => e?.hand.get(s.alias)?.ms)),
      floorSumMs: allOf(sel.segments.map((s) => e?.floor.get(s.alias)?.ms)),
      rss: { peakBytes: rssEngine, peakWithMemoryBaselineBytes: rssTotal },
      disk: { storeBytes: existsSync(l.run) ? dirBytes(l.run) : null, csvStoreBytes: imp.csv?.storeBytes ?? null, dataBytes: dirBytes(l.data) },
      segments,
    };
  } finally {
    if (store) await store.close();
    removeTemp(l);
  }
}
