// Fixed inputs of the benchmark: the same data, clock and zone on every run, so that
// results from different days and machines are about the same sets.

import { BENCH_SIZES, DEFAULT_SEED, type WorkspaceSize } from '../src/demo/sizes.js';

export type SizeName = keyof typeof BENCH_SIZES;

export const SIZE_NAMES: readonly SizeName[] = ['XS', 'S', 'M'];

/** The evaluation clock of every run; the hand-written SQL is computed for it. */
export const NOW_ISO = '2026-11-01T12:00:00Z';
export const NOW_MS = Date.parse(NOW_ISO);
export const TIME_ZONE = 'Europe/Zurich';
export const SEED = DEFAULT_SEED;

/** Preview counts: one warm-up, then this many timed runs (p50/p95 over them). */
export const PREVIEW_RUNS = 7;
/** Baseline queries (hand SQL, floor): one warm-up, then the median of this many. */
export const BASELINE_RUNS = 3;

/** Reset → first build → nothing-changed rebuild, this many times; the median run is reported. */
export const REBUILD_REPEATS = 3;

/** The change applied before the incremental rebuild. */
export const DELTA = { events: 10_000, contacts: 1_000 } as const;

/** Contacts per batch when the in-memory evaluator loads the workspace. */
export const MEMORY_CHUNK = 100_000;

export function sizeOf(name: SizeName): WorkspaceSize {
  return BENCH_SIZES[name];
}
