// Which message ids the store may already hold, answered in memory: probing the events
// table for every write group scans its message_id column (60 ms a group at 1M events,
// ten times that at 10M). Each id is kept as a 63-bit fingerprint (two 32-bit hashes) in
// an open-addressing table, about 12 bytes an id. A fingerprint is not the id: a hit only
// says "maybe", and the caller confirms hits against the store, so no new event is ever
// taken for a duplicate. Misses are exact: every id the store holds was added.

const EMPTY = 0;

export class MessageIdSet {
  /** Pairs of (first hash | 1, second hash); a first word of 0 marks an empty slot. */
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    let size = 1 << 10;
    while (size < capacity / 0.7) size <<= 1;
    this.slots = new Uint32Array(size * 2);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  add(id: string): void {
    const [a, b] = fingerprint(id);
    if (this.find(a, b) >= 0) return;
    if ((this.count + 1) / (this.mask + 1) > 0.7) this.grow();
    this.place(a, b);
    this.count++;
  }

  /** False: the store does not hold it. True: it may (confirm against the store). */
  mayHave(id: string): boolean {
    const [a, b] = fingerprint(id);
    return this.find(a, b) >= 0;
  }

  private find(a: number, b: number): number {
    let i = b & this.mask;
    for (;;) {
      const s = this.slots[i * 2];
      if (s === EMPTY) return -1;
      if (s === a && this.slots[i * 2 + 1] === b) return i;
      i = (i + 1) & this.mask;
    }
  }

  private place(a: number, b: number): void {
    let i = b & this.mask;
    while (this.slots[i * 2] !== EMPTY) i = (i + 1) & this.mask;
    this.slots[i * 2] = a;
    this.slots[i * 2 + 1] = b;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = this.slots.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.place(old[i], old[i + 1]);
  }
}

/** FNV-1a and a multiply-xorshift hash over the UTF-16 code units; the first never 0. */
export function fingerprint(s: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return [(h1 | 1) >>> 0, h2 >>> 0];
}
