// Which message ids the store may already hold, answered in memory: probing the events
// table for every write group scans its message_id column (60 ms a group at 1M events,
// ten times that at 10M). Each id is kept as a 48-bit fingerprint in an open-addressing
// table, 6 to 12 bytes an id (10M ids: 96 MiB). A fingerprint is not the id: a hit only
// says "maybe", and the caller confirms hits against the store, so no new event is ever
// taken for a duplicate. Misses are exact: every id the store holds was added.
//
// An unseen id is taken for "maybe" when its fingerprint equals a stored one's: about n in
// 2^48 for n stored ids (10M: one in 28 million). With 32 bits it was n in 2^32 (10M: one
// in 430), so nearly every large write group asked the store; the slot an id starts from
// comes from the same bits, so it adds nothing to tell ids apart.

const EMPTY = 0;

export class MessageIdSet {
  /** The first 32 bits of fingerprints (never 0), each in the first free slot from where its own bits place it. */
  private slots: Uint32Array;
  /** The other 16 bits, by slot. */
  private extra: Uint16Array;
  private bits: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.bits = 10;
    while ((1 << this.bits) < capacity / 0.7) this.bits++;
    this.slots = new Uint32Array(1 << this.bits);
    this.extra = new Uint16Array(1 << this.bits);
  }

  get size(): number {
    return this.count;
  }

  add(id: string): void {
    const f = fingerprint(id);
    const g = extraBits;
    if (this.find(f, g)) return;
    if ((this.count + 1) / this.slots.length > 0.7) this.grow();
    this.place(f, g);
    this.count++;
  }

  /** False: the store does not hold it. True: it may (confirm against the store). */
  mayHave(id: string): boolean {
    const f = fingerprint(id);
    return this.find(f, extraBits);
  }

  private find(f: number, g: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = this.home(f); ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === EMPTY) return false;
      if (s === f && this.extra[i] === g) return true;
    }
  }

  private place(f: number, g: number): void {
    const mask = this.slots.length - 1;
    let i = this.home(f);
    while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
    this.slots[i] = f;
    this.extra[i] = g;
  }

  /** The slot a fingerprint starts from: the top bits of its Fibonacci product, so growing needs only the fingerprint. */
  private home(f: number): number {
    return Math.imul(f, 0x9e3779b1) >>> (32 - this.bits);
  }

  private grow(): void {
    const old = this.slots;
    const oldExtra = this.extra;
    this.bits++;
    this.slots = new Uint32Array(1 << this.bits);
    this.extra = new Uint16Array(1 << this.bits);
    for (let i = 0; i < old.length; i++) if (old[i] !== EMPTY) this.place(old[i], oldExtra[i]);
  }
}

/** The 16 bits past the 32 that `fingerprint` returns, of the last id it read (no object an id). */
let extraBits = 0;

/**
 * A 48-bit fingerprint: two multiply-xorshift hashes with different seeds over the UTF-16
 * code units and the length, in one pass. Returns the first 32 bits (never 0); the other
 * 16 are left in `extraBits`.
 */
export function fingerprint(s: string): number {
  let h = 0x9e3779b9 ^ s.length;
  let k = 0x7f4a7c15 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ c, 0x5bd1e995);
    h ^= h >>> 15;
    k = Math.imul(k ^ c, 0xcc9e2d51);
    k ^= k >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  k = Math.imul(k ^ (k >>> 16), 0x1b873593);
  k = Math.imul(k ^ (k >>> 15), 0xe6546b64);
  k ^= k >>> 16;
  extraBits = k & 0xffff;
  return (h >>> 0) || 1;
}
