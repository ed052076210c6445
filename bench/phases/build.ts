import type { RebuildReport } from '../../src/engine/index.js';
import type { Workspace } from '../../src/engine/index.js';
import type { Suite } from '../suite.js';
import { progress, sum, timed } from '../measure.js';
import { rows } from '../workspace.js';
import type { DuckDBStore } from '../../src/store/index.js';

// Applying the suite, and full rebuilds of it.

export interface ApplyMeasure {
  /** `segments apply` of the 20 definitions, which builds each of them. */
  readonly segmentsMs: number;
  /** Manual includes and excludes (each rebuilds its segment and referrers). */
  readonly manualMs: number;
  readonly ms: number;
}

export interface RebuildMeasure {
  readonly ms: number;
  readonly reports: readonly RebuildReport[];
  /** Entered + left over all segments. */
  readonly changed: number;
  /** Rows the changes log grew by. */
  readonly logged: number;
  readonly memberships: number;
}

export async function applySuite(ws: Workspace, suite: Suite): Promise<ApplyMeasure> {
  progress('applying the suite (segments, then manual includes/excludes) …');
  const seg = await timed(() => ws.applySegments(suite.raw));
  const manual = await timed(async () => {
    for (const [alias, m] of suite.manual) {
      if (m.include.length) await ws.setManual(alias, m.include, 'include');
      if (m.exclude.length) await ws.setManual(alias, m.exclude, 'exclude');
    }
  });
  return { segmentsMs: seg.ms, manualMs: manual.ms, ms: seg.ms + manual.ms };
}

/**
 * Forget the suite's memberships so the next rebuild is a first build: delete the
 * segments through the store, then save the same definitions and manual changes
 * again without building them.
 */
export async function resetMemberships(ws: Workspace, suite: Suite): Promise<void> {
  const { defs, errors } = await ws.check(suite.raw);
  if (errors.length) throw new Error(`suite does not check: ${JSON.stringify(errors)}`);
  for (const d of [...defs].reverse()) await ws.store.deleteSegment(d.alias);
  await ws.store.saveSegments(defs);
  for (const [alias, m] of suite.manual) {
    if (m.include.length) await ws.store.setManual(alias, m.include, 'include');
    if (m.exclude.length) await ws.store.setManual(alias, m.exclude, 'exclude');
  }
}

export async function changesLogged(store: DuckDBStore): Promise<number> {
  return rows(store, 'SELECT segment_id FROM changes');
}

/** The run with the median total time, reporting the most changes and log growth any run had. */
export function medianRun(runs: readonly RebuildMeasure[]): RebuildMeasure & { runs: number[] } {
  if (!runs.length) throw new RangeError('no rebuild runs');
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const mid = sorted[Math.ceil(sorted.length / 2) - 1];
  return {
    ...mid,
    changed: Math.max(...runs.map((r) => r.changed)),
    logged: Math.max(...runs.map((r) => r.logged)),
    runs: runs.map((r) => r.ms),
  };
}

export async function rebuildAll(ws: Workspace, store: DuckDBStore, label: string): Promise<RebuildMeasure> {
  progress(`rebuild (${label}) …`);
  const before = await changesLogged(store);
  const r = await timed(() => ws.rebuild());
  const after = await changesLogged(store);
  const m: RebuildMeasure = {
    ms: r.ms, reports: r.value, changed: sum(r.value.map((x) => x.entered + x.left)), logged: after - before,
    memberships: await rows(store, 'SELECT contact FROM memberships'),
  };
  progress(`rebuild (${label}): ${(m.ms / 1000).toFixed(2)} s, ${m.changed.toLocaleString('en-US')} membership changes`);
  return m;
}
