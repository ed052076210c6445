import type { SqlRunner } from './store.js';

// Webhook subscriptions, the deliveries each one still owes, and the log of every attempt.
//
// `webhooks.cursor` is the last change id a subscription has taken from the change log;
// each change after it that the subscription wants becomes one row of `webhook_pending`
// (in the same transaction that moves the cursor), and stays there until it is delivered
// or given up. Together they say, durably, which changes each subscription still owes:
// a restarted worker finds them where the last one left them.

const SCHEMA = [
  // `segments`: a JSON array of aliases, NULL for every segment. `disabled` ones are skipped.
  `CREATE TABLE IF NOT EXISTS webhooks (id VARCHAR, url VARCHAR, segments VARCHAR, secret VARCHAR, created_at BIGINT, disabled BOOLEAN, "cursor" BIGINT)`,
  `CREATE TABLE IF NOT EXISTS webhook_pending (webhook_id VARCHAR, change_id BIGINT, segment VARCHAR, contact_id VARCHAR, change VARCHAR, "at" BIGINT, attempts INTEGER, next_attempt_at BIGINT)`,
  `CREATE SEQUENCE IF NOT EXISTS webhook_delivery_ids START 1`,
  // One row per attempt. `change_id` is NULL for a test delivery; `next_attempt_at` is set when another attempt follows.
  `CREATE TABLE IF NOT EXISTS webhook_deliveries (id BIGINT, webhook_id VARCHAR, change_id BIGINT, webhook_msg_id VARCHAR, attempt INTEGER, status VARCHAR,
    response_code INTEGER, error VARCHAR, duration_ms INTEGER, "at" BIGINT, next_attempt_at BIGINT)`,
];

/** Rows a single INSERT carries at most (DuckDB inserts row by row slowly; a VALUES list is one statement). */
const INSERT_CHUNK = 250;

export interface WebhookRow {
  readonly id: string;
  readonly url: string;
  /** Aliases it is limited to; null: every segment. */
  readonly segments: readonly string[] | null;
  readonly secret: string;
  readonly createdAt: number;
  readonly disabled: boolean;
  /** The last change id taken from the log. */
  readonly cursor: number;
}

/** A change a subscription still owes its receiver. */
export interface PendingDelivery {
  readonly webhookId: string;
  readonly changeId: number;
  readonly segment: string;
  readonly contactId: string;
  readonly change: 'entered' | 'left';
  readonly at: number;
  /** Attempts made so far. */
  readonly attempts: number;
  readonly nextAttemptAt: number;
}

export type DeliveryStatus = 'delivered' | 'retrying' | 'failed';

export interface DeliveryAttempt {
  readonly webhookId: string;
  readonly changeId: number | null;
  readonly messageId: string;
  readonly attempt: number;
  readonly status: DeliveryStatus;
  readonly responseCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly at: number;
  readonly nextAttemptAt: number | null;
}

export interface DeliveryRow extends DeliveryAttempt {
  readonly id: number;
}

/** Stores whose tables this process has made sure of. */
const prepared = new WeakSet<SqlRunner>();

/** Create the tables if this data directory has none yet (once per store in a process). */
export async function ensureWebhookTables(sql: SqlRunner): Promise<SqlRunner> {
  if (!prepared.has(sql)) {
    for (const s of SCHEMA) await sql.run(s);
    prepared.add(sql);
  }
  return sql;
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function webhookRow(r: Record<string, unknown>): WebhookRow {
  return {
    id: String(r.id),
    url: String(r.url),
    segments: r.segments === null || r.segments === undefined ? null : (JSON.parse(String(r.segments)) as string[]),
    secret: String(r.secret),
    createdAt: num(r.created_at),
    disabled: r.disabled === true,
    cursor: num(r.cursor),
  };
}

/** The id of the newest change in the log (0 when empty): where a new subscription starts. */
export async function changeLogEnd(sql: SqlRunner): Promise<number> {
  return num((await sql.rows('SELECT coalesce(max(seq), 0) AS n FROM changes'))[0].n);
}

/** Bumped whenever subscriptions are added or removed through this process (a rollback only costs a re-read). */
const versions = new WeakMap<SqlRunner, number>();

/** Changes when a subscription is added or removed: a reader may keep its list until then. */
export function subscriptionsVersion(sql: SqlRunner): number {
  return versions.get(sql) ?? 0;
}

function bump(sql: SqlRunner): void {
  versions.set(sql, subscriptionsVersion(sql) + 1);
}

export async function insertWebhook(sql: SqlRunner, w: Omit<WebhookRow, 'disabled'>): Promise<void> {
  bump(sql);
  await sql.run(`INSERT INTO webhooks VALUES ($1, $2, $3, $4, CAST($5 AS BIGINT), false, CAST($6 AS BIGINT))`, [
    w.id, w.url, w.segments === null ? null : JSON.stringify(w.segments), w.secret, w.createdAt, w.cursor,
  ]);
}

export async function listWebhookRows(sql: SqlRunner): Promise<WebhookRow[]> {
  return (await sql.rows(`SELECT * FROM webhooks ORDER BY created_at, id`)).map(webhookRow);
}

export async function getWebhookRow(sql: SqlRunner, id: string): Promise<WebhookRow | null> {
  const r = await sql.rows(`SELECT * FROM webhooks WHERE id = $1`, [id]);
  return r.length ? webhookRow(r[0]) : null;
}

/** Remove a subscription with what it still owed and its delivery log. False when unknown. */
export async function deleteWebhookRow(sql: SqlRunner, id: string): Promise<boolean> {
  bump(sql);
  const n = await sql.run(`DELETE FROM webhooks WHERE id = $1`, [id]);
  await sql.run(`DELETE FROM webhook_pending WHERE webhook_id = $1`, [id]);
  await sql.run(`DELETE FROM webhook_deliveries WHERE webhook_id = $1`, [id]);
  return n > 0;
}

/** Deliveries each subscription still owes, by subscription id. */
export async function pendingCounts(sql: SqlRunner): Promise<Map<string, number>> {
  const r = await sql.rows(`SELECT webhook_id, count(*) AS n FROM webhook_pending GROUP BY webhook_id`);
  return new Map(r.map((x) => [String(x.webhook_id), num(x.n)]));
}

/**
 * Record what a subscription takes from the log: `owed` become pending deliveries (due at
 * `due`), and its cursor moves to `cursor`. Call inside a transaction so both land together.
 */
export async function takeChanges(sql: SqlRunner, webhookId: string, owed: readonly Omit<PendingDelivery, 'webhookId' | 'attempts' | 'nextAttemptAt'>[], cursor: number, due: number): Promise<void> {
  for (let i = 0; i < owed.length; i += INSERT_CHUNK) {
    const chunk = owed.slice(i, i + INSERT_CHUNK);
    const params: unknown[] = [webhookId, due];
    const values = chunk.map((c) => {
      const p = params.length;
      params.push(c.changeId, c.segment, c.contactId, c.change, c.at);
      return `($1, CAST($${p + 1} AS BIGINT), $${p + 2}, $${p + 3}, $${p + 4}, CAST($${p + 5} AS BIGINT), 0, CAST($2 AS BIGINT))`;
    });
    await sql.run(`INSERT INTO webhook_pending VALUES ${values.join(', ')}`, params);
  }
  await sql.run(`UPDATE webhooks SET "cursor" = CAST($2 AS BIGINT) WHERE id = $1 AND "cursor" < $2`, [webhookId, cursor]);
}

function pendingRow(r: Record<string, unknown>): PendingDelivery {
  return {
    webhookId: String(r.webhook_id),
    changeId: num(r.change_id),
    segment: String(r.segment),
    contactId: String(r.contact_id),
    change: r.change === 'left' ? 'left' : 'entered',
    at: num(r.at),
    attempts: num(r.attempts),
    nextAttemptAt: num(r.next_attempt_at),
  };
}

/**
 * Each (subscription, contact)'s oldest owed change — only it may be sent, so a contact's
 * changes reach a receiver in log order — that is due at `now`, oldest first; and when the
 * next one not yet due falls due (null: none waits). A change no longer in the log (its
 * contact was erased, its segment deleted) is owed no more: it is dropped, and `dropped`
 * says how many were, so the caller looks again for the changes behind them.
 */
export async function duePending(sql: SqlRunner, now: number, limit: number): Promise<{ due: PendingDelivery[]; nextAt: number | null; dropped: number }> {
  const heads = `SELECT p.* FROM webhook_pending p JOIN webhooks w ON w.id = p.webhook_id AND NOT w.disabled
    QUALIFY row_number() OVER (PARTITION BY p.webhook_id, p.contact_id ORDER BY p.change_id) = 1`;
  const due = (await sql.rows(`SELECT * FROM (${heads}) WHERE next_attempt_at <= $1 ORDER BY change_id, webhook_id LIMIT ${Math.max(1, Math.floor(limit))}`, [now])).map(pendingRow);
  const next = await sql.rows(`SELECT min(next_attempt_at) AS t FROM (${heads}) WHERE next_attempt_at > $1`, [now]);
  const ids = [...new Set(due.map((p) => p.changeId))];
  const placeholders = (n: number): string => Array.from({ length: n }, (_, i) => `CAST($${i + 1} AS BIGINT)`).join(', ');
  const logged = ids.length ? new Set((await sql.rows(`SELECT seq FROM changes WHERE seq IN (${placeholders(ids.length)})`, ids)).map((r) => num(r.seq))) : new Set<number>();
  const gone = ids.filter((id) => !logged.has(id));
  const dropped = gone.length ? await sql.run(`DELETE FROM webhook_pending WHERE change_id IN (${placeholders(gone.length)})`, gone) : 0;
  return { due: due.filter((p) => logged.has(p.changeId)), nextAt: numOrNull(next[0]?.t), dropped };
}

/**
 * Log one attempt and settle the owed change: gone once delivered or given up, otherwise
 * due again at `nextAttemptAt`. Nothing is written for a subscription deleted meanwhile.
 * Call inside a transaction.
 */
export function recordAttempt(sql: SqlRunner, a: DeliveryAttempt): Promise<void> {
  return recordAttempts(sql, [a]);
}

/**
 * recordAttempt for many attempts, in a few statements (in the order given, which is the
 * order of their ids in the log). Call inside a transaction.
 */
export async function recordAttempts(sql: SqlRunner, attempts: readonly DeliveryAttempt[]): Promise<void> {
  if (!attempts.length) return;
  const live = new Set((await sql.rows('SELECT id FROM webhooks')).map((r) => String(r.id)));
  const kept = attempts.filter((a) => live.has(a.webhookId));
  for (let i = 0; i < kept.length; i += INSERT_CHUNK) {
    const params: unknown[] = [];
    const values = kept.slice(i, i + INSERT_CHUNK).map((a, k) => {
      const p = params.push(a.webhookId, a.changeId, a.messageId, a.attempt, a.status, a.responseCode, a.error, Math.round(a.durationMs), a.at, a.nextAttemptAt) - 10;
      return `(${k}, $${p + 1}, CAST($${p + 2} AS BIGINT), $${p + 3}, CAST($${p + 4} AS INTEGER), $${p + 5}, CAST($${p + 6} AS INTEGER), $${p + 7}, CAST($${p + 8} AS INTEGER), CAST($${p + 9} AS BIGINT), CAST($${p + 10} AS BIGINT))`;
    });
    await sql.run(`INSERT INTO webhook_deliveries SELECT nextval('webhook_delivery_ids'), * EXCLUDE (k) FROM (SELECT * FROM (VALUES ${values.join(', ')}) v(k, webhook_id, change_id, webhook_msg_id, attempt, status, response_code, error, duration_ms, "at", next_attempt_at) ORDER BY k)`, params);
  }
  const owed = kept.filter((a) => a.changeId !== null);
  for (const a of owed.filter((x) => x.status === 'retrying')) {
    await sql.run(`UPDATE webhook_pending SET attempts = CAST($3 AS INTEGER), next_attempt_at = CAST($4 AS BIGINT) WHERE webhook_id = $1 AND change_id = $2`,
      [a.webhookId, a.changeId, a.attempt, a.nextAttemptAt]);
  }
  const settled = owed.filter((x) => x.status !== 'retrying');
  for (let i = 0; i < settled.length; i += INSERT_CHUNK) {
    const params: unknown[] = [];
    const pairs = settled.slice(i, i + INSERT_CHUNK).map((a) => {
      const p = params.push(a.webhookId, a.changeId) - 2;
      return `($${p + 1}, CAST($${p + 2} AS BIGINT))`;
    });
    await sql.run(`DELETE FROM webhook_pending WHERE (webhook_id, change_id) IN (SELECT * FROM (VALUES ${pairs.join(', ')}) v(w, c))`, params);
  }
}

function deliveryRow(r: Record<string, unknown>): DeliveryRow {
  return {
    id: num(r.id),
    webhookId: String(r.webhook_id),
    changeId: numOrNull(r.change_id),
    messageId: String(r.webhook_msg_id),
    attempt: num(r.attempt),
    status: String(r.status) as DeliveryStatus,
    responseCode: numOrNull(r.response_code),
    error: strOrNull(r.error),
    durationMs: num(r.duration_ms),
    at: num(r.at),
    nextAttemptAt: numOrNull(r.next_attempt_at),
  };
}

/** Forget attempts made before `before` (ms); how many went. Owed deliveries are kept in webhook_pending, not here. */
export function pruneDeliveries(sql: SqlRunner, before: number): Promise<number> {
  return sql.run(`DELETE FROM webhook_deliveries WHERE "at" < CAST($1 AS BIGINT)`, [before]);
}

/** A subscription's attempts, newest first, below the delivery id `before` when given. */
export async function listDeliveries(sql: SqlRunner, webhookId: string, opts: { limit: number; before?: number }): Promise<DeliveryRow[]> {
  const params: unknown[] = [webhookId];
  let where = 'webhook_id = $1';
  if (opts.before !== undefined) {
    params.push(opts.before);
    where += ` AND id < $2`;
  }
  const r = await sql.rows(`SELECT * FROM webhook_deliveries WHERE ${where} ORDER BY id DESC LIMIT ${Math.max(1, Math.floor(opts.limit))}`, params);
  return r.map(deliveryRow);
}

