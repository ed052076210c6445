// Timing helpers and the statistics the report prints.

export interface Timed<T> {
  readonly value: T;
  readonly ms: number;
}

export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Run `fn` once untimed, then `runs` times timed; the durations in run order. */
export async function repeat(runs: number, fn: () => Promise<unknown>, warmups = 1): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push((await timed(fn)).ms);
  return out;
}

/** Nearest-rank percentile (p in (0, 100]): the smallest sample with at least p% of samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) throw new RangeError('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function sum(xs: readonly number[]): number {
  return xs.reduce((a, x) => a + x, 0);
}

/** `a / b`, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return a / b;
}

export function perSecond(rows: number, ms: number): number {
  return ms > 0 ? (rows * 1000) / ms : 0;
}

/** Peak resident set size of this process so far, in bytes. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

let quiet = false;

/** No progress lines from here on (tests run the whole benchmark and print its result only on failure). */
export function silenceProgress(): void {
  quiet = true;
}

export function progress(message: string): void {
  if (!quiet) process.stderr.write(`[bench] ${message}\n`);
}
