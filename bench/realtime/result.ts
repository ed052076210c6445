import type { SizeName } from '../config.js';
import type { Meta } from '../result.js';
import type { IngestMeasure } from './ingest.js';
import type { LatencyMeasure } from './latency.js';
import type { PlainBaseline } from './plain-server.js';
import type { Lateness, TickSet } from './ticks.js';
import type { StoredEvents, StreamCheck } from './verify.js';
import type { RebuildBaseline } from './workspace.js';

// What a realtime run measured: written as JSON, rendered as tables, checked against the
// targets of DESIGN.md "Performance". A measure the run did not get to (a server that
// ended on its own) is null, and `failure` says why.

export interface StartFigure {
  /** Spawning `segmint serve` → the first 200 of /healthz (store opened, full rebuild, listening). */
  readonly healthzMs: number;
  /** Spawning → the live path's background scan finished (every contact cached and scheduled), as GET upcoming answers. */
  readonly scanDoneMs: number | null;
  /** The same GET upcoming once more after the scan: the walk it does, which `scanDoneMs` includes. */
  readonly upcomingMs: number | null;
  readonly rssAfterScanBytes: number | null;
  readonly hwmAfterScanBytes: number | null;
  /** V8 heap in use after the scan (the server's /metrics). */
  readonly heapUsedAfterScanBytes: number | null;
  /** At the end of this server's measures, before it was stopped. */
  readonly rssEndBytes: number | null;
  readonly hwmEndBytes: number | null;
  /** The highest VmHWM sampled (every 250 ms) over the process's life. */
  readonly peakRssBytes: number;
  /** SIGTERM → exit (drain, close the live workspace and the store). */
  readonly stopMs: number | null;
}

/** A server process that ended (or did not finish a phase in time) while the run still needed it. */
export interface Failure {
  readonly phase: string;
  readonly code: number | null;
  readonly signal: string | null;
  /** It still ran, but did not finish the phase within the run's limit (it was then stopped). */
  readonly timedOut: boolean;
  /** After its spawn. */
  readonly afterMs: number;
  readonly peakRssBytes: number;
  /** The end of its stderr. */
  readonly stderr: string;
}

export interface RealtimeResult {
  readonly meta: Pick<Meta, 'node' | 'duckdb' | 'cpu' | 'totalRamBytes' | 'platform' | 'git'> & {
    readonly mode: 'realtime';
    readonly date: string;
    readonly size: SizeName;
    readonly contacts: number;
    readonly events: number;
    readonly seed: number;
    readonly timeZone: string;
    readonly keep: string | null;
    /** os.availableParallelism() */
    readonly cores: number;
    /** Segments live in the server (the suite and the bench segments). */
    readonly segments: readonly string[];
    readonly generateMs: number | null;
    readonly importMs: number | null;
    readonly applyMs: number;
    readonly storeBytes: number;
    readonly wallMs: number;
    readonly profile: string | null;
  };
  readonly failure: Failure | null;
  readonly start: {
    readonly first: StartFigure | null;
    /** The second server, started on the same store after the first one's run. */
    readonly restart: StartFigure | null;
    /** A new process opening the store and running the full rebuild any start needs. */
    readonly baseline: { readonly ms: number; readonly openMs: number; readonly rebuildMs: number; readonly peakRssBytes: number };
  };
  readonly ingest: (IngestMeasure & {
    /** Null until the store was checked after the server stopped. */
    readonly stored: StoredEvents | null;
    readonly baseline: { readonly bulkMs: number; readonly bulkPerSec: number; readonly appenderMs: number; readonly appenderPerSec: number; readonly rows: number };
  }) | null;
  readonly latency: (LatencyMeasure & {
    readonly stored: StoredEvents | null;
    readonly baseline: RebuildBaseline;
    /** The same requests from the same client, answered by a plain Node HTTP server (absent in results from before it was measured). */
    readonly plain?: PlainBaseline;
  }) | null;
  readonly timeDriven: {
    /** Edges just after the restart answers /healthz: they may fall while it still scans (informational). */
    readonly startup: TickSet;
    /** Edges placed after the restart's expected scan end. */
    readonly preStart: TickSet;
    readonly viaApi: TickSet;
    /** Contacts of the two sets written before the start that were members when it started (must be all). */
    readonly entered: number;
    readonly stored: StoredEvents;
    /** The suite's own time-driven changes with a boundary after the restart's scan finished. */
    readonly suite: Lateness;
    readonly baseline: RebuildBaseline;
  } | null;
  readonly streams: readonly StreamCheck[];
}
