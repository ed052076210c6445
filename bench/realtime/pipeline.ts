import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Rng } from '../../src/demo/random.js';
import { contactId } from '../../src/demo/sizes.js';
import { SEED, sizeOf, TIME_ZONE, type SizeName } from '../config.js';
import { layout, removeTemp } from '../data.js';
import { perSecond, progress } from '../measure.js';
import { environment } from '../meta.js';
import { loadSuite } from '../suite.js';
import { BENCH_SEGMENTS, REALTIME } from './config.js';
import { ChangeStream, pagedChanges, wallNow } from './http.js';
import { planIngest, runIngest, writePlanRows } from './ingest.js';
import { measureLatency } from './latency.js';
import { measurePlain } from './plain-server.js';
import type { Failure, RealtimeResult, StartFigure } from './result.js';
import { guard, heapUsed, scanFinished, ServerExited, startServerProcess, stopServer, upcomingMs, type ServerProcess } from './server.js';
import { planTicks, sendTicks, TickWatch, writeTicksToStore, type Tick } from './ticks.js';
import { checkStream, storeCheck, type StreamCheck } from './verify.js';
import { applyLive, prepareStore, rebuildBaselines } from './workspace.js';

// The order of a realtime run:
//   data and the imported store (reused with --keep) → the suite and the bench segments
//   applied at the wall clock, keys → in-process rebuild baselines → the start baseline
//   (a new process: open + full rebuild) → DuckDB's insert rate for the events about to be
//   sent (a child process) →
//   first server: start, scan, RSS; /v1/batch ingestion; paced bench_ping latency; the
//   stream checked against the log → stop; the store checked →
//   bench_tick events written to the store, edges after the next server's scan (and a
//   few right after it answers) → second server (a restart): start, scan, RSS; more
//   bench_tick events through /v1; every edge passes on the wall clock → the stream
//   checked against the log → stop; the store checked.
// Should a server process end on its own, the run stops there and reports what it had.

export interface RealtimeOptions {
  readonly size: SizeName;
  readonly keep: string | null;
  /** Write a CPU profile of the first server (ingestion and latency) into this directory. */
  readonly profileDir?: string | null;
}

const exec = promisify(execFile);

async function child<T>(script: string, args: readonly string[]): Promise<{ out: T; ms: number }> {
  const t = performance.now();
  const { stdout } = await exec(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], { maxBuffer: 1 << 20 });
  return { out: JSON.parse(stdout) as T, ms: performance.now() - t };
}

/** `n` existing contacts spread over the whole id range, in a fixed shuffled order. */
function spreadContacts(contacts: number, n: number): string[] {
  if (n > contacts) throw new Error(`the run needs ${n} distinct contacts; the workspace has ${contacts}`);
  const ids = Array.from({ length: n }, (_, k) => contactId(1 + Math.floor((k * contacts) / n)));
  const r = new Rng(SEED ^ 0x7e57);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids;
}

/** After the last write: the log through the paged route, once the stream has caught up with it. */
async function logAfter(s: ServerProcess, stream: ChangeStream, key: string, after: number): Promise<number[]> {
  await new Promise((r) => setTimeout(r, 300));
  const ids = await pagedChanges(s.url, key, after);
  const last = ids.length ? ids[ids.length - 1] : after;
  const deadline = performance.now() + 15_000;
  while (stream.lastId() < last && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return ids;
}

/** A server from spawn to its scan being over: the start figures, the stream open from `after`. */
async function bringUp(dir: string, adminKey: string, after: number, label: string, profileDir: string | null, scanTimeoutMs: number,
  running: Set<ServerProcess>, onStream: (s: ChangeStream) => void) {
  progress(`${label}: starting the server …`);
  const s = await startServerProcess(dir, { profileDir });
  running.add(s);
  const upAt = performance.timeOrigin + s.spawnedAt + s.healthzMs;
  progress(`${label}: /healthz answers ${(s.healthzMs / 1000).toFixed(2)} s after spawning; waiting for the background scan …`);
  const stream = new ChangeStream(s.url, adminKey, after);
  onStream(stream);
  await guard(s, 'connecting to the change stream', stream.connected());
  const figure: { -readonly [K in keyof StartFigure]: StartFigure[K] } = {
    healthzMs: s.healthzMs, scanDoneMs: null, upcomingMs: null, rssAfterScanBytes: null, hwmAfterScanBytes: null, heapUsedAfterScanBytes: null,
    rssEndBytes: null, hwmEndBytes: null, peakRssBytes: s.peakRssBytes(), stopMs: null,
  };
  const scan = async (): Promise<number> => {
    await guard(s, 'the background scan', scanFinished(s.url, adminKey, 'bench_tick'), scanTimeoutMs);
    figure.scanDoneMs = performance.now() - s.spawnedAt;
    const at = wallNow();
    const m = s.memory();
    figure.rssAfterScanBytes = m.rssBytes;
    figure.hwmAfterScanBytes = m.hwmBytes;
    figure.heapUsedAfterScanBytes = await guard(s, 'reading /metrics', heapUsed(s.url, adminKey));
    progress(`${label}: scan finished ${(figure.scanDoneMs / 1000).toFixed(1)} s after spawning; RSS ${(m.rssBytes / 1024 ** 2).toFixed(0)} MiB, JS heap ${((figure.heapUsedAfterScanBytes ?? 0) / 1024 ** 2).toFixed(0)} MiB`);
    return at;
  };
  const end = async (): Promise<void> => {
    // What GET upcoming's walk costs on its own (the scan time includes one): asked once
    // the measures are over, since it holds the write queue while it runs.
    figure.upcomingMs = await guard(s, 'GET upcoming', upcomingMs(s.url, adminKey, 'bench_tick'));
    const m = s.memory();
    figure.rssEndBytes = m.rssBytes;
    figure.hwmEndBytes = m.hwmBytes;
    stream.close();
    figure.stopMs = await stopServer(s);
    figure.peakRssBytes = s.peakRssBytes();
    running.delete(s);
  };
  return { s, stream, upAt, figure, scan, end };
}

export async function runRealtime(o: RealtimeOptions): Promise<RealtimeResult> {
  const started = performance.now();
  const env = environment();
  const cfg = REALTIME[o.size];
  const size = sizeOf(o.size);
  const suite = loadSuite();
  const l = layout(o.size, o.keep);
  const running = new Set<ServerProcess>();
  const streams: ChangeStream[] = [];
  const keepStream = (s: ChangeStream): void => { streams.push(s); };
  try {
    const prep = await prepareStore(l, o.size);
    progress('applying the suite and the bench segments at the wall clock …');
    const ws = await applyLive(l.run, suite);
    const rb = await rebuildBaselines(l.run, cfg.baselineRuns);
    progress('baseline: a new process opens the store and rebuilds every segment …');
    const sb = await child<{ openMs: number; rebuildMs: number; peakRssBytes: number; lastChange: number }>('./start-child.js', [l.run]);

    const runId = Date.now().toString(36);
    const prefix = { ingest: `rt-${runId}-i`, ping: `rt-${runId}-p`, tick: `rt-${runId}-t` };
    const plan = planIngest(cfg.ingest, size.contacts, runId, prefix.ingest, Date.now());
    mkdirSync(l.out, { recursive: true });
    const rowsFile = join(l.out, 'realtime-events.ndjson');
    writePlanRows(plan, rowsFile);
    progress(`baseline: DuckDB inserting the same ${plan.events.toLocaleString('en-US')} events …`);
    const ib = (await child<{ bulkMs: number; bulkRows: number; appenderMs: number; appenderRows: number }>('./insert-child.js', [rowsFile, join(l.root, 'realtime-insert.duckdb'), String(cfg.ingest.batchSize)])).out;
    if (ib.bulkRows !== plan.events || ib.appenderRows !== plan.events) throw new Error(`DuckDB baseline stored ${ib.bulkRows} / ${ib.appenderRows} of ${plan.events} rows`);

    const pingCount = Math.round(cfg.ping.rate * cfg.ping.seconds);
    const picked = spreadContacts(size.contacts, pingCount + cfg.tick.startup + cfg.tick.preStart + cfg.tick.viaApi);
    let taken = 0;
    const take = (n: number): string[] => picked.slice(taken, (taken += n));
    const pingContacts = take(pingCount);
    const startupContacts = take(cfg.tick.startup);
    const preContacts = take(cfg.tick.preStart);
    const apiContacts = take(cfg.tick.viaApi);
    const plain = await measurePlain(cfg.ping, pingContacts, `rt-${runId}-plain-`);

    const r: Draft = {
      first: null, restart: null, ingest: null, latency: null, timeDriven: null, streams: [], failure: null,
    };
    try {
      // ── the first server: start, memory, ingestion, latency ────────────────────
      const afterA = sb.out.lastChange;
      const a = await bringUp(l.run, ws.adminKey, afterA, 'first server', o.profileDir ?? null, cfg.scanTimeoutMs, running, keepStream);
      r.first = a.figure;
      await a.scan();
      const ingest = await guard(a.s, 'ingestion', runIngest(a.s.url, ws.writeKey, plan, cfg.ingest, a.s.pid));
      r.ingest = { ...ingest, stored: null, baseline: { bulkMs: ib.bulkMs, bulkPerSec: perSecond(plan.events, ib.bulkMs), appenderMs: ib.appenderMs, appenderPerSec: perSecond(plan.events, ib.appenderMs), rows: plan.events } };
      const latency = await guard(a.s, 'the latency measure', measureLatency(a.s.url, ws.writeKey, a.stream, pingContacts, cfg.ping, prefix.ping, a.s.pid));
      r.latency = { ...latency, stored: null, baseline: rb.ping, plain };
      const logA = await guard(a.s, 'reading the change log', logAfter(a.s, a.stream, ws.adminKey, afterA));
      await a.end();
      const lastA = logA.length ? logA[logA.length - 1] : afterA;
      const storeA = await storeCheck(l.run, { prefixes: [prefix.ingest, prefix.ping], after: afterA, upTo: lastA });
      r.streams.push({ ...checkStream('first server', a.stream.changes, logA, a.stream.reconnects), storeRows: storeA.changeRows, sameDirection: storeA.sameDirection });
      r.ingest = { ...r.ingest, stored: storeA.events[0] };
      r.latency = { ...r.latency, stored: storeA.events[1] };

      // ── bench_tick edges around and after the next start's scan; the restart ───
      // Edges after the scan: the first start's spawn-to-scan-done time plus headroom.
      // Edges right after /healthz: placed once the first write's duration is known.
      const scanA = a.figure.scanDoneMs ?? 0;
      const pre = planTicks(preContacts, wallNow() + Math.max(scanA + cfg.tick.preStartSlackMs, 1.5 * scanA), cfg.tick.spreadMs);
      const w1 = await writeTicksToStore(l.run, pre, `${prefix.tick}pre-`);
      const startup = planTicks(startupContacts, wallNow() + w1.ms + a.figure.healthzMs + 1_000, cfg.tick.spreadMs);
      const w2 = await writeTicksToStore(l.run, startup, `${prefix.tick}up-`);
      const entered = w1.members + w2.members;
      const afterB = w2.lastChange;
      const b = await bringUp(l.run, ws.adminKey, afterB, 'restart', null, cfg.scanTimeoutMs, running, keepStream);
      r.restart = b.figure;
      const watch = new TickWatch(b.stream);
      const scanDoneAt = await b.scan();
      const api = planTicks(apiContacts, wallNow() + cfg.tick.apiLeadMs, cfg.tick.spreadMs);
      await guard(b.s, 'sending bench_tick events', sendTicks(b.s.url, ws.writeKey, api, `${prefix.tick}api-`));
      await guard(b.s, 'waiting for the window edges', watch.until([...startup, ...pre, ...api]));
      const logB = await guard(b.s, 'reading the change log', logAfter(b.s, b.stream, ws.adminKey, afterB));
      await b.end();
      const lastB = logB.length ? logB[logB.length - 1] : afterB;
      const storeB = await storeCheck(l.run, { prefixes: [prefix.tick], after: afterB, upTo: lastB });
      r.streams.push({ ...checkStream('restart', b.stream.changes, logB, b.stream.reconnects), storeRows: storeB.changeRows, sameDirection: storeB.sameDirection });
      const set = (ticks: readonly Tick[]) => watch.summarize(ticks, b.upAt, scanDoneAt);
      r.timeDriven = {
        startup: set(startup), preStart: set(pre), viaApi: set(api), entered, stored: storeB.events[0],
        suite: watch.othersAfter(scanDoneAt), baseline: rb.full,
      };
    } catch (e) {
      if (!(e instanceof ServerExited)) throw e;
      progress(e.message);
      r.failure = { phase: e.phase, code: e.code, signal: e.signal, timedOut: e.timedOut, afterMs: e.afterMs, peakRssBytes: e.peakRssBytes, stderr: e.stderr.slice(-4_000) };
      for (const s of running) {
        await s.stop();
        running.delete(s);
      }
    }

    return {
      meta: {
        mode: 'realtime', date: new Date().toISOString().slice(0, 10), size: o.size, contacts: size.contacts, events: size.events, seed: SEED,
        timeZone: TIME_ZONE, keep: o.keep, cores: availableParallelism(), node: env.node, duckdb: env.duckdb, cpu: env.cpu,
        totalRamBytes: env.totalRamBytes, platform: env.platform, git: env.git,
        segments: [...suite.segments.map((s) => s.alias), ...BENCH_SEGMENTS.map((s) => s.alias)],
        generateMs: prep.generateMs, importMs: prep.importMs, applyMs: ws.applyMs, storeBytes: ws.storeBytes,
        wallMs: performance.now() - started, profile: o.profileDir ?? null,
      },
      failure: r.failure,
      start: {
        first: r.first, restart: r.restart,
        baseline: { ms: sb.ms, openMs: sb.out.openMs, rebuildMs: sb.out.rebuildMs, peakRssBytes: sb.out.peakRssBytes },
      },
      ingest: r.ingest,
      latency: r.latency,
      timeDriven: r.timeDriven,
      streams: r.streams,
    };
  } finally {
    for (const s of streams) s.close();
    for (const s of running) await s.stop().catch(() => undefined);
    removeTemp(l);
  }
}

interface Draft {
  first: StartFigure | null;
  restart: StartFigure | null;
  ingest: RealtimeResult['ingest'];
  latency: RealtimeResult['latency'];
  timeDriven: RealtimeResult['timeDriven'];
  streams: StreamCheck[];
  failure: Failure | null;
}
