import { createWriteStream, rmSync, statSync, type WriteStream } from 'node:fs';
import { FieldRegistry, FIELD_KEY, SYSTEM_KEYS, type FieldDef } from '../fields/index.js';
import { isValidIsoDate, parseIsoDateTime } from '../time/index.js';
import type { Workspace } from '../engine/index.js';
import type { ContactWrite, EventWrite } from '../store/index.js';
import { readRows, formatOf, type Format } from './rows.js';
import { checkContact, checkEvent, type Checked } from './validate.js';

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
  readonly batchSize?: number;
  readonly onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void;
}

const BATCH = 50_000;
/** Event imports of at least this many rows re-cluster the events table afterwards. */
const CLUSTER_AFTER = 100_000;

class Rejects {
  private out: WriteStream | null = null;
  readonly list: { line: number; reasons: string[] }[] = [];
  constructor(readonly path: string) {
    // A rejects file always belongs to the latest import of its input.
    rmSync(path, { force: true });
  }
  add(line: number, reasons: string[], record: unknown): void {
    this.list.push({ line, reasons });
    this.out ??= createWriteStream(this.path);
    this.out.write(`${JSON.stringify({ line, reasons, record })}\n`);
  }
  async close(): Promise<string | null> {
    if (!this.out) return null;
    const out = this.out;
    await new Promise<void>((resolve) => out.end(resolve));
    return this.path;
  }
}

async function run<T>(
  path: string, opts: ImportOptions, check: (r: Record<string, unknown>) => Checked<T>, flush: (batch: T[]) => Promise<void>,
): Promise<{ read: number; rejects: Rejects }> {
  const rejects = new Rejects(`${path}.rejects.ndjson`);
  const total = statSync(path).size;
  let batch: T[] = [];
  let read = 0;
  for await (const rows of readRows(path, opts.format ?? formatOf(path))) {
    for (const row of rows) {
      read++;
      if (!row.record) { rejects.add(row.line, [row.error ?? 'unreadable'], null); continue; }
      const c = check(row.record);
      if (c.ok) batch.push(c.value);
      else rejects.add(row.line, c.reasons, row.record);
    }
    if (batch.length >= (opts.batchSize ?? BATCH)) {
      await flush(batch);
      batch = [];
    }
    if (rows.length) opts.onProgress?.(rows[rows.length - 1].bytes, total, read);
  }
  if (batch.length) await flush(batch);
  opts.onProgress?.(total, total, read);
  return { read, rejects };
}

/** Infer a type for each undeclared key from the values the file holds. */
async function inferFields(path: string, opts: ImportOptions, registry: FieldRegistry): Promise<FieldDef[]> {
  const seen = new Map<string, unknown[]>();
  for await (const rows of readRows(path, opts.format ?? formatOf(path))) {
    for (const row of rows) {
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
  let imported = 0, updated = 0;
  const { read, rejects } = await run<ContactWrite>(path, opts, (r) => checkContact(r, registry, ws.tz), async (batch) => {
    const w = await ws.store.writeContacts(batch, ws.now);
    imported += w.inserted;
    updated += w.updated;
  });
  return {
    file: path, read, imported, updated, rejected: rejects.list.length, duplicates: 0, contactsCreated: 0, fieldsCreated,
    rejectsFile: await rejects.close(), rejects: rejects.list,
  };
}

export async function importEvents(ws: Workspace, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  let imported = 0, duplicates = 0, contactsCreated = 0;
  // Larger batches for events: each batch is checked against every stored message id.
  const { read, rejects } = await run<EventWrite>(path, { batchSize: 250_000, ...opts }, (r) => checkEvent(r, ws.tz), async (batch) => {
    const w = await ws.store.writeEvents(batch, ws.now);
    imported += w.inserted;
    duplicates += w.duplicates;
    contactsCreated += w.contactsCreated;
  });
  // A large import leaves events in arrival order: re-cluster them for fast scans.
  if (imported >= CLUSTER_AFTER) await ws.store.clusterEvents();
  return {
    file: path, read, imported, updated: 0, rejected: rejects.list.length, duplicates, contactsCreated, fieldsCreated: [],
    rejectsFile: await rejects.close(), rejects: rejects.list,
  };
}
