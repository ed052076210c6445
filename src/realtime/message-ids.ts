// Which message ids the store may already hold, answered in memory: probing the events
// table for every write group scans its message_id column (60 ms a group at 1M events,
// ten times that at 10M). Each id is kept as a 32-bit fingerprint in an open-addressing
// table, 4 to 8 bytes an id (10M ids: 64 MiB). A fingerprint is not the id: a hit only
// says "maybe" (about one unseen id in a billion), and the caller confirms hits against
// the store, so no new event is ever taken for a duplicate. Misses are exact: every id
// the store holds was added.

const EMPTY = 0;

export class MessageIdSet {
  /** Fingerprints (never 0), each in the first free slot from where its own bits place it. */
  private slots: Uint32Array;
  private bits: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.bits = 10;
    while ((1 << this.bits) < capacity / 0.7) this.bits++;
    this.slots = new Uint32Array(1 << this.bits);
  }

  get size(): number {
    return this.count;
  }

  add(id: string): void {
    const f = fingerprint(id);
    if (this.find(f)) return;
    if ((this.count + 1) / this.slots.length > 0.7) this.grow();
    this.place(f);
    this.count++;
  }

  /** False: the store does not hold it. True: it may (confirm against the store). */
  mayHave(id: string): boolean {
    return this.find(fingerprint(id));
  }

  private find(f: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = this.home(f); ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === EMPTY) return false;
      if (s === f) return true;
    }
  }

  private place(f: number): void {
    const mask = this.slots.length - 1;
    let i = this.home(f);
    while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
    this.slots[i] = f;
  }

  /** The slot a fingerprint starts from: the top bits of its Fibonacci product, so growing needs only the fingerprint. */
  private home(f: number): number {
    return Math.imul(f, 0x9e3779b1) >>> (32 - this.bits);
  }

  private grow(): void {
    const old = this.slots;
    this.bits++;
    this.slots = new Uint32Array(1 << this.bits);
    for (let i = 0; i < old.length; i++) if (old[i] !== EMPTY) this.place(old[i]);
  }
}

/** A 32-bit multiply-xorshift hash over the UTF-16 code units and the length; never 0. */
export function fingerprint(s: string): number {
  let h = 0x9e3779b9 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) || 1;
}
