import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestRouteModule } from '../../src/ingest/index.js';
import { startLive } from '../../src/realtime/live-workspace.js';
import type { Live } from '../../src/realtime/live.js';
import { createMetrics, liveMetrics } from '../../src/server/metrics.js';
import { openKeys, startServer, type RunningServer } from '../../src/server/server.js';
import { DuckDBStore } from '../../src/store/index.js';

// A real server for the tests: a DuckDB store in a temporary directory, the live
// workspace on it, the HTTP server on a loopback port with /v1 ingestion, and an admin and
// a write key.

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (null when it is empty or not JSON). */
  readonly body: any;
}

export interface CallOptions {
  readonly body?: unknown;
  /** A body sent as it is (with `type` as its Content-Type), instead of JSON. */
  readonly raw?: string | Uint8Array;
  readonly type?: string;
  /** The key to send; null sends none. Default: the admin key. */
  readonly key?: string | null;
  readonly headers?: Record<string, string>;
}

export interface TestServer {
  readonly url: string;
  readonly admin: string;
  readonly writer: string;
  readonly live: Live;
  readonly store: DuckDBStore;
  readonly server: RunningServer;
  call(method: string, path: string, opts?: CallOptions): Promise<Answer>;
  /** Everything stored that a request could change, for "nothing changed" checks. */
  state(): Promise<unknown>;
  close(): Promise<void>;
}

export async function testServer(opts: { now?: string; heartbeatMs?: number } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-server-'));
  const store = await DuckDBStore.open(join(dir, 'data'));
  const metrics = createMetrics({ processMetrics: false });
  const live = await startLive(store, { now: opts.now ? Date.parse(opts.now) : undefined, metrics: liveMetrics(metrics) });
  const keys = await openKeys(live);
  const admin = (await keys.create('admin', 'tests')).secret;
  const writer = (await keys.create('write', 'website')).secret;
  const server = await startServer({ live, keys, metrics, port: 0, host: '127.0.0.1', heartbeatMs: opts.heartbeatMs, modules: [ingestRouteModule] });
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Answer> => {
    const key = o.key === undefined ? admin : o.key;
    const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...o.headers };
    let body: string | Uint8Array | undefined;
    if (o.raw !== undefined) { body = o.raw; headers['content-type'] ??= o.type ?? 'application/json'; }
    else if (o.body !== undefined) { body = JSON.stringify(o.body); headers['content-type'] ??= 'application/json'; }
    const res = await fetch(`${server.url}${path}`, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let parsed: unknown = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
    return { status: res.status, headers: res.headers, text, body: parsed };
  };
  return {
    url: server.url, admin, writer, live, store, server, call,
    state: () => live.read(async (ws) => ({
      settings: await ws.settings(),
      fields: await ws.fields(),
      segments: await ws.segments(),
      manual: await Promise.all((await ws.segments()).map((s) => ws.store.manual(s.alias))),
      contacts: await ws.store.loadContacts(),
      changes: await ws.store.changesAfter(0, 1_000_000),
      keys: keys.list().map((k) => ({ ...k, lastUsedAt: null })),
    })),
    close: async () => {
      await server.close();
      await live.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error of an answer as [status, code, path]. */
export const err = (a: Answer): [number, string, string] => [a.status, a.body?.error?.code, a.body?.error?.path];
