import type { SizeName } from '../config.js';

// What `npm run bench -- --realtime` sends, per size. The workspace is the benchmark's
// (same generator, seed and suite); the server runs on the wall clock.

export interface RealtimeConfig {
  /** Measure 2: /v1/batch ingestion. */
  readonly ingest: {
    readonly events: number;
    readonly batchSize: number;
    readonly connections: number;
    /** Share of events for contacts the workspace does not have yet (each creates one). */
    readonly newContactShare: number;
    /** Batches sent a second time after the timed run, as a client retrying would. */
    readonly resentBatches: number;
  };
  /**
   * Measure 3: single `bench_ping` track calls, paced. `sockets`: connections the sender may
   * open, enough for every request in flight (browsers each have their own). When more than
   * `maxBacklogSeconds` of traffic is waiting for answers, the server is not keeping up:
   * sending stops and the run says so.
   */
  readonly ping: { readonly rate: number; readonly seconds: number; readonly sockets: number; readonly maxBacklogSeconds: number };
  /** Measure 4: `bench_tick` events whose window edge falls while the server runs. */
  readonly tick: {
    /**
     * Written into the store before the server starts; their edge falls just after it
     * answers /healthz, while it may still scan (informational: none on XS, where the
     * start is too short to place them reliably).
     */
    readonly startup: number;
    /** Written into the store before the server starts; their edge falls after its scan. */
    readonly preStart: number;
    /** Sent through /v1/batch once the server is up; their edge falls `apiLeadMs` later. */
    readonly viaApi: number;
    /** Edges of one set are spread evenly over this many ms. */
    readonly spreadMs: number;
    readonly apiLeadMs: number;
    /**
     * Pre-start edges fall this long after the first start's spawn-to-scan-done time (and
     * at least half that time again): a restart's scan takes about as long, give or take
     * the machine's load.
     */
    readonly preStartSlackMs: number;
  };
  /** Timed runs of each in-process rebuild baseline (after one warm-up). */
  readonly baselineRuns: number;
  /** A server whose background scan has not finished by then is stopped and the run reports it. */
  readonly scanTimeoutMs: number;
}

const FULL = {
  ping: { rate: 2_000, seconds: 15, sockets: 2_000, maxBacklogSeconds: 5 },
  tick: { startup: 100, preStart: 300, viaApi: 300, spreadMs: 3_000, apiLeadMs: 5_000, preStartSlackMs: 10_000 },
  baselineRuns: 5,
} as const;

export const REALTIME: Readonly<Record<SizeName, RealtimeConfig>> = {
  XS: {
    ingest: { events: 5_000, batchSize: 500, connections: 4, newContactShare: 0.1, resentBatches: 2 },
    ping: { rate: 200, seconds: 1, sockets: 200, maxBacklogSeconds: 30 },
    tick: { startup: 0, preStart: 20, viaApi: 20, spreadMs: 400, apiLeadMs: 1_500, preStartSlackMs: 3_000 },
    baselineRuns: 1,
    scanTimeoutMs: 5 * 60_000,
  },
  S: { ingest: { events: 50_000, batchSize: 500, connections: 8, newContactShare: 0.1, resentBatches: 4 }, ...FULL, scanTimeoutMs: 15 * 60_000 },
  M: { ingest: { events: 200_000, batchSize: 500, connections: 8, newContactShare: 0.1, resentBatches: 4 }, ...FULL, scanTimeoutMs: 30 * 60_000 },
};

/** The window of `bench_tick`: long enough that a pre-start edge placed after the scan still has its event in the past. */
export const TICK_WINDOW_MS = 10 * 60_000;

/**
 * Segments the realtime run adds to the suite. `bench_ping`: one event makes a contact
 * enter (measure 3). `bench_tick`: a contact leaves when its event leaves the window (measure 4).
 */
export const BENCH_SEGMENTS = [
  {
    name: 'Bench: pinged today', alias: 'bench_ping', category: 'Benchmark',
    description: 'One bench_ping event makes a contact enter (realtime benchmark, latency).',
    condition: 'performed bench_ping within 1d',
  },
  {
    name: 'Bench: ticked in the last 10 minutes', alias: 'bench_tick', category: 'Benchmark',
    description: 'A contact leaves when its bench_tick event leaves the window (realtime benchmark, time-driven changes).',
    condition: 'performed bench_tick within 10m',
  },
] as const;

/** Sizes the mode accepts on the command line (XS is for the test in `npm test`). */
export const REALTIME_SIZES: readonly SizeName[] = ['XS', 'S', 'M'];
