import type { FieldValue } from '../fields/types.js';

// The live cache's field values, one column per field some segment reads, a row per
// contact. An object of values per contact costs a header, a property array and a boxed
// double for every number (timestamps do not fit a small integer): a fifth of the live
// heap on the benchmark's workspaces. Here a number is eight bytes in a double array,
// anything else one reference, and absence one byte.

const ABSENT = 0;
const NUMBER = 1;
const OTHER = 2;

class Column {
  tag = new Uint8Array(0);
  nums: Float64Array | null = null;
  others: (FieldValue | null)[] | null = null;

  grow(capacity: number): void {
    const tag = new Uint8Array(capacity);
    tag.set(this.tag);
    this.tag = tag;
    if (this.nums) {
      const nums = new Float64Array(capacity);
      nums.set(this.nums);
      this.nums = nums;
    }
    if (this.others) {
      const others = new Array<FieldValue | null>(capacity);
      for (let i = 0; i < this.others.length; i++) others[i] = this.others[i];
      this.others = others;
    }
  }

  put(row: number, v: FieldValue | null | undefined): void {
    if (v === undefined) {
      this.clear(row);
    } else if (typeof v === 'number') {
      (this.nums ??= new Float64Array(this.tag.length))[row] = v;
      this.tag[row] = NUMBER;
      if (this.others) this.others[row] = null;
    } else {
      // Sized to the column up front: a far index into a short array would turn it into a dictionary.
      (this.others ??= new Array<FieldValue | null>(this.tag.length))[row] = v;
      this.tag[row] = OTHER;
    }
  }

  clear(row: number): void {
    if (this.tag[row] === OTHER && this.others) this.others[row] = null;
    this.tag[row] = ABSENT;
  }

  get(row: number): FieldValue | null | undefined {
    switch (this.tag[row]) {
      case NUMBER: return (this.nums as Float64Array)[row];
      case OTHER: return (this.others as (FieldValue | null)[])[row];
      default: return undefined;
    }
  }
}

export class FieldColumns {
  private readonly columns = new Map<string, Column>();
  private capacity = 0;
  private rows = 0;
  private readonly free: number[] = [];

  /** `keys`: the fields kept; values of any other field are not stored. */
  constructor(readonly keys: readonly string[]) {
    for (const k of keys) this.columns.set(k, new Column());
  }

  /** A row holding these values (of the kept fields). */
  add(values: Readonly<Record<string, FieldValue | null | undefined>>): number {
    const row = this.free.pop() ?? this.rows++;
    if (row >= this.capacity) {
      // By half again: doubling past a million rows would leave most of a column spare.
      this.capacity = Math.max(1024, Math.ceil(this.capacity * 1.5));
      for (const c of this.columns.values()) c.grow(this.capacity);
    }
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

  /** The row's values as the evaluators read them (an absent field is left out). */
  values(row: number): Record<string, FieldValue | null> {
    const out: Record<string, FieldValue | null> = {};
    for (const [k, c] of this.columns) {
      const v = c.get(row);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
}
