import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../src/engine/index.js';
import { DuckDBStore } from '../src/store/index.js';
import { DEMO_FIELDS } from '../src/demo/fields.js';
import { NOW_MS, TIME_ZONE } from './config.js';

// Opening, creating and copying the stores the benchmark works on.

export interface Opened {
  readonly store: DuckDBStore;
  readonly ws: Workspace;
}

export async function openWorkspace(dir: string): Promise<Opened> {
  const store = await DuckDBStore.open(dir);
  return { store, ws: await Workspace.open(store, NOW_MS) };
}

/** A new store in an emptied `dir` with the suite's zone and DEMO_FIELDS; returns how long that took. */
export async function createWorkspace(dir: string): Promise<Opened & { setupMs: number }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const store = await DuckDBStore.open(dir);
  await (await Workspace.open(store, NOW_MS)).setTimezone(TIME_ZONE);
  // Reopen so the workspace reads its new zone.
  const ws = await Workspace.open(store, NOW_MS);
  await ws.applyFields(DEMO_FIELDS);
  return { store, ws, setupMs: performance.now() - started };
}

export function copyStore(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

/** Bytes of every file under `dir`. */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** Rows of a table (or any SELECT), through the store's public count path. */
export async function rows(store: DuckDBStore, select: string): Promise<number> {
  return store.countQuery({ sql: select, params: [] });
}
