import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from './store.js';

// Rejected rows of imports run through the API, kept so they can be downloaded after the
// import answered: the line, the reasons and the record as the file held it. Kept for the
// latest KEEP_IMPORTS imports and at most KEEP_DAYS days, at most MAX_KEPT rows each.

export const KEEP_IMPORTS = 20;
export const KEEP_DAYS = 7;
export const MAX_KEPT = 50_000;

export interface ImportRun {
  readonly id: string;
  readonly kind: 'contacts' | 'events';
  readonly createdAt: number;
  /** Rows rejected, and how many of them are kept. */
  readonly rejected: number;
  readonly kept: number;
  /** The file's columns in order (CSV), or its keys in order of appearance (NDJSON). */
  readonly columns: string[];
  readonly format: 'csv' | 'ndjson';
}

export interface KeptReject {
  readonly line: number;
  readonly reasons: string[];
  /** The record as read from the file; null when the line could not be read. */
  readonly record: Record<string, unknown> | null;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS import_runs (id VARCHAR, kind VARCHAR, created_at BIGINT, rejected BIGINT, kept BIGINT, columns VARCHAR, format VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS import_rejects (import_id VARCHAR, line BIGINT, reasons VARCHAR, record VARCHAR)`,
];

async function ensure(store: Store): Promise<void> {
  for (const s of SCHEMA) await store.sql.run(s);
}

const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Keep an import's rejected rows (the first MAX_KEPT), and let older imports' go. */
export async function saveImportRejects(store: Store, run: Omit<ImportRun, 'kept'>, rejects: readonly KeptReject[]): Promise<ImportRun> {
  await ensure(store);
  const kept = rejects.slice(0, MAX_KEPT);
  const dir = mkdtempSync(join(tmpdir(), 'segmint-rejects-'));
  try {
    // Through a file and DuckDB's bulk reader: one statement for any number of rows.
    const file = join(dir, 'rejects.ndjson');
    writeFileSync(file, kept.map((r) => `${JSON.stringify({ line: r.line, reasons: JSON.stringify(r.reasons), record: r.record === null ? null : JSON.stringify(r.record) })}\n`).join(''));
    await store.transaction(async () => {
      await store.sql.run('INSERT INTO import_runs VALUES ($1, $2, CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($5 AS BIGINT), $6, $7)',
        [run.id, run.kind, run.createdAt, run.rejected, kept.length, JSON.stringify(run.columns), run.format]);
      if (kept.length) {
        await store.sql.run(`INSERT INTO import_rejects SELECT $1, line, reasons, record FROM read_json(${sqlText(file)}, format = 'newline_delimited',
          columns = {line: 'BIGINT', reasons: 'VARCHAR', record: 'VARCHAR'})`, [run.id]);
      }
      const old = `SELECT id FROM import_runs WHERE created_at < CAST($1 AS BIGINT)
        OR id NOT IN (SELECT id FROM import_runs ORDER BY created_at DESC, id DESC LIMIT ${KEEP_IMPORTS})`;
      const cutoff = run.createdAt - KEEP_DAYS * 86_400_000;
      await store.sql.run(`DELETE FROM import_rejects WHERE import_id IN (${old})`, [cutoff]);
      await store.sql.run(`DELETE FROM import_runs WHERE id IN (${old})`, [cutoff]);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ...run, kept: kept.length };
}

/** An import's kept rejects in line order, or null when it is unknown or no longer kept. */
export async function importRejects(store: Store, id: string): Promise<{ run: ImportRun; rejects: KeptReject[] } | null> {
  await ensure(store);
  const runs = await store.sql.rows('SELECT * FROM import_runs WHERE id = $1', [id]);
  if (!runs.length) return null;
  const r = runs[0];
  const rows = await store.sql.rows('SELECT line, reasons, record FROM import_rejects WHERE import_id = $1 ORDER BY line', [id]);
  return {
    run: {
      id: String(r.id), kind: r.kind === 'events' ? 'events' : 'contacts', createdAt: Number(r.created_at), rejected: Number(r.rejected), kept: Number(r.kept),
      columns: JSON.parse(String(r.columns)) as string[], format: r.format === 'csv' ? 'csv' : 'ndjson',
    },
    rejects: rows.map((x) => ({
      line: Number(x.line), reasons: JSON.parse(String(x.reasons)) as string[],
      record: x.record === null || x.record === undefined ? null : JSON.parse(String(x.record)) as Record<string, unknown>,
    })),
  };
}
