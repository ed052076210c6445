import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { SegmintError, issue } from '../../errors.js';
import { ingestRouteModule } from '../../ingest/index.js';
import { startLive } from '../../realtime/live-workspace.js';
import { findServer, removeServerFile, writeServerFile } from '../../server/local.js';
import { createMetrics, liveMetrics } from '../../server/metrics.js';
import { openKeys, startServer } from '../../server/server.js';
import { mintSignInToken } from '../../web-api/signin.js';
import { DuckDBStore } from '../../store/index.js';
import { registerWebhookRoutes, startWebhooks } from '../../webhooks/index.js';
import { clock, dataDir, globals } from '../context.js';
import { wholeNumberFromEnv } from '../env-number.js';
import { backgroundNice, putThisThreadFirst } from '../thread-priority.js';
import { print, printJson } from '../output.js';

// `segmint serve`: the live workspace behind the HTTP API, /v1 ingestion, the change
// stream and webhooks, until SIGTERM or SIGINT. It writes `<data>/server.json` so other
// commands on the directory go through it, and removes it once it has shut down.

interface ServeOptions { port: string; host: string }

// Threads the store's queries run on while serving: one core fewer than the machine has,
// so the serving thread (HTTP, deciding, the schedule) always has one. A write group is a
// handful of tiny statements, and on more threads DuckDB hands each one's work between
// them: on two cores, a group of 15 events and their 15 changes took 3.6–4.2 ms of CPU on
// two threads and 2.2–2.3 ms on one (docs/performance.md). The start-up rebuild runs
// before, on every core. SEGMINT_STORE_THREADS sets another count.

/** Threads for the store while serving, or why SEGMINT_STORE_THREADS cannot be used. */
export function servingStoreThreads(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number | string {
  return wholeNumberFromEnv(env, 'SEGMINT_STORE_THREADS', { min: 1, max: 1024, unit: 'threads', fallback: Math.max(1, cores - 1) });
}

export interface Served {
  readonly url: string;
  /** The first admin key, when there was none; shown once. */
  readonly adminKey: string | null;
  /** A link that signs a browser in once, within ten minutes (the web app exchanges its token for an admin key). */
  signInUrl(): string;
  /** Shut everything down in order: stop accepting, drain, stop webhooks, close the live workspace and the store. */
  close(): Promise<void>;
}

/** Start serving `dir` (used by `serve` and by `demo`). */
export async function serve(dir: string, opts: { port: number; host: string; now: number | null }): Promise<Served> {
  const running = await findServer(dir);
  if (running) throw new SegmintError(issue('conflict', `${dir} is already served by segmint (pid ${running.pid}) at ${running.url}`, dir));
  const threads = servingStoreThreads();
  if (typeof threads === 'string') throw new SegmintError(issue('invalid_argument', threads, 'SEGMINT_STORE_THREADS'));
  const nice = backgroundNice();
  if (typeof nice === 'string') throw new SegmintError(issue('invalid_argument', nice, 'SEGMINT_BACKGROUND_NICE'));
  const store = await DuckDBStore.open(dir);
  const undo: (() => Promise<void>)[] = [() => store.close()];
  try {
    const metrics = createMetrics();
    const live = await startLive(store, { now: opts.now ?? undefined, metrics: liveMetrics(metrics), compactAfterScan: true, storeThreads: threads });
    undo.unshift(() => live.close());
    const keys = await openKeys(live);
    const adminKey = keys.hasActive('admin') ? null : (await keys.create('admin', 'first admin key')).secret;
    const worker = startWebhooks({ live, metrics });
    undo.unshift(() => worker.stop());
    const server = await startServer({
      live, keys, metrics, port: opts.port, host: opts.host,
      modules: [ingestRouteModule, (app, ctx) => registerWebhookRoutes(app, { live: ctx.live, worker })],
    }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') throw new SegmintError(issue('conflict', `port ${opts.port} on ${opts.host} is in use; choose another with --port (0: any free port)`, '--port'));
      if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new SegmintError(issue('invalid_argument', `cannot listen on host "${opts.host}"`, '--host'));
      throw e;
    });
    writeServerFile(dir, { url: server.url, pid: process.pid, token: keys.createSession('admin') });
    // From here on this thread serves: the process's other threads yield to it (thread-priority.ts).
    const stopSweeps = putThisThreadFirst(nice);
    undo.unshift(async () => stopSweeps());
    let closing: Promise<void> | null = null;
    return {
      url: server.url, adminKey,
      signInUrl: () => `${server.url}/?token=${mintSignInToken(keys).token}`,
      close: () => (closing ??= (async () => {
        await server.close();
        for (const step of undo) await step();
        removeServerFile(dir);
      })()),
    };
  } catch (e) {
    for (const step of undo) await step().catch(() => undefined);
    throw e;
  }
}

/** Resolves at the first SIGTERM or SIGINT; a second one ends the process at once. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new SegmintError(issue('invalid_argument', `--port must be a port number (0–65535), got "${text}"`, '--port'));
  return n;
}

export function registerServeCommand(program: Command): void {
  program.command('serve').description('serve the workspace over HTTP: REST API, /v1 ingestion, change stream, webhooks')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .action(async (o: ServeOptions, cmd: Command) => {
      const g = globals(cmd);
      const dir = dataDir(g);
      const fixed = g.now ?? process.env.SEGMINT_NOW ? clock(g) : null;
      const served = await serve(dir, { port: parsePort(o.port), host: o.host, now: fixed });
      if (g.json) {
        printJson({ url: served.url, pid: process.pid, data: dir, clock: fixed === null ? 'wall' : new Date(fixed).toISOString(), adminKey: served.adminKey });
      } else {
        print([
          `segmint is serving ${dir} at ${served.url}`,
          `  API ${served.url}/api/v1 (OpenAPI: ${served.url}/api/v1/openapi.json), ingestion ${served.url}/v1`,
          fixed === null ? '  clock: the wall clock' : `  clock: fixed at ${new Date(fixed).toISOString()} (move it with POST /api/v1/clock)`,
          ...(served.adminKey ? ['a first admin key was created; it is shown this once:', `  ${served.adminKey}`] : []),
          'stop with Ctrl-C (or SIGTERM)',
        ].join('\n'));
      }
      await untilSignal();
      if (!g.json) process.stderr.write('shutting down …\n');
      await served.close();
    });
}
