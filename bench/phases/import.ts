import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { importContacts, importEvents, type ImportSummary } from '../../src/import/index.js';
import { perSecond, progress, timed } from '../measure.js';
import { createWorkspace, dirBytes, rows, type Opened } from '../workspace.js';

export type Format = 'ndjson' | 'csv';

export interface ImportPart {
  readonly rows: number;
  readonly rejected: number;
  readonly ms: number;
  readonly rowsPerSec: number;
}

export interface ImportMeasure {
  readonly format: Format;
  /** Time zone and DEMO_FIELDS on the new store. */
  readonly setupMs: number;
  readonly contacts: ImportPart;
  readonly events: ImportPart;
  /** Contacts + events (the import target). */
  readonly ms: number;
  readonly rowsPerSec: number;
  readonly stored: { readonly contacts: number; readonly events: number };
  readonly storeBytes: number;
}

export interface NativeLoad {
  readonly format: Format;
  readonly contactsMs: number;
  readonly eventsMs: number;
  readonly ms: number;
}

function part(s: ImportSummary, ms: number): ImportPart {
  return { rows: s.imported + s.updated, rejected: s.rejected, ms, rowsPerSec: perSecond(s.read, ms) };
}

/** Import contacts then events into a new store in `dir`; the store stays open. */
export async function importInto(dir: string, files: { contacts: string; events: string }, format: Format): Promise<{ measure: Omit<ImportMeasure, 'storeBytes'>; opened: Opened }> {
  const opened = await createWorkspace(dir);
  const { ws, store } = opened;
  progress(`import ${format}: contacts …`);
  const c = await timed(() => importContacts(ws, files.contacts, { format }));
  progress(`import ${format}: ${c.value.imported.toLocaleString('en-US')} contacts in ${(c.ms / 1000).toFixed(1)} s; events …`);
  const e = await timed(() => importEvents(ws, files.events, { format }));
  progress(`import ${format}: ${e.value.imported.toLocaleString('en-US')} events in ${(e.ms / 1000).toFixed(1)} s`);
  const total = c.value.read + e.value.read;
  return {
    opened: { store, ws },
    measure: {
      format, setupMs: opened.setupMs, contacts: part(c.value, c.ms), events: part(e.value, e.ms), ms: c.ms + e.ms,
      rowsPerSec: perSecond(total, c.ms + e.ms),
      stored: { contacts: await store.countContacts(), events: await rows(store, 'SELECT name FROM events') },
    },
  };
}

export function storeSize(dir: string): number {
  return dirBytes(dir);
}

const exec = promisify(execFile);

/** DuckDB's reader on the same files, in a child process (see native-load.ts). */
export async function nativeLoad(format: Format, files: { contacts: string; events: string }, scratchDir: string): Promise<NativeLoad> {
  const script = fileURLToPath(new URL('../native-load.js', import.meta.url));
  progress(`native DuckDB load of the ${format} files (reference) …`);
  const { stdout } = await exec(process.execPath, [script, format, files.contacts, files.events, join(scratchDir, `native-${format}.duckdb`)], { maxBuffer: 1 << 20 });
  const r = JSON.parse(stdout) as { contactsMs: number; eventsMs: number };
  return { format, contactsMs: r.contactsMs, eventsMs: r.eventsMs, ms: r.contactsMs + r.eventsMs };
}
