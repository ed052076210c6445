import { rmSync, writeFileSync } from 'node:fs';
import { FieldRegistry, FIELD_KEY, SYSTEM_KEYS, type FieldDef } from '../fields/index.js';
import { isValidIsoDate, parseIsoDateTime } from '../time/index.js';
import type { Workspace } from '../engine/index.js';
import { checkFile, type FileJob } from './check-file.js';
import type { Reject } from './check-range.js';
import { readRows, formatOf, type Format } from './rows.js';

export interface ImportSummary {
  readonly file: string;
  readonly read: number;
  readonly imported: number;
  readonly updated: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly contactsCreated: number;
  readonly fieldsCreated: string[];
  /** Where rejected rows were written, with line and reasons; null when none. */
  readonly rejectsFile: string | null;
  readonly rejects: { line: number; reasons: string[] }[];
}

export interface ImportOptions {
  readonly format?: Format;
  readonly createFields?: boolean;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Rejected rows go beside the input, one JSON object per line, with line and reasons. */
function writeRejects(path: string, rejects: readonly Reject[]): string | null {
  if (!rejects.length) return null;
  writeFileSync(path, rejects.map((r) => `${JSON.stringify({ line: r.line, reasons: r.reasons, record: r.record })}\n`).join(''));
  return path;
}

/** Check every row (in parallel when the file is large), then hand the rows that passed to `load`. */
async function run<T extends { inserted: number }>(
  ws: Workspace, path: string, opts: ImportOptions, job: Omit<FileJob, 'path' | 'format' | 'tz'>, load: (files: string[]) => Promise<T>, empty: T,
): Promise<{ read: number; loaded: T; rejects: Reject[]; rejectsFile: string | null }> {
  const rejectsPath = `${path}.rejects.ndjson`;
  // A rejects file always belongs to the latest import of its input.
  rmSync(rejectsPath, { force: true });
  const checked = await checkFile({ ...job, path, format: opts.format ?? formatOf(path), tz: ws.tz }, opts.onProgress);
  try {
    const loaded = checked.staged ? await load(checked.files) : empty;
    return { read: checked.read, loaded, rejects: checked.rejects, rejectsFile: writeRejects(rejectsPath, checked.rejects) };
  } finally {
    rmSync(checked.dir, { recursive: true, force: true });
  }
}

const summaryRejects = (rejects: readonly Reject[]): ImportSummary['rejects'] => rejects.map((r) => ({ line: r.line, reasons: r.reasons }));

/** Infer a type for each undeclared key from the values the file holds. */
async function inferFields(path: string, opts: ImportOptions, registry: FieldRegistry): Promise<FieldDef[]> {
  const seen = new Map<string, unknown[]>();
  for await (const batch of readRows(path, opts.format ?? formatOf(path))) {
    for (const row of batch.rows) {
      if (!row.record) continue;
      for (const [k, v] of Object.entries(row.record)) {
        if (k === 'id' || registry.get(k) || SYSTEM_KEYS.has(k) || !FIELD_KEY.test(k)) continue;
        const list = seen.get(k) ?? [];
        if (v !== null && v !== '' && list.length < 1000) list.push(v);
        seen.set(k, list);
      }
    }
  }
  return [...seen].map(([key, values]) => ({ key, label: key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), type: inferType(values) }));
}

function inferType(values: unknown[]): FieldDef['type'] {
  const all = (p: (v: unknown) => boolean): boolean => values.length > 0 && values.every(p);
  if (all((v) => typeof v === 'boolean' || v === 'true' || v === 'false')) return 'boolean';
  if (all((v) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))))) return 'number';
  if (all((v) => typeof v === 'string' && isValidIsoDate(v))) return 'date';
  if (all((v) => typeof v === 'string' && /T/.test(v) && parseIsoDateTime(v, 'UTC') !== null)) return 'datetime';
  return 'text';
}

export async function importContacts(ws: Workspace, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  let registry = await ws.registry();
  let fieldsCreated: string[] = [];
  if (opts.createFields) {
    const defs = await inferFields(path, opts, registry);
    if (defs.length) {
      await ws.store.applyFields(defs);
      fieldsCreated = defs.map((d) => `${d.key} (${d.type})`);
      registry = await ws.registry();
    }
  }
  const keys = registry.stored().map((f) => f.key).filter((k) => k !== 'id');
  const r = await run(ws, path, opts, { kind: 'contacts', fields: registry.declared, keys },
    (files) => ws.store.writeContactFiles(files, keys, ws.now), { inserted: 0, updated: 0 });
  return {
    file: path, read: r.read, imported: r.loaded.inserted, updated: r.loaded.updated, rejected: r.rejects.length, duplicates: 0, contactsCreated: 0,
    fieldsCreated, rejectsFile: r.rejectsFile, rejects: summaryRejects(r.rejects),
  };
}

export async function importEvents(ws: Workspace, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const r = await run(ws, path, opts, { kind: 'events', fields: [], keys: [] },
    (files) => ws.store.writeEventFiles(files, ws.now), { inserted: 0, duplicates: 0, contactsCreated: 0 });
  return {
    file: path, read: r.read, imported: r.loaded.inserted, updated: 0, rejected: r.rejects.length, duplicates: r.loaded.duplicates,
    contactsCreated: r.loaded.contactsCreated, fieldsCreated: [], rejectsFile: r.rejectsFile, rejects: summaryRejects(r.rejects),
  };
}
