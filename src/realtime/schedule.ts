// The instants contacts are due to be re-evaluated at, earliest first. A contact has at
// most one live entry: setting it again supersedes the old one, which is skipped when it
// surfaces (a binary heap with lazy deletion). The heap is two parallel arrays, not an
// object per entry: a million contacts are a million entries, and a time kept in an
// object is a boxed number besides. Superseded entries would otherwise stay until their
// instant surfaced — a contact written every day with a boundary a month out leaves about
// thirty — so once they outnumber the live ones the heap is rebuilt from the live ones:
// its size follows the contacts, not the writes. A contact's live instant sits in a
// double array at a slot of its own, not as a map's value: a map holds an instant (too
// large for a small integer) as one more object, a million of them for the collector to
// mark at every full collection.

import { RowNumbers } from './row-numbers.js';

/** Superseded entries tolerated beyond the live ones before the heap is rebuilt (besides doubling). */
const STALE_SLACK = 4_096;

interface Entry { readonly at: number; readonly id: string }

export class Schedule {
  private readonly ats: number[] = [];
  private readonly ids: string[] = [];
  /** Each contact with a live instant: its slot in `dueAt`. */
  private readonly slotOf = new Map<string, number>();
  private dueAt = new RowNumbers();
  private readonly freeSlots: number[] = [];
  private slots = 0;

  get size(): number {
    return this.slotOf.size;
  }

  /** Entries held, superseded ones included (at most about twice the live ones). */
  get held(): number {
    return this.ats.length;
  }

  set(id: string, at: number | null): void {
    if (at === null) { this.delete(id); return; }
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.slots++;
      this.slotOf.set(id, slot);
    } else if (this.dueAt.get(slot) === at) {
      return;
    }
    this.dueAt.set(slot, at);
    this.push(at, id);
    if (this.ats.length > 2 * this.slotOf.size + STALE_SLACK) this.rebuild();
  }

  /**
   * Set the contact's instant to `fresh` unless its live one is after `after` and earlier
   * (still a boundary to look at): one lookup of the contact where `at` then `set` made two.
   */
  lower(id: string, fresh: number | null, after: number): void {
    const slot = this.slotOf.get(id);
    if (slot !== undefined) {
      const kept = this.dueAt.get(slot);
      if (kept > after && (fresh === null || kept < fresh)) return;
    }
    this.set(id, fresh);
  }

  /** The contact's live instant, if any. */
  at(id: string): number | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.dueAt.get(slot);
  }

  delete(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.freeSlots.push(slot);
  }

  clear(): void {
    this.ats.length = 0;
    this.ids.length = 0;
    this.slotOf.clear();
    this.dueAt = new RowNumbers();
    this.freeSlots.length = 0;
    this.slots = 0;
  }

  /** The earliest live instant, or null. */
  peek(): number | null {
    this.dropStale();
    return this.ats.length ? this.ats[0] : null;
  }

  /** Remove and return every live entry due at or before `until`, earliest first. */
  takeUntil(until: number): Entry[] {
    const out: Entry[] = [];
    for (;;) {
      this.dropStale();
      if (!this.ats.length || this.ats[0] > until) return out;
      const at = this.ats[0], id = this.ids[0];
      this.pop();
      this.delete(id);
      out.push({ at, id });
    }
  }

  /** Contacts due at or before `until`, in no particular order, without removing them. */
  dueBy(until: number): string[] {
    const out: string[] = [];
    for (const [id, slot] of this.slotOf) if (this.dueAt.get(slot) <= until) out.push(id);
    return out;
  }

  /** Keep only the live entries, in heap order (bottom-up, linear in their number). */
  private rebuild(): void {
    const { ats, ids } = this;
    ats.length = 0;
    ids.length = 0;
    for (const [id, slot] of this.slotOf) {
      ats.push(this.dueAt.get(slot));
      ids.push(id);
    }
    for (let i = (ats.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private dropStale(): void {
    while (this.ats.length && this.at(this.ids[0]) !== this.ats[0]) this.pop();
  }

  private push(at: number, id: string): void {
    const { ats, ids } = this;
    let i = ats.length;
    ats.push(at);
    ids.push(id);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ats[p] <= at) break;
      ats[i] = ats[p];
      ids[i] = ids[p];
      i = p;
    }
    ats[i] = at;
    ids[i] = id;
  }

  /** Drop the earliest entry. */
  private pop(): void {
    const { ats, ids } = this;
    const at = ats.pop() as number, id = ids.pop() as string;
    if (!ats.length) return;
    ats[0] = at;
    ids[0] = id;
    this.siftDown(0);
  }

  /** Move the entry at `i` down to where its children are no earlier. */
  private siftDown(i: number): void {
    const { ats, ids } = this;
    const n = ats.length;
    const at = ats[i], id = ids[i];
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i, mAt = at;
      if (l < n && ats[l] < mAt) { m = l; mAt = ats[l]; }
      if (r < n && ats[r] < mAt) m = r;
      if (m === i) break;
      ats[i] = ats[m];
      ids[i] = ids[m];
      i = m;
    }
    ats[i] = at;
    ids[i] = id;
  }
}
