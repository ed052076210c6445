// Binary search over ascending numbers (event times): shared by the evaluator, the live
// cache and next-instant finding, which all keep times sorted.

/** The index of the first value at or after `v`. */
export function lowerBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first value after `v`. */
export function upperBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Numbers sorted ascending in place. Next-instant finding sorts a handful of thresholds for
 * every contact a write decides, and the built-in sort allocates a work copy each call:
 * short arrays are sorted by insertion instead.
 */
export function sortNumbers<T extends number[]>(xs: T): T {
  if (xs.length > 32) return xs.sort((p, q) => p - q);
  for (let i = 1; i < xs.length; i++) {
    const v = xs[i];
    let j = i - 1;
    while (j >= 0 && xs[j] > v) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = v;
  }
  return xs;
}
