// The instants contacts are due to be re-evaluated at, earliest first. A contact has at
// most one live entry: setting it again supersedes the old one, which is skipped when it
// surfaces (a binary heap with lazy deletion).

interface Entry { readonly at: number; readonly id: string }

export class Schedule {
  private readonly heap: Entry[] = [];
  private readonly due = new Map<string, number>();

  get size(): number {
    return this.due.size;
  }

  set(id: string, at: number | null): void {
    if (at === null) { this.due.delete(id); return; }
    if (this.due.get(id) === at) return;
    this.due.set(id, at);
    this.push({ at, id });
  }

  /** The contact's live instant, if any. */
  at(id: string): number | undefined {
    return this.due.get(id);
  }

  delete(id: string): void {
    this.due.delete(id);
  }

  clear(): void {
    this.heap.length = 0;
    this.due.clear();
  }

  /** The earliest live instant, or null. */
  peek(): number | null {
    this.dropStale();
    return this.heap.length ? this.heap[0].at : null;
  }

  /** Remove and return every live entry due at or before `until`, earliest first. */
  takeUntil(until: number): Entry[] {
    const out: Entry[] = [];
    for (;;) {
      this.dropStale();
      if (!this.heap.length || this.heap[0].at > until) return out;
      const e = this.pop();
      this.due.delete(e.id);
      out.push(e);
    }
  }

  /** Contacts due at or before `until`, in no particular order, without removing them. */
  dueBy(until: number): string[] {
    const out: string[] = [];
    for (const [id, at] of this.due) if (at <= until) out.push(id);
    return out;
  }

  private dropStale(): void {
    while (this.heap.length && this.due.get(this.heap[0].id) !== this.heap[0].at) this.pop();
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= e.at) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Entry;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        const at = (k: number): number => (k === i ? last.at : h[k].at);
        if (l < h.length && h[l].at < at(m)) m = l;
        if (r < h.length && h[r].at < at(m)) m = r;
        if (m === i) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}
