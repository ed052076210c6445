// The instants contacts are due to be re-evaluated at, earliest first. A contact has at
// most one live entry: setting it again supersedes the old one, which is skipped when it
// surfaces (a binary heap with lazy deletion). The heap is two parallel arrays, not an
// object per entry: a million contacts are a million entries, and a time kept in an
// object is a boxed number besides. Superseded entries would otherwise stay until their
// instant surfaced — a contact written every day with a boundary a month out leaves about
// thirty — so once they outnumber the live ones the heap is rebuilt from the live ones:
// its size follows the contacts, not the writes.

/** Superseded entries tolerated beyond the live ones before the heap is rebuilt (besides doubling). */
const STALE_SLACK = 4_096;

interface Entry { readonly at: number; readonly id: string }

export class Schedule {
  private readonly ats: number[] = [];
  private readonly ids: string[] = [];
  private readonly due = new Map<string, number>();

  get size(): number {
    return this.due.size;
  }

  /** Entries held, superseded ones included (at most about twice the live ones). */
  get held(): number {
    return this.ats.length;
  }

  set(id: string, at: number | null): void {
    if (at === null) { this.due.delete(id); return; }
    if (this.due.get(id) === at) return;
    this.due.set(id, at);
    this.push(at, id);
    if (this.ats.length > 2 * this.due.size + STALE_SLACK) this.rebuild();
  }

  /** The contact's live instant, if any. */
  at(id: string): number | undefined {
    return this.due.get(id);
  }

  delete(id: string): void {
    this.due.delete(id);
  }

  clear(): void {
    this.ats.length = 0;
    this.ids.length = 0;
    this.due.clear();
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
      this.due.delete(id);
      out.push({ at, id });
    }
  }

  /** Contacts due at or before `until`, in no particular order, without removing them. */
  dueBy(until: number): string[] {
    const out: string[] = [];
    for (const [id, at] of this.due) if (at <= until) out.push(id);
    return out;
  }

  /** Keep only the live entries, in heap order (bottom-up, linear in their number). */
  private rebuild(): void {
    const { ats, ids } = this;
    ats.length = 0;
    ids.length = 0;
    for (const [id, at] of this.due) {
      ats.push(at);
      ids.push(id);
    }
    for (let i = (ats.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private dropStale(): void {
    while (this.ats.length && this.due.get(this.ids[0]) !== this.ats[0]) this.pop();
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
