import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SegmintError, issue, type Issue } from '../errors.js';
import { defaultRejectsPath, removeStaleRejects, writeRejects, type ImportOptions, type ImportSummary } from '../import/index.js';
import type { Format } from '../import/rows.js';
import { checkMapping, completeMapping, type ImportKind, type Mapping } from '../web-api/column-mapping.js';
import { SAMPLE_ROWS, readSample, recordsAt, rewrite, sniffFormat } from '../web-api/mapped-import.js';
import type { WorkspaceApi } from './workspace-api.js';

// `segmint import … --map "COLUMN=KEY"`: a file whose columns are not named as the
// workspace's fields ("Zip Code", "E-Mail") imported with its columns renamed or skipped,
// as the web app's import maps them. The file is rewritten once with the columns mapped,
// imported as any file is, and its rejected rows are told by their line and record in the
// file as given.

/** `--map` values as a mapping: `COLUMN=KEY` renames, `COLUMN=` skips the column. */
export function parseMapOptions(values: readonly string[]): Mapping {
  const mapping: Record<string, string | null> = {};
  const errors: Issue[] = [];
  for (const v of values) {
    const at = v.lastIndexOf('=');
    if (at <= 0) {
      errors.push(issue('invalid_argument', `--map takes COLUMN=KEY (or COLUMN= to skip the column), got "${v}"`, '--map'));
      continue;
    }
    const column = v.slice(0, at);
    if (column in mapping) errors.push(issue('invalid_argument', `--map names the column "${column}" twice`, `--map "${column}"`));
    const key = v.slice(at + 1).trim();
    mapping[column] = key === '' ? null : key;
  }
  if (errors.length) throw new SegmintError(errors);
  return mapping;
}

/** Import `file` with its columns mapped; then every segment is brought up to date, as any import does. */
export async function importMapped(api: WorkspaceApi, kind: ImportKind, file: string, given: Mapping, opts: ImportOptions): Promise<{ summary: ImportSummary; rebuilt: number }> {
  const format: Format = opts.format ?? sniffFormat(file);
  const sample = await readSample(file, format, SAMPLE_ROWS, false);
  const columns = sample.columns;
  // A CSV header, or a sample that read the whole file, names every column: a name --map
  // got wrong is told before anything else. Past the sample an NDJSON key may still appear.
  if (format === 'csv' || sample.rows.length < SAMPLE_ROWS) refuseAbsent(given, columns, file);
  const mapping = completeMapping(given, columns);
  const registry = await api.registry();
  const createFields = opts.createFields === true && kind === 'contacts';
  const problems = checkMapping(mapping, kind, registry, createFields, { skip: (c) => `(--map "${c}=")`, createFields: kind === 'contacts' ? '(--create-fields)' : '' });
  if (problems.length) {
    // A column --map did not name is read under its own name: say how to rename it.
    throw new SegmintError(problems.map((p) => issue('invalid_argument', p.column in given ? p.message : `the column "${p.column}" keeps its name: ${p.message}; rename it with --map "${p.column}=KEY"`, `--map "${p.column}"`)));
  }

  removeStaleRejects(opts.rejectsPath ?? defaultRejectsPath(file));
  const dir = await mkdtemp(join(tmpdir(), 'segmint-mapped-'));
  try {
    const mapped = join(dir, 'mapped.ndjson');
    const rw = await rewrite(file, format, mapped, kind, mapping, registry, createFields);
    refuseAbsent(given, rw.columns, file);
    if (rw.fields.length) await api.applyFields(rw.fields);
    const { summary, rebuilt } = await api.importFile(kind, mapped, { format: 'ndjson', onProgress: opts.onProgress, rejectsPath: join(dir, 'rejects.ndjson') });
    // Lines of the rewritten file are lines of the given one again, beside the lines it could not read.
    const rejected = [
      ...summary.rejects.map((r) => ({ line: rw.lines[r.line - 1] ?? r.line, reasons: r.reasons })),
      ...rw.unreadable,
    ].sort((a, b) => a.line - b.line);
    const records = await recordsAt(file, format, new Set(rejected.map((r) => r.line)), rejected.length);
    const written = writeRejects(file, rejected.map((r) => ({ ...r, record: records.get(r.line) ?? null })), opts);
    return {
      summary: {
        ...summary, file, read: summary.read + rw.unreadable.length, rejected: rejected.length, rejects: rejected,
        fieldsCreated: rw.fields.map((f) => `${f.key} (${f.type})`), rejectsFile: written.file, rejectsWarning: written.warning,
      },
      rebuilt,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Refuse a mapping that names a column the file does not have, with the columns it has. */
function refuseAbsent(given: Mapping, columns: readonly string[], file: string): void {
  const absent = Object.keys(given).filter((c) => !columns.includes(c));
  if (absent.length) {
    throw new SegmintError(absent.map((c) => issue('invalid_argument', `--map names the column "${c}", which ${file} does not have (its columns: ${columns.map((x) => `"${x}"`).join(', ')})`, `--map "${c}"`)));
  }
}
