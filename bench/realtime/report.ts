import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ratio } from '../measure.js';
import { fmtBytes, fmtInt, fmtMs, fmtRatio, renderMarkdownTable, renderTable, targetsTable, type Table } from '../report.js';
import type { TargetCheck } from '../targets.js';
import type { RealtimeResult, StartFigure } from './result.js';
import type { SecondOfLatency } from './latency.js';
import type { TickSet } from './ticks.js';

// Tables of a realtime run: one per measure, each figure beside the baseline measured in
// the same run and their ratio; the terminal and markdown renderings; the result files.

const HEAD = ['measure', 'value', 'baseline (same run)', 'ratio', 'detail'];
const ALIGN = ['l', 'r', 'l', 'r', 'l'] as const;
const table = (rows: string[][]): Table => ({ headers: HEAD, rows, align: ALIGN });
const ms = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '–' : fmtMs(x));
const rate = (x: number): string => `${fmtInt(x)}/s`;
const times = (a: number | null | undefined, b: number | null | undefined): string => fmtRatio(ratio(a, b));

const NOT_RUN = (what: string, r: RealtimeResult): string[][] => [[what, 'not measured', '', '', r.failure ? `the server ${r.failure.timedOut ? 'did not finish' : 'ended during'} ${r.failure.phase}` : '']];

export function startTable(r: RealtimeResult): Table {
  const b = r.start.baseline;
  const base = `${fmtMs(b.ms)}: new process, open store + full rebuild`;
  const row = (name: string, s: StartFigure | null): string[][] => !s ? NOT_RUN(name, r) : [
    [`${name}: spawn → /healthz answers`, fmtMs(s.healthzMs), base, times(s.healthzMs, b.ms), s.stopMs !== null ? `stopping took ${fmtMs(s.stopMs)}` : ''],
    [`${name}: spawn → background scan finished`, ms(s.scanDoneMs), '', '', `every contact cached and scheduled; includes GET …/upcoming's walk (${ms(s.upcomingMs)} when asked again)`],
    [`${name}: server RSS after the scan`, fmtBytes(s.rssAfterScanBytes), `${fmtBytes(b.peakRssBytes)}: peak RSS of that process`, times(s.rssAfterScanBytes, b.peakRssBytes),
      `VmHWM ${fmtBytes(s.hwmAfterScanBytes)}; JS heap in use ${fmtBytes(s.heapUsedAfterScanBytes)}`],
    [`${name}: server RSS at the end of its run`, fmtBytes(s.rssEndBytes), '', '', `peak (VmHWM) over its life ${fmtBytes(s.peakRssBytes)}`],
  ];
  return table([...row('first start', r.start.first), ...row('restart', r.start.restart)]);
}

export function ingestTable(r: RealtimeResult): Table {
  const i = r.ingest;
  if (!i) return table(NOT_RUN('/v1/batch sustained', r));
  const b = i.baseline;
  return table([
    ['/v1/batch sustained', rate(i.eventsPerSec), `${rate(b.bulkPerSec)}: DuckDB INSERT from read_json`, `${times(b.bulkPerSec, i.eventsPerSec)} slower`,
      `${fmtInt(i.events)} events in ${fmtMs(i.ms)}: ${fmtInt(i.requests)} requests of ${i.batchSize}, ${i.connections} connections, ${fmtInt(i.newContacts)} new contacts`],
    ['', '', `${rate(b.appenderPerSec)}: DuckDB Appender, a commit per ${i.batchSize}`, `${times(b.appenderPerSec, i.eventsPerSec)} slower`, ''],
    ['request sent → 200, p50 / p99', `${ms(i.requestP50Ms)} / ${ms(i.requestP99Ms)}`, '', '', `${i.retried} answered 429/503 and retried`],
    ['stored exactly once', i.stored ? `${fmtInt(i.stored.rows)} rows` : '–', '', '',
      `${i.stored ? fmtInt(i.stored.distinct) : '–'} distinct message ids of ${fmtInt(i.events)} sent; answers: ${fmtInt(i.accepted)} accepted, ${i.rejected} rejected, ${i.duplicates} duplicates`],
    ['batches resent (client retry)', `${i.resent.requests}`, '', '', `${fmtInt(i.resent.events)} events answered as ${fmtInt(i.resent.duplicates)} duplicates`],
    ['CPU during the run', `${fmtMs(i.serverCpuMs)} server`, '', '', `${(i.serverCpuMs * 1000 / i.events).toFixed(0)} µs of server CPU an event; the sending client ${fmtMs(i.clientCpuMs)}`],
  ]);
}

const bySecond = (xs: readonly SecondOfLatency[]): string => xs.map((x) => `${x.second}s ${Math.round(x.p50)}/${Math.round(x.max)}`).join(' · ');

export function latencyTable(r: RealtimeResult): Table {
  const l = r.latency;
  if (!l) return table(NOT_RUN('sent → change on the stream', r));
  const b = l.baseline;
  const base = `${fmtMs(b.ms)}: rebuild of ${b.rebuilt.length} segments`;
  const sat = l.saturated ? `; SATURATED: more than ${fmtInt(l.rate * 5)} requests waited for an answer, sending stopped` : '';
  return table([
    ['sent → change on the stream, p50', ms(l.p50), base, times(l.p50, b.ms), `${fmtInt(l.sent)} single-event requests at ${rate(l.offeredRate)} (target rate ${rate(l.rate)} for ${l.seconds} s)${sat}`],
    ['sent → change on the stream, p99', ms(l.p99), '', times(l.p99, b.ms), `p95 ${ms(l.p95)}, max ${ms(l.max)}`],
    ['sent → change, by second of sending', '', '', '', `p50 / max ms: ${bySecond(l.bySecond)}`],
    ...(l.plain ? [['', '', `${ms(l.plain.p50)} / ${ms(l.plain.p99)}: a plain Node HTTP server's 200, p50 / p99`, '',
      `the same ${fmtInt(l.plain.sent)} requests and client, nothing stored or decided (max ${ms(l.plain.max)}; ${l.plain.failedRequests} failed); by second ${bySecond(l.plain.bySecond)}`]] : []),
    ['sent → 200 (durable, changes logged)', `${ms(l.ackP50)} / ${ms(l.ackP99)}`, '', '', `p50 / p99; answered ${rate(l.answeredRate)}`],
    ['CPU during the measure', `${fmtMs(l.serverCpuMs)} server`, '', '', `${(l.serverCpuMs * 1000 / Math.max(1, l.sent)).toFixed(0)} µs of server CPU a request; the client (sender and stream reader) ${fmtMs(l.clientCpuMs)}`],
    ['contacts that entered', `${fmtInt(l.received)} of ${fmtInt(l.sent)}`, '', '',
      `${l.missing} missing, ${l.repeated} entered twice, ${l.failedRequests} failed requests${failureText(l.failures)}; stored ${l.stored ? `${fmtInt(l.stored.rows)} rows, ${fmtInt(l.stored.distinct)} distinct` : '–'}`],
    ['baseline segments', '', b.rebuilt.join(', '), '', `rebuild runs ${b.runs.map((x) => fmtMs(x)).join(' / ')}`],
  ]);
}

export function timeTable(r: RealtimeResult): Table {
  const t = r.timeDriven;
  if (!t) return table(NOT_RUN('boundary → on the stream', r));
  const b = t.baseline;
  const base = `${fmtMs(b.ms)}: full rebuild`;
  const exact = (s: TickSet): string => `${s.received} of ${s.count} left, ${s.missing} missing, ${s.repeated} twice, ${s.atOff} not stamped at their edge`;
  const pre = t.preStart;
  return table([
    ['edges after the scan, written before the start: max', ms(pre.afterScan.max), base, times(pre.afterScan.max, b.ms),
      `${pre.afterScan.count} edges after the scan finished, p50 ${ms(pre.afterScan.p50)}; ${exact(pre)}` +
      (pre.beforeScan ? `; ${pre.beforeScan} fell before the scan finished (max of all ${ms(pre.max)})` : '')],
    ['edges written through /v1: max', ms(t.viaApi.max), base, times(t.viaApi.max, b.ms), `p50 ${ms(t.viaApi.p50)}, p99 ${ms(t.viaApi.p99)}; ${exact(t.viaApi)}`],
    t.startup.count === 0 ? ['edges just after /healthz, during the scan', 'not run', '', '', 'none at this size'] : ['edges just after /healthz, during the scan: max', ms(t.startup.max), '', '',
      `${t.startup.beforeUp} fell before /healthz answered (the start-up rebuild applies them), ${t.startup.beforeScan - t.startup.beforeUp} during the scan; p50 ${ms(t.startup.p50)}; ${exact(t.startup)}`],
    ['the suite\'s own time-driven changes: max', ms(t.suite.max), '', '', `${fmtInt(t.suite.count)} with a boundary after the scan finished; p50 ${ms(t.suite.p50)}`],
  ]);
}

export function streamTable(r: RealtimeResult): Table {
  return {
    headers: ['server', 'logged', 'streamed', 'twice', 'missed', 'not in log', 'store rows', 'same direction twice', 'reconnects'],
    rows: r.streams.map((s) => [s.run, fmtInt(s.logged), fmtInt(s.streamed), String(s.repeated), String(s.missed), String(s.unknown), fmtInt(s.storeRows), String(s.sameDirection ?? '–'), String(s.reconnects)]),
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  };
}

function header(r: RealtimeResult): string {
  const m = r.meta;
  return `Segmint realtime benchmark ${m.size}: ${fmtInt(m.contacts)} contacts, ${fmtInt(m.events)} events, ${m.segments.length} segments live, server on the wall clock over loopback`;
}

function machine(r: RealtimeResult): string {
  const m = r.meta;
  const git = m.git ? `; commit ${m.git.commit}${m.git.modified.length ? ` + ${m.git.modified.length} modified src files` : ''}` : '';
  return `${m.cores} cores (os.availableParallelism(); ${m.cpu}), ${fmtBytes(m.totalRamBytes)} RAM, node ${m.node}, DuckDB ${m.duckdb}, ${m.platform}; run took ${fmtMs(m.wallMs)}${git}`;
}

const SECTIONS: readonly [string, (r: RealtimeResult) => Table][] = [
  ['1. Start to accepting traffic, and memory', startTable],
  ['2. /v1/batch ingestion', ingestTable],
  ['3. Event accepted → membership change on the SSE stream', latencyTable],
  ['4. Time-driven changes on the wall clock', timeTable],
  ['Every change emitted once (stream against the change log)', streamTable],
];

const NOTE = 'Ratios are value ÷ baseline (for rates: how many times longer the same events take). The server runs on the wall clock, ' +
  'so the workspace generated at the benchmark\'s fixed clock is brought to now when the suite is applied. ' +
  'Baselines: (1) a new process opening the store and rebuilding every segment at the clock — the work any start needs; ' +
  '(2) DuckDB inserting the same events into a table with the store\'s event columns — no checks, no de-duplication, no memberships; ' +
  '(3) Workspace.rebuild of the segments a bench_ping event can change (and what references them) — what a non-incremental engine needs per change; ' +
  '(4) a full rebuild of every segment — the least a periodic recomputation needs to notice a boundary.';

function failure(r: RealtimeResult): string[] {
  const f = r.failure;
  if (!f) return [];
  const what = f.timedOut ? `THE SERVER DID NOT FINISH ${f.phase} in time and was stopped` : `THE SERVER ENDED ON ITS OWN during ${f.phase} (exit ${f.code ?? f.signal})`;
  return [`${what}, ${fmtMs(f.afterMs)} after it was spawned (peak RSS ${fmtBytes(f.peakRssBytes)}); the measures after that were not run. The end of its stderr:`,
    ...(f.stderr.trim() ? f.stderr.trim().split('\n').slice(-6) : ['(nothing)']).map((x) => `    ${x}`), ''];
}

export function renderRealtimeTerminal(r: RealtimeResult, checks: readonly TargetCheck[]): string {
  return [
    header(r), machine(r), '', ...failure(r),
    ...SECTIONS.flatMap(([title, t]) => [title, renderTable(t(r)), '']),
    NOTE, '', renderTable(targetsTable(checks)),
  ].join('\n');
}

export function renderRealtimeMarkdown(r: RealtimeResult, checks: readonly TargetCheck[]): string {
  const m = r.meta;
  return [
    `# ${header(r)}`, '',
    `- Date: ${m.date}`,
    `- Machine: ${m.cores} cores (\`os.availableParallelism()\`), ${m.cpu}, ${fmtBytes(m.totalRamBytes)} RAM, ${m.platform}`,
    `- Node ${m.node}, DuckDB ${m.duckdb}`,
    `- Engine built from ${m.git ? `commit ${m.git.commit}${m.git.modified.length ? ` with uncommitted changes in ${m.git.modified.join(', ')}` : ''}` : 'an unknown tree'}`,
    `- Workspace: ${m.importMs !== null ? `imported in ${fmtMs(m.importMs)}` : 'kept import reused'}; suite and bench segments applied at the wall clock in ${fmtMs(m.applyMs)}; store ${fmtBytes(m.storeBytes)}`,
    `- Segments live: ${m.segments.join(', ')}`,
    `- Run took ${fmtMs(m.wallMs)}${m.profile ? `; CPU profile of the first server in ${m.profile}` : ''}`, '',
    ...failure(r),
    ...SECTIONS.flatMap(([title, t]) => [`## ${title}`, '', renderMarkdownTable(t(r)), '']),
    NOTE, '',
    '## Targets', '', `Timing and memory targets are set for M${m.size === 'M' ? '' : `; on ${m.size} they are informational`}; exactly-once holds at every size.`, '',
    renderMarkdownTable(targetsTable(checks)), '',
  ].join('\n');
}

export function writeRealtimeResults(dir: string, r: RealtimeResult, checks: readonly TargetCheck[]): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const base = `${r.meta.date}-${r.meta.size}-realtime`;
  const json = join(dir, `${base}.json`);
  const md = join(dir, `${base}.md`);
  writeFileSync(json, `${JSON.stringify({ ...r, targets: checks }, null, 2)}\n`);
  writeFileSync(md, renderRealtimeMarkdown(r, checks));
  return { json, md };
}

/** ` (503 unavailable ×126, ECONNRESET ×2)`, or nothing when none failed (or an older result without reasons). */
function failureText(failures: Readonly<Record<string, number>> | undefined): string {
  const list = Object.entries(failures ?? {}).sort((a, b) => b[1] - a[1]);
  return list.length ? ` (${list.map(([why, n]) => `${why} ×${fmtInt(n)}`).join(', ')})` : '';
}
