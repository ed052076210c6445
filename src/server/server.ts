import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Live } from '../realtime/live.js';
import { KeyStore } from '../store/keys.js';
import { createApp, handlersBefore, type AppDeps } from './app.js';
import type { RouteModule } from './context.js';
import { createMetrics, type Metrics } from './metrics.js';

// The HTTP server around the app: listen, and shut down in order — stop accepting, end
// the event streams, let requests in flight finish, and write back what keys remember.
// Closing the live workspace and the store is the caller's next step.

export interface ServerOptions {
  readonly live: Live;
  readonly port?: number;
  readonly host?: string;
  /** Defaults: keys over the live workspace's store, and a fresh set of metrics. */
  readonly keys?: KeyStore;
  readonly metrics?: Metrics;
  readonly modules?: readonly RouteModule[];
  readonly heartbeatMs?: number;
  /** How long requests in flight may take to finish on close before their connections are cut. */
  readonly drainMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly keys: KeyStore;
  readonly metrics: Metrics;
  /** Stop accepting, end streams, drain requests in flight. Idempotent. */
  close(): Promise<void>;
}

/**
 * Connections the kernel may hold accepted before the server takes them (Linux caps it at
 * net.core.somaxconn, 4096 by default). Node's default is 511: when a burst of new
 * connections (browsers each open their own) meets a busy turn of the event loop, the
 * queue overflows, the kernel drops the handshake and the client tries again a second
 * later. Benchmark on M at 2,000 single-event requests a second: 3,725 overflows and
 * 1,639 retransmitted handshakes in 15 s with 511, none with this.
 * libuv accepts one connection per turn of the loop, so under load the queue is where a
 * burst waits; accepting in the idle main thread instead (relaying the bytes) let the
 * burst flood the serving thread and made the first second slower (docs/performance.md).
 */
const LISTEN_BACKLOG = 4096;

/**
 * How long an idle keep-alive connection stays open. Node's default, 5 s, is shorter than
 * many clients keep one idle (browsers, Node's own connection pools, proxies): the server
 * then closes a connection just as the client sends on it, and that request fails with
 * ECONNRESET without ever reaching the app (benchmark on M: one of 30,000 single-event
 * requests). Longer than the 60 s load balancers commonly keep, so they close first.
 */
const KEEP_ALIVE_MS = 65_000;

/** How often the keys' last use is written back. */
const KEY_FLUSH_MS = 60_000;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const keys = opts.keys ?? await openKeys(opts.live);
  const metrics = opts.metrics ?? createMetrics();
  const shutdown = new AbortController();
  const deps: AppDeps = { live: opts.live, keys, metrics, modules: opts.modules, heartbeatMs: opts.heartbeatMs, shutdown: shutdown.signal };
  const app = createApp(deps);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const viaApp = getRequestListener(app.fetch);
    const first = handlersBefore(app);
    const s = createServer((req, res) => {
      for (const h of first) if (h(req, res)) return;
      void viaApp(req, res);
    });
    s.keepAliveTimeout = KEEP_ALIVE_MS;
    // Past the idle time, so a request's headers are never cut short by a connection's age.
    s.headersTimeout = KEEP_ALIVE_MS + 1_000;
    s.once('error', reject);
    s.listen({ port: opts.port ?? 8080, host, backlog: LISTEN_BACKLOG }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const flush = setInterval(() => { keys.flush().catch(() => undefined); }, KEY_FLUSH_MS);
  flush.unref();
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port, keys, metrics,
    close: () => (closing ??= (async () => {
      clearInterval(flush);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      shutdown.abort();
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), opts.drainMs ?? 10_000);
      await closed;
      clearTimeout(timer);
      await keys.flush();
    })()),
  };
}

/** The key store over the live workspace's store, its writes queued with the workspace's own. */
export async function openKeys(live: Live): Promise<KeyStore> {
  const sql = await live.read(async (ws) => ws.store.sql);
  return KeyStore.open(sql, (fn) => live.read(() => fn()));
}
