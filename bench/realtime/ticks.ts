import { Workspace } from '../../src/engine/index.js';
import { DuckDBStore } from '../../src/store/index.js';
import { percentile, progress } from '../measure.js';
import { TICK_WINDOW_MS } from './config.js';
import { basicAuth, send, wallNow, type ChangeStream, type StreamedChange } from './http.js';

// Measure 4: contacts whose only `bench_tick` event leaves the segment's window while the
// server runs on the wall clock. Each must leave exactly once, stamped with the instant the
// event left the window (`at`), and reach the stream soon after: lateness = arrival − at.

export interface Tick {
  readonly contactId: string;
  /** Event time (epoch ms). */
  readonly ts: number;
  /** When the event leaves the window: the change's expected `at`. */
  readonly edge: number;
}

/** `n` contacts whose edges are spread evenly over `spreadMs` from `firstEdge`. */
export function planTicks(contacts: readonly string[], firstEdge: number, spreadMs: number): Tick[] {
  const n = contacts.length;
  return contacts.map((contactId, i) => {
    const edge = Math.round(firstEdge + (n > 1 ? (i * spreadMs) / (n - 1) : 0));
    return { contactId, ts: edge - TICK_WINDOW_MS, edge };
  });
}

/**
 * Before the server starts: the events go into the store (as an import's load does) and
 * bench_tick is rebuilt, so the contacts enter. Returns the change log's last id
 * afterwards, how long it took, and how many of the contacts are members (an edge that
 * passed before the rebuild makes none).
 */
export async function writeTicksToStore(dir: string, ticks: readonly Tick[], prefix: string): Promise<{ lastChange: number; ms: number; members: number }> {
  const t0 = performance.now();
  const store = await DuckDBStore.open(dir);
  try {
    if (!ticks.length) return { lastChange: Number((await store.sql.rows('SELECT coalesce(max(seq), 0) AS n FROM changes'))[0].n), ms: performance.now() - t0, members: 0 };
    const rows = ticks.map((t, i) => ({ contactId: t.contactId, name: 'bench_tick', ts: t.ts, properties: {}, messageId: `${prefix}${i}` }));
    const now = Date.now();
    const w = await store.transaction(() => store.writeEvents(rows, now));
    if (w.inserted !== ticks.length) throw new Error(`pre-start ticks: ${w.inserted} of ${ticks.length} stored`);
    await (await Workspace.open(store, Date.now())).rebuild(['bench_tick'], { dependencies: false });
    const ids = new Set((await store.members('bench_tick')));
    const lastChange = Number((await store.sql.rows('SELECT coalesce(max(seq), 0) AS n FROM changes'))[0].n);
    return { lastChange, ms: performance.now() - t0, members: ticks.filter((t) => ids.has(t.contactId)).length };
  } finally {
    await store.close();
  }
}

/** Through /v1/batch while the server runs; the contacts enter at once (a data change). */
export async function sendTicks(url: string, writeKey: string, ticks: readonly Tick[], prefix: string): Promise<void> {
  const batch = ticks.map((t, i) => ({ type: 'track', userId: t.contactId, event: 'bench_tick', messageId: `${prefix}api-${i}`, timestamp: new Date(t.ts).toISOString() }));
  for (let i = 0; i < batch.length; i += 500) {
    const r = await send(undefined, `${url}/v1/batch`, { headers: { authorization: basicAuth(writeKey) }, body: JSON.stringify({ batch: batch.slice(i, i + 500) }) });
    if (r.status !== 200) throw new Error(`POST /v1/batch (ticks): ${r.status} ${r.text.slice(0, 300)}`);
  }
}

export interface TickSet {
  readonly count: number;
  readonly received: number;
  /** Contacts that never left on the stream (must be 0). */
  readonly missing: number;
  /** Contacts that left more than once (must be 0). */
  readonly repeated: number;
  /** Changes whose `at` is not the event's window edge (±1 ms): must be 0. */
  readonly atOff: number;
  /** Edges that fell before the server answered /healthz: its start-up rebuild applies them (stamped at the edge). */
  readonly beforeUp: number;
  /** Edges that fell before the server's scan had finished (the scan schedules them: informational). */
  readonly beforeScan: number;
  /** Arrival on the stream − `at`, ms. */
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  /** The same for the edges that fell after the scan had finished. */
  readonly afterScan: Lateness;
}

export interface Lateness {
  readonly count: number;
  readonly p50: number | null;
  readonly max: number | null;
}

function lateness(xs: readonly number[]): Lateness {
  return { count: xs.length, p50: xs.length ? percentile(xs, 50) : null, max: xs.length ? xs.reduce((a, x) => Math.max(a, x), -Infinity) : null };
}

/** Collects `left` changes of bench_tick from the stream, per contact. */
export class TickWatch {
  private readonly seen = new Map<string, StreamedChange[]>();
  /** Time-driven changes of every other segment, for the informational lateness figure. */
  readonly others: StreamedChange[] = [];

  constructor(stream: ChangeStream) {
    stream.onChange = (c) => {
      if (c.segment === 'bench_tick' && c.change === 'left') this.seen.set(c.contactId, [...(this.seen.get(c.contactId) ?? []), c]);
      else if (c.cause === 'time' && !c.segment.startsWith('bench_')) this.others.push(c);
    };
  }

  has(t: Tick): boolean {
    return this.seen.has(t.contactId);
  }

  /** Wait until every tick's edge is 1.5 s past and its change arrived, or until 10 s after the last edge. */
  async until(ticks: readonly Tick[]): Promise<void> {
    const last = Math.max(...ticks.map((t) => t.edge));
    progress(`time-driven: waiting for ${ticks.length} edges, the last in ${((last - wallNow()) / 1000).toFixed(1)} s …`);
    while (wallNow() < last + 1_500 || (ticks.some((t) => !this.has(t)) && wallNow() < last + 10_000)) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  summarize(ticks: readonly Tick[], upAt: number, scanDoneAt: number): TickSet {
    const late: number[] = [];
    const lateAfterScan: number[] = [];
    let atOff = 0, repeated = 0;
    for (const t of ticks) {
      const got = this.seen.get(t.contactId) ?? [];
      if (got.length > 1) repeated++;
      if (!got.length) continue;
      late.push(got[0].arrived - got[0].at);
      if (t.edge >= scanDoneAt) lateAfterScan.push(got[0].arrived - got[0].at);
      if (Math.abs(got[0].at - t.edge) > 1) atOff++;
    }
    return {
      count: ticks.length, received: late.length, missing: ticks.length - late.length, repeated, atOff,
      beforeUp: ticks.filter((t) => t.edge < upAt).length,
      beforeScan: ticks.filter((t) => t.edge < scanDoneAt).length,
      p50: late.length ? percentile(late, 50) : null, p99: late.length ? percentile(late, 99) : null,
      max: late.length ? late.reduce((a, x) => Math.max(a, x), -Infinity) : null,
      afterScan: lateness(lateAfterScan),
    };
  }

  /** Lateness of the suite's own time-driven changes whose boundary came after `from`. */
  othersAfter(from: number): Lateness {
    return lateness(this.others.filter((c) => c.at > from).map((c) => c.arrived - c.at));
  }
}
