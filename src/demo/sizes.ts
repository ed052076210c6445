// Workspace sizes shared by `segmint demo` and the benchmark (DESIGN.md "Performance"),
// so both talk about the same data when they say "S" or "demo".

export interface WorkspaceSize {
  readonly contacts: number;
  readonly events: number;
}

export const DEMO_SIZE: WorkspaceSize = { contacts: 100_000, events: 2_000_000 };

export const BENCH_SIZES = {
  XS: { contacts: 2_000, events: 20_000 },
  S: { contacts: 100_000, events: 1_000_000 },
  M: { contacts: 1_000_000, events: 10_000_000 },
} as const satisfies Record<string, WorkspaceSize>;

/** The seed the demo and the benchmark use unless told otherwise; bench/suite/manual.json assumes it. */
export const DEFAULT_SEED = 20240601;

/** Contact ids are `c` + 7 digits (1-based), so the first contacts are the same at every size. */
export function contactId(n: number): string {
  return `c${String(n).padStart(7, '0')}`;
}
