import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SegmintError, issue } from '../errors.js';
import { Workspace } from '../engine/index.js';
import { findServer } from '../server/local.js';
import { DuckDBStore } from '../store/index.js';
import { parseIsoDateTime } from '../time/index.js';
import { RemoteWorkspace } from './remote.js';
import { localWorkspace, type WorkspaceApi } from './workspace-api.js';

export interface GlobalOptions {
  readonly data?: string;
  readonly now?: string;
  readonly json?: boolean;
  readonly databaseUrl?: string;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

export function dataDir(g: GlobalOptions): string {
  return resolve(g.data ?? process.env.SEGMINT_DATA ?? './segmint-data');
}

/** The evaluation clock: --now, SEGMINT_NOW, or the wall clock. */
export function clock(g: GlobalOptions): number {
  const text = g.now ?? process.env.SEGMINT_NOW;
  if (!text) return Date.now();
  const ms = parseIsoDateTime(text, 'UTC');
  if (ms === null) throw new SegmintError(issue('invalid_argument', `--now "${text}" is not an ISO-8601 datetime (e.g. 2026-10-25T09:00:00Z)`, '--now'));
  return ms;
}

function refuseDatabaseUrl(g: GlobalOptions): void {
  if (g.databaseUrl ?? process.env.SEGMINT_DATABASE_URL) {
    throw new SegmintError(issue('invalid_argument', 'the PostgreSQL store is not available in this version; use the embedded store (--data DIR)', '--database-url'));
  }
}

/**
 * The workspace for a command: through the `segmint serve` running on the data directory
 * when there is one (it holds the store), else opened here. Either way the command sees
 * the same methods and prints the same.
 */
export async function withWorkspace<T>(cmd: Command, fn: (ws: WorkspaceApi, g: GlobalOptions) => Promise<T>): Promise<T> {
  const g = globals(cmd);
  refuseDatabaseUrl(g);
  const now = clock(g);
  const dir = dataDir(g);
  const server = await findServer(dir);
  if (!server) return withLocalWorkspace(cmd, (ws) => fn(localWorkspace(ws), g));
  const remote = await RemoteWorkspace.connect(server.url, server.token);
  if ((g.now ?? process.env.SEGMINT_NOW) && now !== remote.now) {
    throw new SegmintError(issue('invalid_argument',
      `a segmint server (pid ${server.pid}) runs on ${dir} with its clock at ${new Date(remote.now).toISOString()}; commands on this directory go through it and use its clock: leave out --now, or move the server's clock (POST /api/v1/clock)`,
      '--now'));
  }
  return fn(remote, g);
}

/** Open the workspace in this process (the data directory must be free), run `fn`, and always close the store. */
export async function withLocalWorkspace<T>(cmd: Command, fn: (ws: Workspace, g: GlobalOptions) => Promise<T>): Promise<T> {
  const g = globals(cmd);
  refuseDatabaseUrl(g);
  const now = clock(g);
  const store = await DuckDBStore.open(dataDir(g));
  try {
    return await fn(await Workspace.open(store, now), g);
  } finally {
    await store.close();
  }
}
