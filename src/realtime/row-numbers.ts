// Numbers kept by a row (a contact's row in the cache's field columns, a schedule slot), in pages of typed
// arrays: a number held in an object of its own per contact would be one more object for
// the garbage collector to mark (and a boxed double when it is not a small integer).

const PAGE_BITS = 14;
const PAGE = 1 << PAGE_BITS;
const IN_PAGE = PAGE - 1;

type Page = Float64Array | Int32Array;

export class RowNumbers {
  private readonly pages: Page[] = [];

  /** `whole`: the numbers are 32-bit integers (kept in half the memory). */
  constructor(private readonly whole = false) {}

  set(row: number, v: number): void {
    const n = row >>> PAGE_BITS;
    while (this.pages.length <= n) this.pages.push(this.whole ? new Int32Array(PAGE) : new Float64Array(PAGE));
    this.pages[n][row & IN_PAGE] = v;
  }

  /** The row's number (0 if never set). */
  get(row: number): number {
    const p = this.pages[row >>> PAGE_BITS];
    return p ? p[row & IN_PAGE] : 0;
  }
}

/**
 * Several 32-bit integers kept by a row side by side: a row's are read together (a
 * contact's event span: its block, offset, length and room), and in a RowNumbers each
 * would be one more memory miss for a random row.
 */
export class RowInts {
  private readonly pages: Int32Array[] = [];

  constructor(private readonly width: number) {}

  set(row: number, k: number, v: number): void {
    const n = row >>> PAGE_BITS;
    while (this.pages.length <= n) this.pages.push(new Int32Array(PAGE * this.width));
    this.pages[n][(row & IN_PAGE) * this.width + k] = v;
  }

  /** The row's k-th number (0 if never set). */
  get(row: number, k: number): number {
    const p = this.pages[row >>> PAGE_BITS];
    return p ? p[(row & IN_PAGE) * this.width + k] : 0;
  }
}
