import type { SqlRunner } from './store.js';

// Messages /v1 refused, each with its reason, where it stood in the request and its JSON as
// sent (cut to a bound: the whole message cannot be trusted to be small). Only the newest
// rows are kept, so a client that sends nothing but bad messages cannot fill the disk.

const SCHEMA = [
  `CREATE SEQUENCE IF NOT EXISTS ingest_rejection_ids START 1`,
  `CREATE TABLE IF NOT EXISTS ingest_rejections (id BIGINT, received_at BIGINT, reason VARCHAR, path VARCHAR, message VARCHAR, truncated BOOLEAN)`,
];

/** Rows a single INSERT carries at most. */
const INSERT_CHUNK = 250;

export interface RejectionInput {
  readonly receivedAt: number;
  readonly reason: string;
  /** The request path and the message's place in it: `/v1/batch batch[3]`. */
  readonly path: string;
  /** The message's JSON text as it was sent. */
  readonly message: string;
}

export interface Rejection {
  readonly id: number;
  readonly receivedAt: number;
  readonly reason: string;
  readonly path: string;
  readonly message: string;
  /** The message was longer than the bound and only its beginning is kept. */
  readonly truncated: boolean;
}

export interface RejectionBounds {
  /** Characters of a message's JSON kept. */
  readonly messageChars: number;
  /** Characters of a reason kept. */
  readonly reasonChars: number;
  /** Rows kept: older ones are deleted as new ones arrive. */
  readonly kept: number;
}

const cut = (s: string, n: number): string => {
  if (s.length <= n) return s;
  // Never end on the first half of a surrogate pair.
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
};

export class RejectionTable {
  private readonly ready = new WeakMap<SqlRunner, Promise<void>>();
  constructor(private readonly bounds: RejectionBounds) {}

  private ensure(sql: SqlRunner): Promise<void> {
    let p = this.ready.get(sql);
    if (!p) {
      p = (async () => {
        for (const s of SCHEMA) await sql.run(s);
      })();
      p.catch(() => this.ready.delete(sql));
      this.ready.set(sql, p);
    }
    return p;
  }

  async add(sql: SqlRunner, rows: readonly RejectionInput[]): Promise<void> {
    if (rows.length === 0) return;
    await this.ensure(sql);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map((r) => {
        const p = params.length;
        params.push(r.receivedAt, cut(r.reason, this.bounds.reasonChars), r.path, cut(r.message, this.bounds.messageChars), r.message.length > this.bounds.messageChars);
        return `(nextval('ingest_rejection_ids'), CAST($${p + 1} AS BIGINT), $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
      });
      await sql.run(`INSERT INTO ingest_rejections VALUES ${tuples.join(', ')}`, params);
    }
    await sql.run(
      `DELETE FROM ingest_rejections WHERE id <= (SELECT max(id) FROM ingest_rejections) - CAST($1 AS BIGINT)`, [this.bounds.kept],
    );
  }

  /** Newest first; `before` is the `next` of the previous page. */
  async list(sql: SqlRunner, q: { readonly limit: number; readonly before?: number }): Promise<{ rejections: Rejection[]; next: number | null }> {
    await this.ensure(sql);
    const rows = q.before === undefined
      ? await sql.rows('SELECT * FROM ingest_rejections ORDER BY id DESC LIMIT CAST($1 AS BIGINT)', [q.limit + 1])
      : await sql.rows('SELECT * FROM ingest_rejections WHERE id < CAST($1 AS BIGINT) ORDER BY id DESC LIMIT CAST($2 AS BIGINT)', [q.before, q.limit + 1]);
    const page = rows.slice(0, q.limit).map((r): Rejection => ({
      id: Number(r.id),
      receivedAt: Number(r.received_at),
      reason: String(r.reason),
      path: String(r.path),
      message: String(r.message),
      truncated: Boolean(r.truncated),
    }));
    return { rejections: page, next: rows.length > q.limit ? page[page.length - 1].id : null };
  }
}
