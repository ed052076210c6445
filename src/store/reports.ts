import type { FieldInfo } from '../fields/index.js';
import type { Store } from './store.js';

// Reads the HTTP API pages through: one page of members, one contact with its latest
// events and segments, a segment's size day by day from the change log. They know the
// stored tables, as the store does; routes call these and never write SQL.

/** Stored columns as plain values: dates as 'YYYY-MM-DD' text, datetimes as epoch ms. */
function select(store: Store, fields: readonly FieldInfo[], table = 'c'): string {
  const q = store.dialect.quoteIdent;
  return fields.filter((f) => !f.computed)
    .map((f) => (f.type === 'date' ? `CAST(${table}.${q(f.key)} AS VARCHAR) AS ${q(f.key)}` : `${table}.${q(f.key)}`)).join(', ');
}

const SEGMENT_ID = '(SELECT id FROM segments WHERE alias = $1)';

/** Member ids of a segment after `after` (exclusive) in id order, at most `limit`. */
export async function memberIds(store: Store, alias: string, after: string | null, limit: number): Promise<string[]> {
  const rows = await store.sql.rows(
    `SELECT c.id FROM memberships m JOIN contacts c ON c._key = m.contact
     WHERE m.segment_id = ${SEGMENT_ID} AND ($2 IS NULL OR c.id > $2) ORDER BY c.id LIMIT ${intLimit(limit)}`, [alias, after],
  );
  return rows.map((r) => String(r.id));
}

/** As `memberIds`, with every stored field of each member. */
export async function memberRows(store: Store, fields: readonly FieldInfo[], alias: string, after: string | null, limit: number): Promise<Record<string, unknown>[]> {
  return store.sql.rows(
    `SELECT ${select(store, fields)} FROM contacts c
     WHERE c._key IN (SELECT contact FROM memberships WHERE segment_id = ${SEGMENT_ID}) AND ($2 IS NULL OR c.id > $2) ORDER BY c.id LIMIT ${intLimit(limit)}`,
    [alias, after],
  );
}

/** One contact's stored fields, or null. */
export async function contactRow(store: Store, fields: readonly FieldInfo[], id: string): Promise<Record<string, unknown> | null> {
  const rows = await store.sql.rows(`SELECT ${select(store, fields)} FROM contacts c WHERE c.id = $1 LIMIT 1`, [id]);
  return rows[0] ?? null;
}

/** When each segment's membership was last computed (null: never). */
export async function computedTimes(store: Store): Promise<Map<string, number | null>> {
  const rows = await store.sql.rows('SELECT alias, evaluated_at FROM segments');
  return new Map(rows.map((r) => [String(r.alias), r.evaluated_at === null || r.evaluated_at === undefined ? null : Number(r.evaluated_at)]));
}

export interface StoredEvent {
  readonly name: string;
  readonly ts: number;
  readonly properties: Record<string, unknown>;
  readonly messageId: string | null;
}

/** A contact's latest events, newest first, and how many it has in all. */
export async function latestEvents(store: Store, id: string, limit: number): Promise<{ events: StoredEvent[]; total: number }> {
  const rows = await store.sql.rows(
    `SELECT name, ts, CAST(properties AS VARCHAR) AS p, message_id FROM events WHERE contact_id = $1 ORDER BY ts DESC, message_id LIMIT ${intLimit(limit)}`, [id],
  );
  const total = Number((await store.sql.rows('SELECT count(*) AS n FROM events WHERE contact_id = $1', [id]))[0].n);
  return {
    events: rows.map((r) => ({
      name: String(r.name), ts: Number(r.ts), properties: r.p ? JSON.parse(String(r.p)) as Record<string, unknown> : {},
      messageId: r.message_id === null || r.message_id === undefined ? null : String(r.message_id),
    })),
    total,
  };
}

export interface HistoryBucket {
  readonly entered: number;
  readonly left: number;
  /** Members when the bucket ends: everyone who entered before then and has not left. */
  readonly size: number;
}

/**
 * A segment's changes in consecutive intervals [bounds[i], bounds[i+1]) from its change
 * log, and its size at the end of each. The log holds every difference since the segment
 * was first computed, so the size at an instant is entries minus exits before it.
 */
export async function segmentHistory(store: Store, alias: string, bounds: readonly number[]): Promise<HistoryBucket[]> {
  if (bounds.length < 2) return [];
  const params: unknown[] = [alias];
  const ranges = bounds.slice(0, -1).map((lo, i) => {
    params.push(lo, bounds[i + 1]);
    return `(${i}, CAST($${params.length - 1} AS BIGINT), CAST($${params.length} AS BIGINT))`;
  });
  const rows = await store.sql.rows(
      `SELECT d.i, count(x.contact) FILTER (WHERE x.entered) AS entered, count(x.contact) FILTER (WHERE NOT x.entered) AS "left"
       FROM (VALUES ${ranges.join(', ')}) AS d(i, lo, hi)
       LEFT JOIN changes x ON x.segment_id = ${SEGMENT_ID} AND x."at" >= d.lo AND x."at" < d.hi
       GROUP BY d.i ORDER BY d.i`, params,
  );
  const before = await store.sql.rows(
    `SELECT count(*) FILTER (WHERE entered) - count(*) FILTER (WHERE NOT entered) AS n FROM changes WHERE segment_id = ${SEGMENT_ID} AND "at" < CAST($2 AS BIGINT)`,
    [alias, bounds[0]],
  );
  let size = Number(before[0]?.n ?? 0);
  return rows.map((r) => {
    const entered = Number(r.entered);
    const left = Number(r.left);
    size += entered - left;
    return { entered, left, size };
  });
}

/**
 * `segmentHistory` of every segment at once, by alias (one scan of the change log instead
 * of one per segment); a segment with no changes has empty buckets.
 */
export async function allSegmentsHistory(store: Store, bounds: readonly number[]): Promise<Map<string, HistoryBucket[]>> {
  const out = new Map<string, HistoryBucket[]>();
  if (bounds.length < 2) return out;
  const params: unknown[] = [];
  const ranges = bounds.slice(0, -1).map((lo, i) => {
    params.push(lo, bounds[i + 1]);
    return `(${i}, CAST($${params.length - 1} AS BIGINT), CAST($${params.length} AS BIGINT))`;
  });
  const rows = await store.sql.rows(
    `SELECT s.alias, d.i, count(x.contact) FILTER (WHERE x.entered) AS entered, count(x.contact) FILTER (WHERE NOT x.entered) AS "left"
     FROM segments s CROSS JOIN (VALUES ${ranges.join(', ')}) AS d(i, lo, hi)
     LEFT JOIN changes x ON x.segment_id = s.id AND x."at" >= d.lo AND x."at" < d.hi
     GROUP BY s.alias, d.i ORDER BY s.alias, d.i`, params,
  );
  const before = await store.sql.rows(
    `SELECT s.alias, count(x.contact) FILTER (WHERE x.entered) - count(x.contact) FILTER (WHERE NOT x.entered) AS n
     FROM segments s LEFT JOIN changes x ON x.segment_id = s.id AND x."at" < CAST($1 AS BIGINT)
     GROUP BY s.alias`, [bounds[0]],
  );
  const start = new Map(before.map((r) => [String(r.alias), Number(r.n ?? 0)]));
  for (const r of rows) {
    const alias = String(r.alias);
    const list = out.get(alias) ?? [];
    const entered = Number(r.entered);
    const left = Number(r.left);
    const size = (list.length ? list[list.length - 1].size : start.get(alias) ?? 0) + entered - left;
    list.push({ entered, left, size });
    out.set(alias, list);
  }
  return out;
}

/** A LIMIT is a whole number the caller already bounded; it is never text from a request. */
function intLimit(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`limit must be a whole number, got ${n}`);
  return n;
}

/** The id of the newest change in the log (0 when it is empty): where a stream of new changes starts. */
export async function latestChangeId(store: Store): Promise<number> {
  return Number((await store.sql.rows('SELECT coalesce(max(seq), 0) AS n FROM changes'))[0].n);
}
