import type { Workspace } from '../../src/engine/index.js';
import type { DuckDBStore } from '../../src/store/index.js';
import { importContacts, importEvents } from '../../src/import/index.js';
import { progress, timed } from '../measure.js';
import { rebuildAll, type RebuildMeasure } from './build.js';

export interface DeltaMeasure {
  readonly contacts: { readonly rows: number; readonly ms: number };
  readonly events: { readonly rows: number; readonly ms: number };
  readonly rebuild: RebuildMeasure;
}

/** Import the delta files (changed contacts, new events), then time a full rebuild. */
export async function applyDelta(ws: Workspace, store: DuckDBStore, files: { contacts: string; events: string }): Promise<DeltaMeasure> {
  progress('delta: importing changed contacts and new events …');
  const c = await timed(() => importContacts(ws, files.contacts));
  const e = await timed(() => importEvents(ws, files.events));
  if (c.value.rejected || e.value.rejected) throw new Error(`delta rows rejected: ${JSON.stringify([...c.value.rejects, ...e.value.rejects].slice(0, 3))}`);
  const rebuild = await rebuildAll(ws, store, 'after delta');
  return {
    contacts: { rows: c.value.imported + c.value.updated, ms: c.ms },
    events: { rows: e.value.imported, ms: e.ms },
    rebuild,
  };
}
