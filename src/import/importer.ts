import { lstatSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FieldRegistry, FIELD_KEY, SYSTEM_KEYS, type FieldDef } from '../fields/index.js';
import type { Workspace } from '../engine/index.js';
import { checkFile, type FileJob } from './check-file.js';
import type { Reject } from './check-range.js';
import { TypeGuess } from './infer.js';
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
  /** Where rejected rows were written, with line and reasons; null when none (or when they could not be written). */
  readonly rejectsFile: string | null;
  /** Why rejected rows could not be written anywhere; null when they were (or there were none). */
  readonly rejectsWarning: string | null;
  readonly rejects: { line: number; reasons: string[] }[];
}

export interface ImportOptions {
  readonly format?: Format;
  readonly createFields?: boolean;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Where rejected rows go; default `FILE.rejects.ndjson` beside the input. */
  readonly rejectsPath?: string;
  /** Where rejected rows go when that place cannot be written (the CLI: `<data>/rejects`). */
  readonly rejectsFallbackDir?: string;
}

/**
 * Rejected rows, one JSON object per line with line and reasons, go to the first place
 * that takes them: `--rejects FILE` or beside the input, then the fallback directory.
 * Writing them never fails an import whose good rows are already stored: when no place
 * takes them, the summary carries a warning instead.
 */
export function writeRejects(
  input: string, rejects: readonly { line: number; reasons: readonly string[]; record?: unknown }[], opts: Pick<ImportOptions, 'rejectsPath' | 'rejectsFallbackDir'>,
): { file: string | null; warning: string | null } {
  if (!rejects.length) return { file: null, warning: null };
  const text = rejects.map((r) => `${JSON.stringify({ line: r.line, reasons: r.reasons, record: r.record ?? null })}\n`).join('');
  const tried: string[] = [];
  const attempt = (path: string, makeDir?: string): boolean => {
    try {
      if (makeDir) mkdirSync(makeDir, { recursive: true });
      writeFileSync(path, text);
      return true;
    } catch (e) {
      tried.push(`${path}: ${(e as Error).message}`);
      return false;
    }
  };
  const first = opts.rejectsPath ?? defaultRejectsPath(input);
  if (attempt(first)) return { file: first, warning: null };
  if (opts.rejectsFallbackDir) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
    const fallback = join(opts.rejectsFallbackDir, `${basename(input)}.${stamp}.rejects.ndjson`);
    if (attempt(fallback, opts.rejectsFallbackDir)) return { file: fallback, warning: null };
  }
  return { file: null, warning: `${rejects.length} rejected rows could not be written (${tried.join('; ')})` };
}

export const defaultRejectsPath = (input: string): string => `${input}.rejects.ndjson`;

/** A rejects file always belongs to the latest import of its input: an older one goes first. */
export function removeStaleRejects(path: string): void {
  try {
    // Only a file: whatever else sits at that path is not ours to remove.
    if (lstatSync(path).isFile()) rmSync(path, { force: true });
  } catch {
    // Nothing there, or it cannot be removed: the import goes on either way.
  }
}

/** Check every row (in parallel when the file is large), then hand the rows that passed to `load`. */
async function run<T extends { inserted: number }>(
  ws: Workspace, path: string, opts: ImportOptions, job: Omit<FileJob, 'path' | 'format' | 'tz'>, load: (files: string[]) => Promise<T>, empty: T,
): Promise<{ read: number; loaded: T; rejects: Reject[]; rejectsFile: string | null; rejectsWarning: string | null }> {
  removeStaleRejects(opts.rejectsPath ?? defaultRejectsPath(path));
  const checked = await checkFile({ ...job, path, format: opts.format ?? formatOf(path), tz: ws.tz }, opts.onProgress);
  try {
    const loaded = checked.staged ? await load(checked.files) : empty;
    const written = writeRejects(path, checked.rejects, opts);
    return { read: checked.read, loaded, rejects: checked.rejects, rejectsFile: written.file, rejectsWarning: written.warning };
  } finally {
    rmSync(checked.dir, { recursive: true, force: true });
  }
}

const summaryRejects = (rejects: readonly Reject[]): ImportSummary['rejects'] => rejects.map((r) => ({ line: r.line, reasons: r.reasons }));

/** Infer a type for each undeclared key from every value the file holds for it (see infer.ts). */
async function inferFields(path: string, opts: ImportOptions, registry: FieldRegistry): Promise<FieldDef[]> {
  const seen = new Map<string, TypeGuess>();
  for await (const batch of readRows(path, opts.format ?? formatOf(path))) {
    for (const row of batch.rows) {
      if (!row.record) continue;
      for (const [k, v] of Object.entries(row.record)) {
        if (k === 'id' || registry.get(k) || SYSTEM_KEYS.has(k) || !FIELD_KEY.test(k)) continue;
        let guess = seen.get(k);
        if (!guess) seen.set(k, (guess = new TypeGuess()));
        guess.add(v);
      }
    }
  }
  return [...seen].map(([key, guess]) => ({ key, label: key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), type: guess.type() }));
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
    fieldsCreated, rejectsFile: r.rejectsFile, rejectsWarning: r.rejectsWarning, rejects: summaryRejects(r.rejects),
  };
}

export async function importEvents(ws: Workspace, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const r = await run(ws, path, opts, { kind: 'events', fields: [], keys: [] },
    (files) => ws.store.writeEventFiles(files, ws.now), { inserted: 0, duplicates: 0, contactsCreated: 0 });
  return {
    file: path, read: r.read, imported: r.loaded.inserted, updated: 0, rejected: r.rejects.length, duplicates: r.loaded.duplicates,
    contactsCreated: r.loaded.contactsCreated, fieldsCreated: [], rejectsFile: r.rejectsFile, rejectsWarning: r.rejectsWarning, rejects: summaryRejects(r.rejects),
  };
}
