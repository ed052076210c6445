// The instants contacts are due to be re-evaluated at, earliest first. A contact has at
// most one live entry: setting it again supersedes the old one, which is skipped when it
// surfaces (a binary heap with lazy deletion). The heap is parallel arrays, not an object
// per entry: a million contacts are a million entries, and a time kept in an object is a
// boxed number besides. Superseded entries would otherwise stay until their instant
// surfaced — a contact written every day with a boundary a month out leaves about thirty —
// so once they outnumber the live ones the heap is rebuilt from the live ones: its size
// follows the contacts, not the writes.
//
// A contact is found by its row in the contact cache, given with its id: a contact's live
// instant sits in a double array at its row (a map's value would be one more object, a
// million of them for the collector to mark), and a write finds it without a lookup by id
// (a map of a million ids: a few memory misses for every event written). An entry belongs
// to the contact whose id its row holds: a row the cache gives to another contact
// supersedes the first one's entry.

import { RowNumbers } from './row-numbers.js';

/** Superseded entries tolerated beyond the live ones before the heap is rebuilt (besides doubling). */
const STALE_SLACK = 4_096;

interface Entry { readonly at: number; readonly id: string; readonly row: number }

export class Schedule {
  private readonly ats: number[] = [];
  private readonly ids: string[] = [];
  private readonly rowsOf: number[] = [];
  /** The contact each row's live instant belongs to (undefined: none). */
  private idOf: (string | undefined)[] = [];
  private dueAt = new RowNumbers();
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** Entries held, superseded ones included (at most about twice the live ones). */
  get held(): number {
    return this.ats.length;
  }

  set(row: number, id: string, at: number | null): void {
    if (at === null) { this.delete(row, id); return; }
    const owner = this.idOf[row];
    if (owner === id) {
      if (this.dueAt.get(row) === at) return;
    } else {
      if (owner === undefined) this.live++;
      // Grown in order: a far index into a short array would turn it into a dictionary.
      while (this.idOf.length < row) this.idOf.push(undefined);
      this.idOf[row] = id;
    }
    this.dueAt.set(row, at);
    this.push(at, id, row);
    if (this.ats.length > 2 * this.live + STALE_SLACK) this.rebuild();
  }

  /** The contact's live instant, if any. */
  at(row: number, id: string): number | undefined {
    return this.idOf[row] === id ? this.dueAt.get(row) : undefined;
  }

  delete(row: number, id: string): void {
    if (this.idOf[row] !== id) return;
    this.idOf[row] = undefined;
    this.live--;
  }

  clear(): void {
    this.ats.length = 0;
    this.ids.length = 0;
    this.rowsOf.length = 0;
    this.idOf = [];
    this.dueAt = new RowNumbers();
    this.live = 0;
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
      const at = this.ats[0], id = this.ids[0], row = this.rowsOf[0];
      this.pop();
      this.delete(row, id);
      out.push({ at, id, row });
    }
  }

  /** Contacts due at or before `until`, in no particular order, without removing them. */
  dueBy(until: number): string[] {
    const out: string[] = [];
    this.idOf.forEach((id, row) => {
      if (id !== undefined && this.dueAt.get(row) <= until) out.push(id);
    });
    return out;
  }

  /** Keep only the live entries, in heap order (bottom-up, linear in their number). */
  private rebuild(): void {
    const { ats, ids, rowsOf } = this;
    ats.length = 0;
    ids.length = 0;
    rowsOf.length = 0;
    this.idOf.forEach((id, row) => {
      if (id === undefined) return;
      ats.push(this.dueAt.get(row));
      ids.push(id);
      rowsOf.push(row);
    });
    for (let i = (ats.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private dropStale(): void {
    while (this.ats.length && this.at(this.rowsOf[0], this.ids[0]) !== this.ats[0]) this.pop();
  }

  private push(at: number, id: string, row: number): void {
    const { ats, ids, rowsOf } = this;
    let i = ats.length;
    ats.push(at);
    ids.push(id);
    rowsOf.push(row);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ats[p] <= at) break;
      ats[i] = ats[p];
      ids[i] = ids[p];
      rowsOf[i] = rowsOf[p];
      i = p;
    }
    ats[i] = at;
    ids[i] = id;
    rowsOf[i] = row;
  }

  /** Drop the earliest entry. */
  private pop(): void {
    const { ats, ids, rowsOf } = this;
    const at = ats.pop() as number, id = ids.pop() as string, row = rowsOf.pop() as number;
    if (!ats.length) return;
    ats[0] = at;
    ids[0] = id;
    rowsOf[0] = row;
    this.siftDown(0);
  }

  /** Move the entry at `i` down to where its children are no earlier. */
  private siftDown(i: number): void {
    const { ats, ids, rowsOf } = this;
    const n = ats.length;
    const at = ats[i], id = ids[i], row = rowsOf[i];
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i, mAt = at;
      if (l < n && ats[l] < mAt) { m = l; mAt = ats[l]; }
      if (r < n && ats[r] < mAt) m = r;
      if (m === i) break;
      ats[i] = ats[m];
      ids[i] = ids[m];
      rowsOf[i] = rowsOf[m];
      i = m;
    }
    ats[i] = at;
    ids[i] = id;
    rowsOf[i] = row;
  }
}
