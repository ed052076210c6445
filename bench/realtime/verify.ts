import { DuckDBStore } from '../../src/store/index.js';
import type { StreamedChange } from './http.js';

// Exactly once, checked twice: the stream against the change log (read through the paged
// route while the server runs), and the store itself after the server has stopped.

export interface StreamCheck {
  /** The server run this covers (`first`: ingestion and latency; `restart`: time-driven). */
  readonly run: string;
  /** Log rows after the run's start cursor, read through GET /api/v1/changes at the end. */
  readonly logged: number;
  /** Changes read off the stream with an id up to the last logged one. */
  readonly streamed: number;
  /** Ids that came twice on the stream (must be 0). */
  readonly repeated: number;
  /** Logged ids that never came on the stream (must be 0). */
  readonly missed: number;
  /** Streamed ids not in the log (must be 0). */
  readonly unknown: number;
  readonly reconnects: number;
  /** Store check after the stop: log rows in the same id range (must equal `logged`). */
  readonly storeRows: number | null;
  /** Consecutive changes of one contact in one segment in the same direction (must be 0). */
  readonly sameDirection: number | null;
}

export function checkStream(run: string, streamed: readonly StreamedChange[], logIds: readonly number[], reconnects: number): Omit<StreamCheck, 'storeRows' | 'sameDirection'> {
  const last = logIds.length ? logIds[logIds.length - 1] : 0;
  const inRange = streamed.filter((c) => c.id <= last);
  const seen = new Set<number>();
  let repeated = 0;
  for (const c of inRange) {
    if (seen.has(c.id)) repeated++;
    seen.add(c.id);
  }
  const log = new Set(logIds);
  return {
    run, logged: logIds.length, streamed: inRange.length, repeated,
    missed: logIds.filter((id) => !seen.has(id)).length,
    unknown: [...seen].filter((id) => !log.has(id)).length,
    reconnects,
  };
}

export interface StoredEvents {
  readonly rows: number;
  readonly distinct: number;
}

/** After the server stopped: the store's own account of a run. */
export async function storeCheck(dir: string, q: { prefixes: readonly string[]; after: number; upTo: number }): Promise<{ events: StoredEvents[]; changeRows: number; sameDirection: number; lastChange: number }> {
  const store = await DuckDBStore.open(dir);
  try {
    const num = async (sql: string, params: readonly (string | number)[] = []): Promise<number> => Number((await store.sql.rows(sql, params))[0].n);
    const events: StoredEvents[] = [];
    for (const prefix of q.prefixes) {
      const ev = (await store.sql.rows('SELECT count(*) AS n, count(DISTINCT message_id) AS d FROM events WHERE starts_with(message_id, $1)', [prefix]))[0];
      events.push({ rows: Number(ev.n), distinct: Number(ev.d) });
    }
    const changeRows = await num('SELECT count(*) AS n FROM changes WHERE seq > $1 AND seq <= $2', [q.after, q.upTo]);
    // Entered, entered (or left, left) for one contact in one segment — a change logged
    // twice — among the run's rows, each compared with the row before it (which may be older).
    const sameDirection = await num(`SELECT count(*) AS n FROM (
      SELECT seq, entered, lag(entered) OVER (PARTITION BY segment_id, contact ORDER BY seq) AS before FROM changes) WHERE seq > $1 AND before = entered`, [q.after]);
    const lastChange = await num('SELECT coalesce(max(seq), 0) AS n FROM changes');
    return { events, changeRows, sameDirection, lastChange };
  } finally {
    await store.close();
  }
}
