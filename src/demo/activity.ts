// How many events each contact gets. Real event tables are skewed: a handful of
// power users, a long tail with a few events each, and some contacts never seen
// active. The total must be exactly what was asked for, so counts are shares of a
// random weight, handed out by cumulative rounding (sums to the total, no sort).

import type { Rng } from './random.js';

/** Share of contacts with no events at all (rounding of tiny weights adds a little). */
const SILENT_SHARE = 0.065;
/** Pareto tail index: below 2 gives the "few very active contacts" of real data. */
const TAIL = 1.35;
/** Keeps one contact from holding a large part of a small workspace. */
const MAX_WEIGHT = 400;

export function allocateEventCounts(rng: Rng, contacts: number, events: number): Uint32Array {
  const counts = new Uint32Array(contacts);
  if (events === 0) return counts;
  if (contacts === 0) throw new RangeError('cannot place events without contacts');

  const weights = new Float64Array(contacts);
  let total = 0;
  for (let i = 0; i < contacts; i++) {
    const w = rng.float() < SILENT_SHARE ? 0 : Math.min(MAX_WEIGHT, rng.pareto(TAIL));
    weights[i] = w;
    total += w;
  }
  if (total === 0) {
    weights.fill(1);
    total = contacts;
  }

  let cumulative = 0;
  let given = 0;
  for (let i = 0; i < contacts; i++) {
    cumulative += weights[i];
    const upTo = i === contacts - 1 ? events : Math.min(events, Math.round((events * cumulative) / total));
    counts[i] = upTo - given;
    given = upTo;
  }
  return counts;
}
