import type { SizeName } from './config.js';
import type { ApplyMeasure } from './phases/build.js';
import type { ImportMeasure, NativeLoad } from './phases/import.js';
import type { MembersMeasure } from './phases/members.js';

// What a run measured: written as JSON, rendered as tables, checked against targets.
// A measure that did not run (`--only`, `--keep`) is null.

export interface Meta {
  readonly date: string;
  readonly size: SizeName;
  readonly contacts: number;
  readonly events: number;
  readonly seed: number;
  readonly now: string;
  readonly timeZone: string;
  readonly only: string | null;
  /** Segments in the suite (the per-segment rows may be fewer with --only). */
  readonly suiteSize: number;
  readonly keep: string | null;
  readonly node: string;
  readonly duckdb: string;
  readonly cores: number;
  readonly cpu: string;
  readonly totalRamBytes: number;
  readonly platform: string;
  /** Commit and uncommitted files of the tree the engine was built from (src/ changes between runs). */
  readonly git: { readonly commit: string; readonly modified: readonly string[] } | null;
  readonly generateMs: number | null;
  readonly wallMs: number;
}

export interface SetCheck {
  readonly match: boolean;
  readonly engineCount: number;
  readonly otherCount: number;
  readonly engineHash: string;
  readonly otherHash: string;
  readonly onlyEngine: readonly string[];
  readonly onlyOther: readonly string[];
}

export interface BuildFigure {
  readonly ms: number;
  readonly entered: number;
  readonly left: number;
  readonly total: number;
}

export interface SegmentResult {
  readonly alias: string;
  /** SQL the engine compiles for the condition (rebuild and preview run it). */
  readonly compiledSql: string;
  readonly compiledParams: readonly (string | number | boolean)[];
  readonly columns: readonly string[];
  readonly members: number | null;
  readonly firstBuild: BuildFigure | null;
  readonly unchanged: BuildFigure | null;
  readonly reopened: BuildFigure | null;
  readonly afterDelta: BuildFigure | null;
  readonly preview: { readonly count: number; readonly p50: number; readonly p95: number; readonly runs: readonly number[] } | null;
  readonly hand: { readonly ms: number; readonly runs: readonly number[]; readonly sql: string; readonly check: SetCheck } | null;
  readonly handAfterDelta: SetCheck | null;
  readonly floor: { readonly ms: number; readonly runs: readonly number[]; readonly sql: string } | null;
  readonly memory: { readonly ms: number; readonly check: SetCheck } | null;
}

export interface RebuildSummary {
  /** The median of `runs` (the run whose per-segment figures are reported). */
  readonly ms: number;
  readonly runs: readonly number[];
  readonly changed: number;
  readonly logged: number;
  readonly memberships: number;
}

export interface BenchResult {
  readonly meta: Meta;
  readonly import: {
    readonly ndjson: ImportMeasure | null;
    readonly csv: ImportMeasure | null;
    readonly native: readonly NativeLoad[];
    readonly note: string | null;
  };
  readonly apply: ApplyMeasure | null;
  readonly rebuild: {
    readonly first: RebuildSummary | null;
    readonly unchanged: RebuildSummary | null;
    /** Nothing changed, first rebuild after the store was closed and reopened. */
    readonly reopened: RebuildSummary | null;
    readonly afterDelta: (RebuildSummary & { readonly importMs: number; readonly events: number; readonly contacts: number }) | null;
  };
  readonly members: MembersMeasure | null;
  readonly memory: { readonly loadMs: number; readonly evalMs: number; readonly contacts: number; readonly events: number } | null;
  readonly handSumMs: number | null;
  readonly floorSumMs: number | null;
  readonly rss: { readonly peakBytes: number; readonly peakWithMemoryBaselineBytes: number | null };
  readonly disk: { readonly storeBytes: number | null; readonly csvStoreBytes: number | null; readonly dataBytes: number | null };
  readonly segments: readonly SegmentResult[];
}
