import { closeSync, openSync, readSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { FieldRegistry, type FieldDef } from '../fields/index.js';
import { TypeGuess } from '../import/infer.js';
import { LineFile } from '../import/line-file.js';
import { readRows, type Format } from '../import/rows.js';
import {
  FieldCreator, applyMapping, checkCells, fieldKeyFor, suggestMapping, type ImportKind, type Mapping, type MatchedBy, type Target,
} from './column-mapping.js';

// An uploaded file read for its columns and first rows (the preview), and rewritten with
// its columns renamed or skipped as mapped (the import): the import itself then runs on
// the rewritten file as `segmint import` would, and rejected rows are numbered by the
// lines of the uploaded file.

/** Rows the preview shows with their checks, and rows it reads to suggest types. */
export const PREVIEW_ROWS = 20;
export const SAMPLE_ROWS = 1000;

const SYSTEM_LABELS: Readonly<Record<string, string>> = {
  id: 'ID', email: 'E-mail', phone: 'Phone', first_name: 'First name', last_name: 'Last name', created_at: 'Created', tags: 'Tags',
};

const EVENT_TARGETS: readonly Target[] = [
  { key: 'contact_id', label: 'Contact ID', type: 'text' },
  { key: 'name', label: 'Event name', type: 'text' },
  { key: 'ts', label: 'Time', type: 'datetime' },
  { key: 'properties', label: 'Properties (JSON)', type: 'object' },
  { key: 'message_id', label: 'Message ID', type: 'text' },
];

/** What a column may be mapped to: writable fields (system and declared), or the event keys. */
export function targetsFor(kind: ImportKind, declared: readonly FieldDef[]): Target[] {
  if (kind === 'events') return [...EVENT_TARGETS];
  const registry = new FieldRegistry(declared);
  const labels = new Map(declared.map((f) => [f.key, f.label]));
  return registry.stored().map((f) => ({ key: f.key, label: labels.get(f.key) ?? SYSTEM_LABELS[f.key] ?? null, type: f.type }));
}

/** CSV unless the text starts like JSON, when the caller does not say. */
export function sniffFormat(path: string): Format {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return /^\s*\{/.test(buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '')) ? 'ndjson' : 'csv';
  } finally {
    closeSync(fd);
  }
}

export interface ReadSample {
  readonly columns: string[];
  readonly rows: { line: number; record: Record<string, unknown> | null; error?: string }[];
}

/** The first `limit` rows of a file and its columns (CSV: the header; NDJSON: keys in order of appearance). */
export async function readSample(path: string, format: Format, limit: number, dropLast: boolean): Promise<ReadSample> {
  const rows: ReadSample['rows'] = [];
  const columns: string[] = [];
  const seen = new Set<string>();
  outer: for await (const batch of readRows(path, format)) {
    for (const r of batch.rows) {
      rows.push({ line: r.line, record: r.record, ...(r.error ? { error: r.error } : {}) });
      if (rows.length >= limit + (dropLast ? 1 : 0)) break outer;
    }
  }
  // A body cut short may end inside a record: the last one read is left out.
  if (dropLast && rows.length) rows.pop();
  for (const r of rows) for (const k of Object.keys(r.record ?? {})) if (!seen.has(k)) { seen.add(k); columns.push(k); }
  if (format === 'csv' && !columns.length) columns.push(...csvHeader(path));
  return { columns, rows };
}

/** The header of a CSV file with no records. */
function csvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
    if (!line.trim()) return [];
    const [header] = parse(line) as string[][];
    return header ?? [];
  } catch {
    return [];
  } finally {
    closeSync(fd);
  }
}

export interface ColumnPreview {
  readonly column: string;
  /** The suggested target (or the one given), null to skip. */
  readonly target: string | null;
  readonly matchedBy: MatchedBy | 'given' | null;
  /** For a contacts column with no field: the field it would become if created. */
  readonly create: FieldDef | null;
  /** The first few non-empty values. */
  readonly examples: unknown[];
  /** Sampled rows where the column is empty. */
  readonly empty: number;
}

export interface RowPreview {
  readonly line: number;
  /** The record as read; null when the line could not be read. */
  readonly values: Record<string, unknown> | null;
  /** Reasons by column; `row` for reasons of no one column. */
  readonly errors: Record<string, string[]>;
  readonly rowErrors: string[];
}

export interface Preview {
  readonly columns: ColumnPreview[];
  readonly mapping: Record<string, string | null>;
  readonly rows: RowPreview[];
  readonly sampled: number;
}

/**
 * Columns with their suggested targets (or those of `given`, which may name some columns
 * only: the others are suggested), and the first rows checked as the import will check
 * them, each reason on the column it comes from.
 */
export function preview(sample: ReadSample, kind: ImportKind, declared: readonly FieldDef[], tz: string, given: Mapping | null, createFields: boolean, fromCsv: boolean): Preview {
  const targets = targetsFor(kind, declared);
  const suggested = suggestMapping(sample.columns, targets, kind);
  const mapping: Record<string, string | null> = { ...suggested.mapping, ...(given ?? {}) };
  const records = sample.rows.map((r) => r.record).filter((r): r is Record<string, unknown> => r !== null);
  const columns = sample.columns.map((column): ColumnPreview => {
    const values = records.map((r) => r[column]);
    const present = values.filter((v) => v !== undefined && v !== null && v !== '');
    let create: FieldDef | null = null;
    if (kind === 'contacts' && suggested.mapping[column] === null) {
      const key = fieldKeyFor(column);
      const guess = new TypeGuess();
      for (const v of present) guess.add(v);
      if (key) create = { key, label: column.trim() || key, type: guess.type() };
    }
    return {
      column, target: mapping[column] ?? null, matchedBy: given && column in given ? 'given' : suggested.matched[column] ?? null, create,
      examples: present.slice(0, 3), empty: values.length - present.length,
    };
  });
  // Fields the import would create: checked as the types they would get.
  const registry = new FieldRegistry(declared);
  const creator = new FieldCreator(mapping, registry);
  for (const r of records) creator.add(applyMapping(r, mapping, kind, fromCsv));
  const withNew = createFields && kind === 'contacts' ? new FieldRegistry([...declared, ...creator.defs()]) : registry;
  const rows = sample.rows.slice(0, PREVIEW_ROWS).map((r): RowPreview => {
    if (!r.record) return { line: r.line, values: null, errors: {}, rowErrors: [r.error ?? 'the line could not be read'] };
    const c = checkCells(r.record, mapping, kind, withNew, tz, fromCsv);
    return { line: r.line, values: r.record, errors: c.cells, rowErrors: c.row };
  });
  return { columns, mapping, rows, sampled: sample.rows.length };
}

export interface Rewritten {
  /** Readable records written, and for each (by its line in the rewritten file) its line in the upload. */
  readonly lines: number[];
  /** Lines of the upload that could not be read, with why. */
  readonly unreadable: { line: number; reasons: string[] }[];
  /** Fields to create for targets no field has yet (empty unless asked for). */
  readonly fields: FieldDef[];
  readonly columns: string[];
}

/** The upload as NDJSON with its columns renamed or skipped as mapped. */
export async function rewrite(path: string, format: Format, out: string, kind: ImportKind, mapping: Mapping, registry: FieldRegistry, createFields: boolean): Promise<Rewritten> {
  const file = new LineFile(out);
  const lines: number[] = [];
  const unreadable: Rewritten['unreadable'] = [];
  const creator = createFields && kind === 'contacts' ? new FieldCreator(mapping, registry) : null;
  const columns: string[] = [];
  const seen = new Set<string>();
  try {
    for await (const batch of readRows(path, format)) {
      for (const r of batch.rows) {
        if (!r.record) { unreadable.push({ line: r.line, reasons: [r.error ?? 'the line could not be read'] }); continue; }
        for (const k of Object.keys(r.record)) if (!seen.has(k)) { seen.add(k); columns.push(k); }
        const mapped = applyMapping(r.record, mapping, kind, format === 'csv');
        creator?.add(mapped);
        file.write(`${JSON.stringify(mapped)}\n`);
        lines.push(r.line);
      }
    }
  } finally {
    file.close();
  }
  return { lines, unreadable, fields: creator?.defs() ?? [], columns };
}

/** The records of the given lines of the upload, as read (at most `limit`). */
export async function recordsAt(path: string, format: Format, lines: ReadonlySet<number>, limit: number): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>();
  if (!lines.size) return out;
  for await (const batch of readRows(path, format)) {
    for (const r of batch.rows) {
      if (r.record && lines.has(r.line)) out.set(r.line, r.record);
      if (out.size >= Math.min(limit, lines.size)) return out;
    }
  }
  return out;
}
