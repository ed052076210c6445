import type { RealtimeResult } from './realtime/result.js';
import type { BenchResult } from './result.js';

// Targets of DESIGN.md "Performance" (and the bench issue). They are set for M;
// on S they are reported for information only. Set agreement holds at every size.

export interface TargetCheck {
  readonly id: string;
  readonly name: string;
  readonly target: string;
  readonly actual: string;
  /** null: not measured in this run. */
  readonly ok: boolean | null;
  /** Whether `--check` fails the run on a miss at this size. */
  readonly enforced: boolean;
}

export const LIMITS = {
  rebuildMs: 5_000,
  rebuildVsHand: 1.5,
  unchangedMs: 2_000,
  previewP95Ms: 500,
  importMs: 60_000,
  rssBytes: 2 * 1024 ** 3,
} as const;

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const msText = (ms: number): string => `${Math.round(ms)} ms`;
const gib = (b: number): string => `${(b / 1024 ** 3).toFixed(2)} GiB`;

export function checkTargets(r: BenchResult): TargetCheck[] {
  const onM = r.meta.size === 'M';
  const out: TargetCheck[] = [];
  const add = (id: string, name: string, target: string, ok: boolean | null, actual: string, enforced = onM): void => {
    out.push({ id, name, target, actual, ok, enforced });
  };
  const first = r.rebuild.first;
  add('rebuild_time', 'full suite rebuild (first build)', `≤ ${s(LIMITS.rebuildMs)}`, first ? first.ms <= LIMITS.rebuildMs : null, first ? s(first.ms) : 'not measured');
  const allHand = r.segments.length === r.meta.suiteSize && r.segments.every((x) => x.hand !== null) && r.handSumMs !== null;
  add(
    'rebuild_vs_hand', 'full suite rebuild vs sum of hand-written SQL', `≤ ${LIMITS.rebuildVsHand}×`,
    first && allHand ? first.ms <= LIMITS.rebuildVsHand * (r.handSumMs as number) : null,
    first && allHand ? `${(first.ms / (r.handSumMs as number)).toFixed(2)}× (${s(first.ms)} vs ${s(r.handSumMs as number)})` : 'not measured',
  );
  const un = r.rebuild.unchanged;
  const re = r.rebuild.reopened;
  add('unchanged_time', 'rebuild with nothing changed', `≤ ${s(LIMITS.unchangedMs)}`, un ? un.ms <= LIMITS.unchangedMs : null, un ? s(un.ms) : 'not measured');
  add(
    'unchanged_reopened_time', 'same, first rebuild after reopening the store', `≤ ${s(LIMITS.unchangedMs)} (informational)`,
    re ? re.ms <= LIMITS.unchangedMs : null, re ? s(re.ms) : 'not measured', false,
  );
  const quiet = [un, re].filter((x) => x !== null);
  add(
    'unchanged_writes', 'rebuild with nothing changed writes nothing', 'no membership change, changes log unchanged',
    quiet.length ? quiet.every((x) => x?.changed === 0 && x.logged === 0) : null,
    quiet.length ? quiet.map((x) => `${x?.changed} changes, log +${x?.logged}`).join('; ') : 'not measured', true,
  );
  const previews = r.segments.filter((x) => x.preview !== null);
  const slow = previews.filter((x) => (x.preview?.p95 ?? 0) > LIMITS.previewP95Ms).map((x) => `${x.alias} ${msText(x.preview?.p95 ?? 0)}`);
  const worst = previews.reduce<{ alias: string; p95: number } | null>((w, x) => {
    const p95 = x.preview?.p95 ?? 0;
    return w === null || p95 > w.p95 ? { alias: x.alias, p95 } : w;
  }, null);
  add(
    'preview_p95', 'preview count p95, every suite segment', `≤ ${msText(LIMITS.previewP95Ms)}`,
    previews.length ? slow.length === 0 : null,
    !worst ? 'not measured' : slow.length ? `over: ${slow.join(', ')}` : `max ${msText(worst.p95)} (${worst.alias})`,
  );
  const imp = r.import.ndjson;
  add('import_time', 'import contacts + events (NDJSON)', `≤ ${s(LIMITS.importMs)}`, imp ? imp.ms <= LIMITS.importMs : null, imp ? s(imp.ms) : 'not measured');
  add('peak_rss', 'peak RSS of the process (engine phases)', `≤ ${gib(LIMITS.rssBytes)}`, r.rss.peakBytes <= LIMITS.rssBytes, gib(r.rss.peakBytes));
  const checks = r.segments.flatMap((x) => [
    ...(x.hand ? [{ alias: x.alias, what: 'hand SQL', c: x.hand.check }] : []),
    ...(x.handAfterDelta ? [{ alias: x.alias, what: 'hand SQL after delta', c: x.handAfterDelta }] : []),
    ...(x.memory ? [{ alias: x.alias, what: 'in-memory', c: x.memory.check }] : []),
  ]);
  const bad = checks.filter((x) => !x.c.match).map((x) => `${x.alias} (${x.what}: engine ${x.c.engineCount}, baseline ${x.c.otherCount})`);
  add(
    'sets_agree', 'engine sets equal the baselines', 'every hand SQL and in-memory set equals the engine membership',
    checks.length ? bad.length === 0 : null, checks.length ? (bad.length ? `differ: ${bad.join('; ')}` : `${checks.length} comparisons equal`) : 'not measured', true,
  );
  return out;
}

/** The targets `--check` fails on: enforced, measured and missed. */
export function missed(checks: readonly TargetCheck[]): TargetCheck[] {
  return checks.filter((c) => c.enforced && c.ok === false);
}

// ── the realtime mode (`--realtime`) ──────────────────────────────────────────

export const REALTIME_LIMITS = {
  startMs: 15_000,
  rssBytes: 2 * 1024 ** 3,
  ingestPerSec: 30_000,
  latencyP50Ms: 20,
  latencyP99Ms: 100,
  timeDrivenMs: 1_000,
} as const;

export function checkRealtimeTargets(r: RealtimeResult): TargetCheck[] {
  const onM = r.meta.size === 'M';
  const out: TargetCheck[] = [];
  const add = (id: string, name: string, target: string, ok: boolean | null, actual: string, enforced = onM): void => {
    out.push({ id, name, target, actual, ok, enforced });
  };
  const f = r.failure;
  add('rt_server_ran', 'the server ran every measure without ending on its own', 'no exit before SIGTERM', f === null,
    f ? `${f.timedOut ? 'did not finish' : `exited (${f.code ?? f.signal}) during`} ${f.phase} after ${s(f.afterMs)}, peak RSS ${gib(f.peakRssBytes)}` : 'ran', true);
  const { first, restart } = r.start;
  const startCheck = (id: string, name: string, x: typeof first): void => add(id, name, `≤ ${s(REALTIME_LIMITS.startMs)}`, x ? x.healthzMs <= REALTIME_LIMITS.startMs : null, x ? s(x.healthzMs) : 'not measured');
  startCheck('rt_start', 'start → accepting traffic (/healthz), first start', first);
  startCheck('rt_restart', 'start → accepting traffic (/healthz), restart', restart);
  const rss = first?.rssAfterScanBytes ?? null;
  add('rt_rss', 'server RSS after the background scan', `≤ ${gib(REALTIME_LIMITS.rssBytes)}`,
    rss !== null ? rss <= REALTIME_LIMITS.rssBytes : f && first ? first.peakRssBytes > REALTIME_LIMITS.rssBytes ? false : null : null,
    rss !== null
      ? `${gib(rss)} (restart ${restart?.rssAfterScanBytes != null ? gib(restart.rssAfterScanBytes) : '–'}; peak ${gib(Math.max(first?.peakRssBytes ?? 0, restart?.peakRssBytes ?? 0))})`
      : first ? `the scan did not finish; peak ${gib(first.peakRssBytes)}` : 'not measured');
  const i = r.ingest;
  add('rt_ingest_rate', '/v1/batch ingestion, sustained', `≥ ${REALTIME_LIMITS.ingestPerSec.toLocaleString('en-US')} events/s`, i ? i.eventsPerSec >= REALTIME_LIMITS.ingestPerSec : null,
    i ? `${Math.round(i.eventsPerSec).toLocaleString('en-US')} events/s` : 'not measured');
  const st = i?.stored ?? null;
  add('rt_ingest_once', 'every ingested event stored once (resent batches too)', 'rows = distinct ids = events sent; resent events all duplicates',
    i && st ? st.rows === i.events && st.distinct === i.events && i.rejected === 0 && i.resent.duplicates === i.resent.events : null,
    i && st ? `${st.rows} rows, ${st.distinct} distinct of ${i.events}; ${i.rejected} rejected; resent ${i.resent.events} → ${i.resent.duplicates} duplicates` : 'not measured', true);
  const bad = r.streams.filter((x) => x.repeated || x.missed || x.unknown || x.sameDirection || x.storeRows !== x.logged);
  add('rt_changes_once', 'every membership change emitted once', 'no id twice or missing on the stream; stream = log = store', r.streams.length ? bad.length === 0 : null,
    r.streams.length ? r.streams.map((x) => `${x.run}: ${x.streamed}/${x.logged} streamed, ${x.repeated} twice, ${x.missed} missed, ${x.unknown} unknown, store ${x.storeRows}, same direction ${x.sameDirection}`).join('; ') : 'not measured', true);
  const l = r.latency;
  const sat = l?.saturated ? ', saturated' : '';
  add('rt_latency_p50', 'event accepted → change on the stream, p50', `≤ ${msText(REALTIME_LIMITS.latencyP50Ms)}`, l ? l.p50 <= REALTIME_LIMITS.latencyP50Ms : null,
    l ? `${l.p50.toFixed(1)} ms at ${Math.round(l.offeredRate)}/s${sat}` : 'not measured');
  add('rt_latency_p99', 'event accepted → change on the stream, p99', `≤ ${msText(REALTIME_LIMITS.latencyP99Ms)}`, l ? l.p99 <= REALTIME_LIMITS.latencyP99Ms && !l.saturated : null,
    l ? `${l.p99.toFixed(1)} ms${sat}` : 'not measured');
  const ls = l?.stored ?? null;
  add('rt_latency_complete', 'every ping made its contact enter, once', 'none missing or twice; stored once',
    l && ls ? l.missing === 0 && l.repeated === 0 && l.failedRequests === 0 && ls.rows === l.sent && ls.distinct === l.sent : null,
    l && ls ? `${l.missing} missing, ${l.repeated} twice, ${l.failedRequests} failed; ${ls.rows} stored of ${l.sent}` : 'not measured', true);
  const t = r.timeDriven;
  // Over every edge that fell once the server had scanned its contacts (edges during the start are reported apart).
  const measured = t ? [t.preStart.afterScan, t.viaApi.afterScan].filter((x) => x.count > 0) : [];
  const worst = measured.length ? Math.max(...measured.map((x) => x.max ?? Infinity)) : null;
  add('rt_time_driven', 'time-driven change on the stream after its boundary, max', `≤ ${s(REALTIME_LIMITS.timeDrivenMs)}`, worst === null ? null : worst <= REALTIME_LIMITS.timeDrivenMs,
    !t ? 'not measured' : worst === null ? 'no edge fell after the scan'
      : `${msText(worst)} (written before the start ${msText(t.preStart.afterScan.max ?? NaN)} over ${t.preStart.afterScan.count}, through /v1 ${msText(t.viaApi.afterScan.max ?? NaN)} over ${t.viaApi.afterScan.count}; during the start ${msText(t.startup.max ?? NaN)})`);
  const sets = t ? [t.startup, t.preStart, t.viaApi] : [];
  add('rt_time_exact', 'every boundary emitted once, stamped at its instant', 'every contact entered; none missing or twice; at = the edge',
    t ? t.entered === t.startup.count + t.preStart.count && sets.every((x) => x.missing === 0 && x.repeated === 0 && x.atOff === 0)
      && t.stored.rows === sets.reduce((n, x) => n + x.count, 0) && t.stored.distinct === t.stored.rows : null,
    t ? `${t.entered} of ${t.startup.count + t.preStart.count} entered before the start; ` + sets.map((x) => `${x.received}/${x.count} left, ${x.missing} missing, ${x.repeated} twice, ${x.atOff} off`).join('; ') : 'not measured', true);
  return out;
}
