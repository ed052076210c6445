import type { CompiledQuery } from '../sql/index.js';
import type { ChangeCause, Store } from './store.js';

// Reads the web app's pages need beyond the core API: the columns of a one-row counting
// query, the overlap of two segments, and a contact's membership history. They know the
// stored tables (memberships and the change log are kept by integer keys), as the store does.

/** The numbers of a query that answers one row of counts, in column order. */
export async function countRow(store: Store, q: CompiledQuery): Promise<number[]> {
  const [row] = await store.sql.rows(q.sql, q.params);
  return Object.values(row ?? {}).map((v) => Number(v ?? 0));
}

export interface Overlap {
  readonly onlyA: number;
  readonly both: number;
  readonly onlyB: number;
}

/** Members of `a` only, of both, and of `b` only: one pass over the two memberships. */
export async function overlap(store: Store, a: string, b: string): Promise<Overlap> {
  const [r] = await store.sql.rows(
    `WITH ids AS (SELECT (SELECT id FROM segments WHERE alias = $1) AS a, (SELECT id FROM segments WHERE alias = $2) AS b),
          per AS (SELECT m.contact, bool_or(m.segment_id = ids.a) AS in_a, bool_or(m.segment_id = ids.b) AS in_b
                  FROM memberships m, ids WHERE m.segment_id IN (ids.a, ids.b) GROUP BY m.contact)
     SELECT count(*) FILTER (WHERE in_a AND NOT in_b) AS only_a, count(*) FILTER (WHERE in_a AND in_b) AS both,
            count(*) FILTER (WHERE in_b AND NOT in_a) AS only_b FROM per`, [a, b],
  );
  return { onlyA: Number(r?.only_a ?? 0), both: Number(r?.both ?? 0), onlyB: Number(r?.only_b ?? 0) };
}

export interface HistoryEntry {
  readonly id: number;
  readonly segment: string;
  readonly change: 'entered' | 'left';
  readonly at: number;
  readonly cause: ChangeCause;
}

/**
 * A contact's entries and exits, newest first (by time, then by place in the log), at
 * most `limit`, before the log id `before` when given; null when there is no such contact.
 */
export async function contactHistory(store: Store, id: string, limit: number, before: number | null): Promise<HistoryEntry[] | null> {
  const key = await store.sql.rows('SELECT _key FROM contacts WHERE id = $1 LIMIT 1', [id]);
  if (!key.length) return null;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive whole number, got ${limit}`);
  const rows = await store.sql.rows(
    `SELECT x.seq, s.alias, x.entered, x."at", x.cause FROM changes x JOIN segments s ON s.id = x.segment_id
     WHERE x.contact = CAST($1 AS BIGINT) AND ($2 IS NULL OR x.seq < CAST($2 AS BIGINT))
     ORDER BY x.seq DESC LIMIT ${limit}`, [Number(key[0]._key), before],
  );
  return rows.map((r) => ({
    id: Number(r.seq), segment: String(r.alias), change: r.entered ? 'entered' : 'left', at: Number(r.at),
    cause: (r.cause ?? 'data') as ChangeCause,
  }));
}
