import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ratio } from './measure.js';
import type { BenchResult, BuildFigure, SegmentResult, SetCheck } from './result.js';
import type { TargetCheck } from './targets.js';

// Rendering: a plain-text table for the terminal, the same as markdown, and the files
// under bench/results/.

export type Align = 'l' | 'r';

export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly align: readonly Align[];
}

const pad = (s: string, w: number, a: Align): string => (a === 'r' ? s.padStart(w) : s.padEnd(w));

/** Columns padded to their widest cell, two spaces apart, a dashed line under the header. */
export function renderTable(t: Table): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => pad(c, widths[i], t.align[i] ?? 'l')).join('  ').trimEnd();
  return [line(t.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

export function renderMarkdownTable(t: Table): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${t.headers.map(esc).join(' | ')} |`,
    `|${t.align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1_000) return `${(ms / 1000).toFixed(2)} s`;
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function fmtRatio(r: number | null): string {
  if (r === null) return '';
  return `${r >= 10 ? Math.round(r) : r.toFixed(1)}×`;
}

/** A time and its ratio to the hand-written SQL, as one cell: `123 ms 1.4×`. */
export function withRatio(ms: number | null | undefined, base: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const r = fmtRatio(ratio(ms, base));
  return r ? `${fmtMs(ms)} ${r}` : fmtMs(ms);
}

export function fmtBytes(b: number | null | undefined): string {
  if (b === null || b === undefined) return '–';
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(2)} GiB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(1)} MiB`;
  return `${(b / 1024).toFixed(1)} KiB`;
}

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-US');
}

function setCell(s: SegmentResult): string {
  const parts: string[] = [];
  const flag = (c: SetCheck | null | undefined, name: string): void => {
    if (c) parts.push(c.match ? '' : `≠${name}`);
  };
  flag(s.hand?.check, 'hand');
  flag(s.handAfterDelta, 'hand(Δ)');
  flag(s.memory?.check, 'mem');
  if (!parts.length) return '–';
  const bad = parts.filter(Boolean);
  return bad.length ? bad.join(' ') : 'same';
}

const sumOf = (xs: readonly (number | null | undefined)[]): number | null =>
  xs.some((x) => x === null || x === undefined) || !xs.length ? null : xs.reduce<number>((a, x) => a + (x as number), 0);

export function segmentTable(r: BenchResult): Table {
  const headers = [
    'segment', 'members', 'hand SQL', 'floor', 'in-memory', 'first build ×hand', 'unchanged ×hand', 'reopened ×hand',
    'after delta ×hand', 'count p50 ×hand', 'count p95 ×hand', 'sets',
  ];
  const build = (b: BuildFigure | null): number | null => b?.ms ?? null;
  const rows = r.segments.map((s) => {
    const h = s.hand?.ms ?? null;
    return [
      s.alias, fmtInt(s.members), fmtMs(h), fmtMs(s.floor?.ms), fmtMs(s.memory?.ms),
      withRatio(build(s.firstBuild), h), withRatio(build(s.unchanged), h), withRatio(build(s.reopened), h), withRatio(build(s.afterDelta), h),
      withRatio(s.preview?.p50, h), withRatio(s.preview?.p95, h), setCell(s),
    ];
  });
  // Sums of the rows shown (with --only ALIAS, that one segment, not the whole rebuild).
  const segs = r.segments;
  const total = (f: (s: SegmentResult) => number | null | undefined): number | null => sumOf(segs.map(f));
  const hand = total((s) => s.hand?.ms);
  rows.push([
    'total (sum)', '', fmtMs(hand), fmtMs(total((s) => s.floor?.ms)), fmtMs(total((s) => s.memory?.ms)),
    withRatio(total((s) => build(s.firstBuild)), hand), withRatio(total((s) => build(s.unchanged)), hand),
    withRatio(total((s) => build(s.reopened)), hand), withRatio(total((s) => build(s.afterDelta)), hand),
    withRatio(total((s) => s.preview?.p50), hand), withRatio(total((s) => s.preview?.p95), hand), '',
  ]);
  return { headers, rows, align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] };
}

export function measuresTable(r: BenchResult): Table {
  const rows: string[][] = [];
  const add = (name: string, value: string, detail = ''): void => { rows.push([name, value, detail]); };
  for (const imp of [r.import.ndjson, r.import.csv]) {
    if (!imp) continue;
    add(`import ${imp.format} (contacts + events)`, fmtMs(imp.ms), `${fmtInt(imp.rowsPerSec)} rows/s; store ${fmtBytes(imp.storeBytes)}`);
    add(`  contacts`, fmtMs(imp.contacts.ms), `${fmtInt(imp.contacts.rows)} rows, ${fmtInt(imp.contacts.rowsPerSec)} rows/s, ${imp.contacts.rejected} rejected`);
    add(`  events`, fmtMs(imp.events.ms), `${fmtInt(imp.events.rows)} rows, ${fmtInt(imp.events.rowsPerSec)} rows/s, ${imp.events.rejected} rejected`);
  }
  for (const n of r.import.native) {
    const engine = n.format === 'ndjson' ? r.import.ndjson : r.import.csv;
    add(`DuckDB native load ${n.format} (reference)`, fmtMs(n.ms), `contacts ${fmtMs(n.contactsMs)}, events ${fmtMs(n.eventsMs)}${engine ? `; engine import ${fmtRatio(ratio(engine.ms, n.ms))}` : ''}`);
  }
  if (r.import.note) add('import', 'skipped', r.import.note);
  if (r.apply) add('apply suite (segments apply + manual)', fmtMs(r.apply.ms), `segments ${fmtMs(r.apply.segmentsMs)}, manual ${fmtMs(r.apply.manualMs)}`);
  const rb = (name: string, x: BenchResult['rebuild']['first']): void => {
    if (!x) return;
    const runs = x.runs.length > 1 ? `median of ${x.runs.map((ms) => fmtMs(ms)).join(' / ')}; ` : '';
    const vsHand = r.handSumMs !== null && r.segments.length === r.meta.suiteSize ? `; ${fmtRatio(ratio(x.ms, r.handSumMs))} the hand SQL sum` : '';
    add(name, fmtMs(x.ms), `${runs}${fmtInt(x.changed)} changes, log +${fmtInt(x.logged)}, ${fmtInt(x.memberships)} membership rows${vsHand}`);
  };
  rb('full rebuild, first build', r.rebuild.first);
  rb('full rebuild, nothing changed', r.rebuild.unchanged);
  rb('  same, right after reopening the store', r.rebuild.reopened);
  const d = r.rebuild.afterDelta;
  if (d) {
    rb(`full rebuild after delta`, d);
    add('  delta import', fmtMs(d.importMs), `${fmtInt(d.events)} events, ${fmtInt(d.contacts)} contacts`);
  }
  if (r.handSumMs !== null) add('hand-written SQL, sum', fmtMs(r.handSumMs), 'baseline (1)');
  if (r.floorSumMs !== null) add('column-scan floor, sum', fmtMs(r.floorSumMs), 'baseline (2)');
  if (r.memory) add('in-memory evaluator', fmtMs(r.memory.evalMs), `baseline (3); loading ${fmtInt(r.memory.contacts)} contacts / ${fmtInt(r.memory.events)} events took ${fmtMs(r.memory.loadMs)}`);
  if (r.members) add(`members ${r.members.alias} → file`, fmtMs(r.members.ms), `${fmtInt(r.members.rows)} ids (${fmtMs(r.members.queryMs)} reading), ${fmtBytes(r.members.bytes)}`);
  add('peak RSS (engine phases)', fmtBytes(r.rss.peakBytes), r.rss.peakWithMemoryBaselineBytes !== null ? `with the in-memory baseline loaded: ${fmtBytes(r.rss.peakWithMemoryBaselineBytes)}` : '');
  add('store on disk', fmtBytes(r.disk.storeBytes), `generated files ${fmtBytes(r.disk.dataBytes)}${r.disk.csvStoreBytes !== null ? `; CSV-imported store ${fmtBytes(r.disk.csvStoreBytes)}` : ''}`);
  return { headers: ['measure', 'value', 'detail'], rows, align: ['l', 'r', 'l'] };
}

export function targetsTable(checks: readonly TargetCheck[]): Table {
  return {
    headers: ['target', 'limit', 'actual', 'result'],
    rows: checks.map((c) => [c.name, c.target, c.actual, c.ok === null ? 'n/a' : c.ok ? 'met' : c.enforced ? 'MISSED' : 'missed (informational)']),
    align: ['l', 'l', 'l', 'l'],
  };
}

function header(r: BenchResult): string {
  const m = r.meta;
  return `Segmint benchmark ${m.size}: ${fmtInt(m.contacts)} contacts, ${fmtInt(m.events)} events, seed ${m.seed}, now ${m.now} (${m.timeZone})${m.only ? `, only ${m.only}` : ''}`;
}

function environment(r: BenchResult): string {
  const m = r.meta;
  const git = m.git ? `; commit ${m.git.commit}${m.git.modified.length ? ` + ${m.git.modified.length} modified src files` : ''}` : '';
  return `${m.cores} cores (${m.cpu}), ${fmtBytes(m.totalRamBytes)} RAM, node ${m.node}, DuckDB ${m.duckdb}, ${m.platform}; run took ${fmtMs(m.wallMs)}${git}`;
}

function findings(r: BenchResult): string[] {
  const out: string[] = [];
  for (const s of r.segments) {
    const say = (what: string, c: SetCheck): void => {
      if (!c.match) {
        out.push(`${s.alias}: engine ${fmtInt(c.engineCount)} vs ${what} ${fmtInt(c.otherCount)} at ${r.meta.now}` +
          `${c.onlyEngine.length ? `; only engine: ${c.onlyEngine.join(', ')}` : ''}${c.onlyOther.length ? `; only ${what}: ${c.onlyOther.join(', ')}` : ''}`);
      }
    };
    if (s.hand) say('hand SQL', s.hand.check);
    if (s.handAfterDelta) say('hand SQL after delta', s.handAfterDelta);
    if (s.memory) say('in-memory', s.memory.check);
  }
  return out;
}

const LEGEND = 'Times per segment; "×hand" is the ratio to that segment\'s hand-written SQL (baseline 1, median count). ' +
  'floor = one scan of the columns the segment reads (baseline 2); in-memory = evaluator over loaded contacts (baseline 3, loading excluded). ' +
  'first build / unchanged / after delta = Workspace.rebuild per segment (unchanged: same process, right after the first build; ' +
  'reopened: nothing changed either, first rebuild after closing and reopening the store); count = Workspace.count (preview).';

export function renderTerminal(r: BenchResult, checks: readonly TargetCheck[]): string {
  const f = findings(r);
  return [
    header(r), environment(r), '',
    renderTable(segmentTable(r)), '', LEGEND, '',
    renderTable(measuresTable(r)), '',
    renderTable(targetsTable(checks)),
    ...(f.length ? ['', 'Set mismatches:', ...f.map((x) => `  ${x}`)] : []),
  ].join('\n');
}

export function renderMarkdown(r: BenchResult, checks: readonly TargetCheck[]): string {
  const f = findings(r);
  const m = r.meta;
  return [
    `# ${header(r)}`, '',
    `- Date: ${m.date}`,
    `- Machine: ${m.cores} cores (\`os.cpus().length\`), ${m.cpu}, ${fmtBytes(m.totalRamBytes)} RAM, ${m.platform}`,
    `- Node ${m.node}, DuckDB ${m.duckdb}`,
    `- Engine built from ${m.git ? `commit ${m.git.commit}${m.git.modified.length ? ` with uncommitted changes in ${m.git.modified.join(', ')}` : ''}` : 'an unknown tree'}`,
    `- Run took ${fmtMs(m.wallMs)}${m.generateMs !== null ? `; generating the data ${fmtMs(m.generateMs)}` : '; generated data reused'}`, '',
    '## Suite segments', '', renderMarkdownTable(segmentTable(r)), '', LEGEND, '',
    '## Measures', '', renderMarkdownTable(measuresTable(r)), '',
    '## Targets', '', `Targets are set for M${m.size === 'M' ? '' : '; on S they are informational'}.`, '', renderMarkdownTable(targetsTable(checks)), '',
    '## Set checks', '', ...(f.length ? f.map((x) => `- ${x}`) : ['Every baseline set equals the engine membership.']), '',
  ].join('\n');
}

export function writeResults(dir: string, r: BenchResult, checks: readonly TargetCheck[]): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const base = `${r.meta.date}-${r.meta.size}${r.meta.only ? `-only-${r.meta.only}` : ''}`;
  const json = join(dir, `${base}.json`);
  const md = join(dir, `${base}.md`);
  writeFileSync(json, `${JSON.stringify({ ...r, targets: checks }, null, 2)}\n`);
  writeFileSync(md, renderMarkdown(r, checks));
  return { json, md };
}
