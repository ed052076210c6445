import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SegmintError, issue } from '../errors.js';
import { Workspace } from '../engine/index.js';
import { DuckDBStore } from '../store/index.js';
import { parseIsoDateTime } from '../time/index.js';

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

/** Open the workspace for a command, run it, and always close the store. */
export async function withWorkspace<T>(cmd: Command, fn: (ws: Workspace, g: GlobalOptions) => Promise<T>): Promise<T> {
  const g = globals(cmd);
  if (g.databaseUrl ?? process.env.SEGMINT_DATABASE_URL) {
    throw new SegmintError(issue('invalid_argument', 'the PostgreSQL store is not available in this version; use the embedded store (--data DIR)', '--database-url'));
  }
  const now = clock(g);
  const store = await DuckDBStore.open(dataDir(g));
  try {
    return await fn(await Workspace.open(store, now), g);
  } finally {
    await store.close();
  }
}
