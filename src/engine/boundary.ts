import type { Condition } from '../condition/types.js';
import { evaluate, type ContactRecord, type EventRecord } from '../evaluate/index.js';
import type { FieldRegistry } from '../fields/index.js';
import { bindCondition, type Bound } from '../plan/index.js';

// SEGMENT-LANGUAGE §7: a time-driven change is recorded at the moment its boundary was
// crossed, not when a rebuild happened to notice it. A change is time-driven when, on
// today's data, the verdict at the previous evaluation still equals the stored state:
// then only the clock moved, and bisecting the clock finds the millisecond it flipped.

export interface BoundaryInput {
  readonly condition: Condition;
  readonly fields: FieldRegistry;
  readonly tz: string;
  /** When the segment's membership was last written. */
  readonly from: number;
  /** This rebuild's clock. */
  readonly to: number;
  readonly isMember: (alias: string, contactId: string) => boolean;
  readonly segmentExists: (alias: string) => boolean;
}

export function boundaryTimes(
  input: BoundaryInput,
  contacts: readonly { contact: ContactRecord; events: readonly EventRecord[]; wasMember: boolean }[],
): Map<string, number> {
  const bound = new Map<number, Bound>();
  const at = (t: number): Bound => {
    let b = bound.get(t);
    if (!b) {
      const r = bindCondition(input.condition, { fields: input.fields, now: t, tz: input.tz, segmentExists: input.segmentExists });
      if (!r.ok) throw new Error(`a saved condition no longer binds: ${JSON.stringify(r.errors)}`);
      b = r.value;
      bound.set(t, b);
    }
    return b;
  };
  const out = new Map<string, number>();
  for (const { contact, events, wasMember } of contacts) {
    const verdict = (t: number): boolean => evaluate(at(t), { contact, events, now: t, tz: input.tz, isMember: input.isMember });
    if (verdict(input.from) !== wasMember || verdict(input.to) === wasMember) continue;
    let lo = input.from;
    let hi = input.to;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (verdict(mid) === wasMember) lo = mid;
      else hi = mid;
    }
    out.set(contact.id, hi);
  }
  return out;
}
