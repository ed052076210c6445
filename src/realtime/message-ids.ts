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

/**
 * Slots of the old table copied into the new one with each id added while the set grows:
 * rehashing 16M slots in one piece (M, at ~11.7M ids) held the add that crossed the load
 * 0.8 s; spread this way, the old table is copied over its size ÷ 64 adds (the new one is
 * then under 40% full).
 */
const MOVE_PER_ADD = 64;

/** Slots and their fingerprints: the first 32 bits (never 0) and the other 16. */
interface Table { readonly slots: Uint32Array; readonly extra: Uint16Array; readonly bits: number }

function newTable(bits: number): Table {
  return { slots: new Uint32Array(1 << bits), extra: new Uint16Array(1 << bits), bits };
}

/** The slot a fingerprint starts from: the top bits of its Fibonacci product, so growing needs only the fingerprint. */
const home = (t: Table, f: number): number => Math.imul(f, 0x9e3779b1) >>> (32 - t.bits);

function find(t: Table, f: number, g: number): boolean {
  const mask = t.slots.length - 1;
  for (let i = home(t, f); ; i = (i + 1) & mask) {
    const s = t.slots[i];
    if (s === EMPTY) return false;
    if (s === f && t.extra[i] === g) return true;
  }
}

function place(t: Table, f: number, g: number): void {
  const mask = t.slots.length - 1;
  let i = home(t, f);
  while (t.slots[i] !== EMPTY) i = (i + 1) & mask;
  t.slots[i] = f;
  t.extra[i] = g;
}

export class MessageIdSet {
  private table: Table;
  /** While growing: the table being copied into `table`, and the first of its slots not copied yet. */
  private old: Table | null = null;
  private moved = 0;
  private count = 0;

  constructor(capacity = 1 << 16) {
    let bits = 10;
    while ((1 << bits) < capacity / 0.7) bits++;
    this.table = newTable(bits);
  }

  get size(): number {
    return this.count;
  }

  add(id: string): void {
    const f = fingerprint(id);
    const g = extraBits;
    if (this.has(f, g)) return;
    if (this.old) this.move();
    else if ((this.count + 1) / this.table.slots.length > 0.7) this.grow();
    place(this.table, f, g);
    this.count++;
  }

  /** False: the store does not hold it. True: it may (confirm against the store). */
  mayHave(id: string): boolean {
    const f = fingerprint(id);
    return this.has(f, extraBits);
  }

  /** In the table, or (while growing) still in the old one: it is left whole until every slot is copied. */
  private has(f: number, g: number): boolean {
    return find(this.table, f, g) || (this.old !== null && find(this.old, f, g));
  }

  private grow(): void {
    this.old = this.table;
    this.moved = 0;
    this.table = newTable(this.old.bits + 1);
    this.move();
  }

  private move(): void {
    const old = this.old as Table;
    const end = Math.min(old.slots.length, this.moved + MOVE_PER_ADD);
    for (let i = this.moved; i < end; i++) if (old.slots[i] !== EMPTY) place(this.table, old.slots[i], old.extra[i]);
    this.moved = end;
    if (end === old.slots.length) this.old = null;
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
