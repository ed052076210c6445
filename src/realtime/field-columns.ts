import type { FieldValue } from '../fields/types.js';
import { detached } from './detached.js';
import { PRESENT, isMissing } from '../evaluate/index.js';

// The live cache's field values, one column per field some segment reads, a row per
// contact. An object of values per contact costs a header, a property array and a boxed
// double for every number (timestamps do not fit a small integer): a fifth of the live
// heap on the benchmark's workspaces. Here a number is eight bytes in a double array,
// anything else one reference, and absence one byte.

// Text and lists repeat across contacts (a city, a status, a set of tags): a column shares
// one copy of each while its values stay few, and stops looking once they prove mostly
// distinct (an email, a phone number), where sharing would only add a table. From then on
// its texts are kept as characters in one array of the column's (a string each would be an
// object each for the garbage collector to mark, a million of them a column on the
// benchmark's workspace), and made a string again only when a decision reads one.
/** Distinct values a column shares before it must show they repeat. */
const SHARE_FLOOR = 4_096;
/** Past the floor, sharing goes on only while the column has this many values per distinct one. */
const SHARE_RATIO = 8;

const ABSENT = 0;
const NUMBER = 1;
const OTHER = 2;
/** A text in the column's characters (never empty): `nums` holds where it starts times TEXT_SPAN plus its length. */
const TEXT = 3;
const TEXT_SPAN = 2 ** 21;
/** Characters abandoned (overwritten, cleared) past which, once they outnumber those held, the characters are compacted. */
const TEXT_COMPACT_FLOOR = 1 << 20;
/**
 * Characters a block of a column's texts holds: past the first block the characters grow a
 * block at a time and are never copied to grow (a million emails are ~25M characters, and
 * growing one array by half again copied them all while every write waited). A text sits
 * in one block; where a block's rest is too short for the next, the rest stays unused.
 */
const TEXT_BLOCK = 1 << 20;
/** Texts longer than this are kept as strings: they are few, and one would leave much of a block's rest unused. */
const TEXT_MAX = 1 << 12;

/** Rows per page: a column grows a page at a time, never copied, and holds at most one page spare. */
const PAGE_BITS = 14;
const PAGE = 1 << PAGE_BITS;
const IN_PAGE = PAGE - 1;

/**
 * One page of a column: a kind per row, and numbers or other values only once some row
 * holds one. The kinds are the page's row-major block shared by every column of the
 * FieldColumns (a row's kinds side by side, one byte a column): a decision reads a few
 * fields of one random contact, and a block of kinds per column was one more memory miss
 * for each field read (~230 ns a read of a random row; 17 ns once the row is in cache).
 */
interface Page {
  /** Kinds of PAGE rows × the columns, row-major: this column's at `i × width + index`. */
  readonly tag: Uint8Array;
  nums: Float64Array | null;
  others: (FieldValue | null)[] | null;
}

/** The characters of a text that starts at `from` (block × TEXT_BLOCK + offset). */
function charsIn(blocks: readonly Uint16Array[], from: number, len: number): Uint16Array {
  const off = from % TEXT_BLOCK;
  return blocks[(from - off) / TEXT_BLOCK].subarray(off, off + len);
}

/** The kinds' row-major blocks, a page each, shared by the columns of one FieldColumns. */
class Kinds {
  readonly pages: Uint8Array[] = [];
  constructor(readonly width: number) {}

  page(n: number): Uint8Array {
    while (this.pages.length <= n) this.pages.push(new Uint8Array(PAGE * this.width));
    return this.pages[n];
  }
}

class Column {
  private readonly pages: Page[] = [];
  /** The shared block's width (its columns). */
  private readonly w: number;

  constructor(private readonly kinds: Kinds, private readonly c: number) {
    this.w = kinds.width;
  }

  /** Where row `i` of a page keeps this column's kind in the shared block. */
  private kind(i: number): number {
    return i * this.w + this.c;
  }

  /** Shared values by text (lists by their JSON), null once the column proved mostly distinct. */
  private shared: Map<string, FieldValue> | null = new Map();
  private puts = 0;
  /** The texts' characters, TEXT_BLOCK a block (the last one allocated shorter while it fills, doubling). */
  private blocks: Uint16Array[] = [];
  /** Where the next text goes (block × TEXT_BLOCK + offset), and how many characters before it no row holds. */
  private used = 0;
  private abandoned = 0;

  put(row: number, v: FieldValue | null | undefined): void {
    if (v === undefined) {
      this.clear(row);
      return;
    }
    const p = this.page(row), i = row & IN_PAGE;
    this.abandon(p, i);
    if (typeof v === 'number') {
      (p.nums ??= new Float64Array(PAGE))[i] = v;
      p.tag[this.kind(i)] = NUMBER;
      if (p.others) p.others[i] = null;
    } else if (typeof v === 'string' && this.shared === null && v.length > 0 && v.length <= TEXT_MAX) {
      (p.nums ??= new Float64Array(PAGE))[i] = this.store(v) * TEXT_SPAN + v.length;
      p.tag[this.kind(i)] = TEXT;
      if (p.others) p.others[i] = null;
    } else {
      // Filled up front: a far index into a short array would turn it into a dictionary.
      (p.others ??= new Array<FieldValue | null>(PAGE).fill(null))[i] = typeof v === 'string' || Array.isArray(v) ? this.share(v) : v;
      p.tag[this.kind(i)] = OTHER;
    }
  }

  private page(row: number): Page {
    const n = row >>> PAGE_BITS;
    while (this.pages.length <= n) this.pages.push({ tag: this.kinds.page(this.pages.length), nums: null, others: null });
    return this.pages[n];
  }

  private share(v: string | readonly string[]): FieldValue {
    const shared = this.shared;
    if (!shared) return own(v);
    this.puts++;
    const key = typeof v === 'string' ? v : JSON.stringify(v);
    const held = shared.get(key);
    // A text that reads like a list's JSON is not that list.
    if (held !== undefined) return typeof held === typeof v ? held : own(v);
    if (shared.size >= SHARE_FLOOR && shared.size * SHARE_RATIO > this.puts) {
      this.shared = null;
      return own(v);
    }
    const kept = own(v);
    shared.set(typeof kept === 'string' ? kept : key, kept);
    return kept;
  }

  clear(row: number): void {
    const p = this.pages[row >>> PAGE_BITS];
    if (!p) return;
    const i = row & IN_PAGE;
    this.abandon(p, i);
    if (p.tag[this.kind(i)] === OTHER && p.others) p.others[i] = null;
    p.tag[this.kind(i)] = ABSENT;
  }

  /** The row's text, if it has one in the characters, is no longer held. */
  private abandon(p: Page, i: number): void {
    if (p.tag[this.kind(i)] !== TEXT) return;
    this.abandoned += (p.nums as Float64Array)[i] % TEXT_SPAN;
    p.tag[this.kind(i)] = ABSENT;
    if (this.abandoned > TEXT_COMPACT_FLOOR && this.abandoned * 2 > this.used) this.compactText();
  }

  /** Room for `n` characters at the end; where it starts. */
  private reserve(n: number): number {
    let at = this.used;
    let off = at % TEXT_BLOCK;
    if (off + n > TEXT_BLOCK) {
      this.abandoned += TEXT_BLOCK - off;
      at += TEXT_BLOCK - off;
      off = 0;
    }
    const b = (at - off) / TEXT_BLOCK;
    if (b === this.blocks.length) this.blocks.push(new Uint16Array(b === 0 ? Math.max(4_096, n) : TEXT_BLOCK));
    const block = this.blocks[b];
    if (off + n > block.length) {
      // Only a column's first block starts short (most columns hold few texts): doubling it copies little.
      const grown = new Uint16Array(Math.min(TEXT_BLOCK, Math.max(off + n, block.length * 2)));
      grown.set(block.subarray(0, off));
      this.blocks[b] = grown;
    }
    this.used = at + n;
    return at;
  }

  /** Append the text's characters; where they start. */
  private store(v: string): number {
    const at = this.reserve(v.length);
    const chars = charsIn(this.blocks, at, v.length);
    for (let k = 0; k < v.length; k++) chars[k] = v.charCodeAt(k);
    return at;
  }

  /** Copy the texts rows hold into fresh blocks, leaving out what they abandoned. */
  private compactText(): void {
    const old = this.blocks;
    this.blocks = [];
    this.used = 0;
    this.abandoned = 0;
    for (const p of this.pages) {
      if (!p.nums) continue;
      for (let i = 0; i < PAGE; i++) {
        if (p.tag[this.kind(i)] !== TEXT) continue;
        const x = p.nums[i], len = x % TEXT_SPAN, from = (x - len) / TEXT_SPAN;
        const at = this.reserve(len);
        charsIn(this.blocks, at, len).set(charsIn(old, from, len));
        p.nums[i] = at * TEXT_SPAN + len;
      }
    }
  }

  private text(x: number): string {
    const len = x % TEXT_SPAN, from = (x - len) / TEXT_SPAN;
    return String.fromCharCode.apply(null, charsIn(this.blocks, from, len) as unknown as number[]);
  }

  /** Whether the row holds a value that is not missing (see PRESENT), without making a string of a text. */
  present(row: number): boolean {
    const p = this.pages[row >>> PAGE_BITS];
    if (!p) return false;
    const i = row & IN_PAGE;
    switch (p.tag[this.kind(i)]) {
      case NUMBER: return true;
      // Never empty: an empty text is kept as another value (so this reads only the kind).
      case TEXT: return true;
      case OTHER: return !isMissing((p.others as (FieldValue | null)[])[i]);
      default: return false;
    }
  }

  get(row: number): FieldValue | null | undefined {
    const p = this.pages[row >>> PAGE_BITS];
    if (!p) return undefined;
    const i = row & IN_PAGE;
    switch (p.tag[this.kind(i)]) {
      case NUMBER: return (p.nums as Float64Array)[i];
      case TEXT: return this.text((p.nums as Float64Array)[i]);
      case OTHER: return (p.others as (FieldValue | null)[])[i];
      default: return undefined;
    }
  }
}

/** A value as a column keeps it: its texts copies of their own (see detached.ts), a list frozen (one list may stand for many contacts' values). */
function own(v: string | readonly string[]): FieldValue {
  return typeof v === 'string' ? detached(v) : Object.freeze(v.map(detached));
}

const ROW = Symbol('row');

/** A row's values, read from the columns as each key is asked for. */
export type RowValues = Readonly<Record<string, FieldValue | null | undefined>>;

export class FieldColumns {
  private readonly columns = new Map<string, Column>();
  private rows = 0;
  private readonly free: number[] = [];
  /** What every row view inherits: a getter per kept field, and nothing else (no Object.prototype). */
  private readonly viewProto: object;

  /** `keys`: the fields kept; values of any other field are not stored. */
  constructor(readonly keys: readonly string[]) {
    const proto = Object.create(null) as object;
    const kinds = new Kinds(Math.max(1, keys.length));
    for (const [index, k] of keys.entries()) {
      const c = new Column(kinds, index);
      this.columns.set(k, c);
      Object.defineProperty(proto, k, { enumerable: true, get(this: { [ROW]: number }) { return c.get(this[ROW]); } });
    }
    const columns = this.columns;
    Object.defineProperty(proto, PRESENT, { value(this: { [ROW]: number }, key: string) { return columns.get(key)?.present(this[ROW]) ?? false; } });
    this.viewProto = proto;
  }

  /** A row holding these values (of the kept fields). */
  add(values: Readonly<Record<string, FieldValue | null | undefined>>): number {
    const row = this.free.pop() ?? this.rows++;
    this.write(row, values);
    return row;
  }

  /** Merge: the given keys take their values, the others keep theirs. */
  write(row: number, values: Readonly<Record<string, FieldValue | null | undefined>>): void {
    for (const k in values) {
      if (!Object.hasOwn(values, k)) continue;
      this.columns.get(k)?.put(row, values[k]);
    }
  }

  release(row: number): void {
    for (const c of this.columns.values()) c.clear(row);
    this.free.push(row);
  }

  /**
   * The row's values as the evaluators read them, each read from its column only when asked
   * for: a decision reads a field or two of the dozens kept, and the columns are a memory
   * miss each. An absent field, or one not kept, reads undefined. Valid while the row is.
   */
  view(row: number): RowValues {
    const v = Object.create(this.viewProto) as { [ROW]: number };
    v[ROW] = row;
    return v as unknown as RowValues;
  }
}
