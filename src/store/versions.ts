import type { Condition } from '../condition/types.js';
import type { SegmentDef, SqlRunner, Store } from './store.js';

// Every saved definition of a segment, numbered 1, 2, … per alias: what was saved (name,
// description, category, kind, condition), when, and by whom (an API key, or the CLI).
// A save that changes nothing of the definition adds no version. Versions outlive their
// segment: after a delete the history stays readable, and restoring a version creates the
// segment again; a segment created later under the same alias continues the numbering.

export interface SavedBy {
  /** The API key's id, or `cli` for the command line (a local `segmint` or its session through a server). */
  readonly id: string;
  readonly name: string | null;
}

export const CLI: SavedBy = { id: 'cli', name: null };

export interface Definition {
  readonly name: string;
  readonly description: string | null;
  readonly category: string | null;
  readonly kind: 'dynamic' | 'manual';
  readonly condition: Condition | null;
}

export interface SegmentVersion {
  readonly alias: string;
  readonly version: number;
  readonly definition: Definition;
  readonly savedAt: number;
  readonly savedBy: SavedBy;
  /** The version this one restored, if it was saved by a restore. */
  readonly restoredFrom: number | null;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS segment_versions (
  alias VARCHAR, version INTEGER, name VARCHAR, description VARCHAR, category VARCHAR, kind VARCHAR, condition VARCHAR,
  saved_at BIGINT, saved_by VARCHAR, saved_by_name VARCHAR, restored_from INTEGER)`;

/** The table exists from the first use on (not remembered: a rolled-back transaction may have taken it along). */
async function ensure(sql: SqlRunner): Promise<void> {
  await sql.run(SCHEMA);
}

export const definitionOf = (d: Definition): Definition =>
  ({ name: d.name, description: d.description, category: d.category, kind: d.kind, condition: d.condition });

const same = (a: Definition, b: Definition): boolean => JSON.stringify(definitionOf(a)) === JSON.stringify(definitionOf(b));

function fromRow(r: Record<string, unknown>): SegmentVersion {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    alias: String(r.alias), version: Number(r.version),
    definition: {
      name: String(r.name), description: text(r.description), category: text(r.category), kind: r.kind === 'manual' ? 'manual' : 'dynamic',
      condition: r.condition ? JSON.parse(String(r.condition)) as Condition : null,
    },
    savedAt: Number(r.saved_at), savedBy: { id: String(r.saved_by), name: text(r.saved_by_name) },
    restoredFrom: r.restored_from === null || r.restored_from === undefined ? null : Number(r.restored_from),
  };
}

const COLUMNS = 'alias, version, name, description, category, kind, condition, saved_at, saved_by, saved_by_name, restored_from';

export interface SaveInfo {
  readonly savedAt: number;
  readonly savedBy: SavedBy;
  readonly restoredFrom?: number | null;
  /** Aliases stored before this save: a definition that re-creates a deleted segment is a version even when it equals the latest. */
  readonly existed: ReadonlySet<string>;
}

/**
 * Record the definitions just saved, each as its alias's next version unless the segment
 * existed and its latest version equals it. Call it inside the transaction that saves
 * them. The versions added.
 */
export async function recordVersions(store: Store, defs: readonly SegmentDef[], info: SaveInfo): Promise<SegmentVersion[]> {
  const { savedAt, savedBy } = info;
  const restoredFrom = info.restoredFrom ?? null;
  if (!defs.length) return [];
  await ensure(store.sql);
  const latest = new Map<string, SegmentVersion>();
  for (const d of defs) {
    const [v] = await versions(store, d.alias, 1);
    if (v) latest.set(d.alias, v);
  }
  const added: SegmentVersion[] = [];
  for (const d of defs) {
    const last = latest.get(d.alias);
    if (last && info.existed.has(d.alias) && same(last.definition, d)) continue;
    const v: SegmentVersion = {
      alias: d.alias, version: (last?.version ?? 0) + 1, definition: definitionOf(d), savedAt, savedBy, restoredFrom,
    };
    await store.sql.run(
      `INSERT INTO segment_versions (${COLUMNS}) VALUES ($1, CAST($2 AS INTEGER), $3, $4, $5, $6, $7, CAST($8 AS BIGINT), $9, $10, CAST($11 AS INTEGER))`,
      [v.alias, v.version, v.definition.name, v.definition.description, v.definition.category, v.definition.kind,
        v.definition.condition ? JSON.stringify(v.definition.condition) : null, v.savedAt, v.savedBy.id, v.savedBy.name, v.restoredFrom],
    );
    latest.set(d.alias, v);
    added.push(v);
  }
  return added;
}

/** An alias's versions, newest first (at most `limit`). */
export async function versions(store: Store, alias: string, limit = 1000): Promise<SegmentVersion[]> {
  await ensure(store.sql);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive whole number, got ${limit}`);
  const rows = await store.sql.rows(`SELECT ${COLUMNS} FROM segment_versions WHERE alias = $1 ORDER BY version DESC LIMIT ${limit}`, [alias]);
  return rows.map(fromRow);
}

export async function version(store: Store, alias: string, n: number): Promise<SegmentVersion | null> {
  await ensure(store.sql);
  const rows = await store.sql.rows(`SELECT ${COLUMNS} FROM segment_versions WHERE alias = $1 AND version = CAST($2 AS INTEGER)`, [alias, n]);
  return rows.length ? fromRow(rows[0]) : null;
}
