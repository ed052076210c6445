import type { EventRecord } from '../evaluate/index.js';
import type { FieldValue } from '../fields/types.js';
import { FieldColumns } from './field-columns.js';
import { RowInts } from './row-numbers.js';
import { detached } from './detached.js';

// Every cached contact's events in a few shared columns instead of objects of its own: on a
// million contacts, an array of times, a name list, a property list and their headers per
// contact were most of the objects a full garbage collection marks (about ten of the
// fifteen a contact), and marking them was the server's longest pause. Here a contact's
// events are a span of slots in a block of typed columns — times in a double array, name
// numbers in an integer array, and for an event with properties some segment reads, the
// number of its row in columns of those properties (numbers unboxed, repeated texts
// shared) — and its span's block, where it starts, how long it is and how much room it
// has are four integers kept by the contact's row.

type Props = Readonly<Record<string, unknown>>;

/** The arena is compacted once abandoned slots outnumber held ones and pass this many. */
const COMPACT_FLOOR = 1 << 16;
/** Where a row's span numbers sit side by side (see `EventArena.span`). */
const BLK = 0, OFF = 1, LEN = 2, CAP = 3;
/** A slot's property row when its event kept no property. */
const NONE = -1;

/**
 * Event names by number, one table for the whole arena. Codes are never reused while the
 * table lives (the cache starts a new one when it is emptied).
 */
export class EventNames {
  private readonly codes = new Map<string, number>();
  private readonly names: string[] = [];

  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.names.length;
      const kept = detached(name);
      this.names.push(kept);
      this.codes.set(kept, c);
    }
    return c;
  }

  name(code: number): string {
    return this.names[code];
  }

  /** The name's number if it has one (never adds it). */
  codeOf(name: string): number | undefined {
    return this.codes.get(name);
  }
}

/**
 * Slots a block holds: the arena grows a block at a time and never copies what it holds to
 * grow. (It was one set of columns grown by half again when full, copied whole while every
 * write waited: 130–250 ms on S's million events; on M's ten million, ~240 MB allocated.)
 */
const BLOCK = 1 << 16;

/** Slots in three columns: each event's time, its name's number and its row in the property columns (or NONE). */
interface Block {
  readonly times: Float64Array;
  readonly codes: Int32Array;
  readonly rows: Int32Array;
  /** The first slot no span has used. */
  top: number;
}

function newBlock(size: number): Block {
  return { times: new Float64Array(size), codes: new Int32Array(size), rows: new Int32Array(size), top: 0 };
}

/** Below this many slots a span is copied slot by slot (see copySpan). */
const SHORT_SPAN = 64;

function copySpan(from: Block, off: number, len: number, to: Block, at: number): void {
  // Most spans are a few dozen events: three subarrays and three sets cost more than the
  // copy (every contact's first new event moves its span, since the scan leaves no room).
  if (len < SHORT_SPAN) {
    for (let i = 0; i < len; i++) {
      to.times[at + i] = from.times[off + i];
      to.codes[at + i] = from.codes[off + i];
      to.rows[at + i] = from.rows[off + i];
    }
    return;
  }
  to.times.set(from.times.subarray(off, off + len), at);
  to.codes.set(from.codes.subarray(off, off + len), at);
  to.rows.set(from.rows.subarray(off, off + len), at);
}

export class EventArena {
  readonly names = new EventNames();
  /** The kept properties of events that have some, a row each. */
  private readonly props: FieldColumns;
  /**
   * `keys`: the properties kept (those some segment reads, top-level keys and dotted paths
   * as written); `compactFloor`: abandoned slots below which compacting is never worth it;
   * `blockSize`: slots a block holds (a span longer than that gets a block of its own).
   */
  constructor(private readonly keys: readonly string[] = [], private readonly compactFloor = COMPACT_FLOOR, private readonly blockSize = BLOCK) {
    this.props = new FieldColumns(keys);
  }

  private blocks: Block[] = [];
  /** By contact row, side by side: the block of its span, where the span starts there, how many events it holds, and room for how many. */
  private readonly span = new RowInts(4);
  /** Slots spans hold (room included). */
  private holding = 0;
  /** Slots used once that no span holds (left by a move or a release, or a block's unused end). */
  private abandoned = 0;

  /** Slots held by spans. */
  get held(): number {
    return this.holding;
  }

  /** Give the contact of row `row` these events (sorted by time or not), at the end of the arena, with no spare room. */
  place(row: number, events: readonly EventRecord[]): void {
    const n = events.length;
    const sorted = isSorted(events) ? events : [...events].sort((a, b) => a.ts - b.ts);
    const b = this.claim(row, n);
    const off = this.span.get(row, OFF);
    for (let i = 0; i < n; i++) {
      const e = sorted[i];
      b.times[off + i] = e.ts;
      b.codes[off + i] = this.names.code(e.name);
      b.rows[off + i] = this.row(e.properties);
    }
    this.span.set(row, LEN, n);
  }

  /** Add an event to the contact of row `row` where its time puts it (after others at the same time). */
  insert(row: number, name: string, ts: number, properties: Props): void {
    const held = this.span.get(row, LEN);
    if (held === this.span.get(row, CAP)) this.move(row, held + Math.max(4, held >> 1));
    const b = this.blocks[this.span.get(row, BLK)];
    const off = this.span.get(row, OFF), len = this.span.get(row, LEN);
    const end = off + len;
    let at = off, hi = end;
    while (at < hi) {
      const mid = (at + hi) >>> 1;
      if (b.times[mid] <= ts) at = mid + 1;
      else hi = mid;
    }
    if (at < end) {
      b.times.copyWithin(at + 1, at, end);
      b.codes.copyWithin(at + 1, at, end);
      b.rows.copyWithin(at + 1, at, end);
    }
    b.times[at] = ts;
    b.codes[at] = this.names.code(name);
    b.rows[at] = this.row(properties);
    this.span.set(row, LEN, len + 1);
  }

  /** The contact's slots are no longer held. */
  release(row: number): void {
    const off = this.span.get(row, OFF), len = this.span.get(row, LEN);
    const b = this.blocks[this.span.get(row, BLK)];
    if (b) for (let i = off; i < off + len; i++) if (b.rows[i] !== NONE) this.props.release(b.rows[i]);
    this.abandon(row);
    this.span.set(row, LEN, 0);
  }

  /** Whether enough slots are abandoned that `compact` is worth its copy. */
  get wasteful(): boolean {
    return this.abandoned > this.compactFloor && this.abandoned > this.holding;
  }

  /**
   * Copy every held span into fresh blocks, in the order given, without spare room; `held`
   * must be the row of every contact the arena holds. Views taken before keep reading the old blocks.
   */
  compact(held: Iterable<number>): void {
    const old = this.blocks;
    this.blocks = [];
    this.holding = 0;
    this.abandoned = 0;
    for (const r of held) {
      const from = old[this.span.get(r, BLK)], off = this.span.get(r, OFF), len = this.span.get(r, LEN);
      const to = this.claim(r, len);
      if (from && len) copySpan(from, off, len, to, this.span.get(r, OFF));
    }
  }

  /** The contact's events as the evaluators read them: valid until its events next change. */
  view(row: number): EventView {
    const b = this.blocks[this.span.get(row, BLK)] ?? EMPTY_BLOCK;
    const off = this.span.get(row, OFF);
    return new EventView(b.times.subarray(off, off + this.span.get(row, LEN)), b.codes, b.rows, off, this.names, this.props);
  }

  /** Move the contact's span to the end with room for `cap` events. */
  private move(row: number, cap: number): void {
    const from = this.blocks[this.span.get(row, BLK)], off = this.span.get(row, OFF), len = this.span.get(row, LEN);
    this.abandon(row);
    const to = this.claim(row, cap);
    if (from && len) copySpan(from, off, len, to, this.span.get(row, OFF));
  }

  /** The room of the contact's span is given up (its block, offset and length stay readable until claimed again). */
  private abandon(row: number): void {
    const cap = this.span.get(row, CAP);
    this.holding -= cap;
    this.abandoned += cap;
    this.span.set(row, CAP, 0);
  }

  /** `n` slots at the end for the contact of row `row` (a new block when the last one has no room): its span's block. */
  private claim(row: number, n: number): Block {
    let at = this.blocks.length - 1;
    let b = this.blocks[at];
    if (!b || b.top + n > b.times.length) {
      // The rest of a full block is never used.
      if (b) this.abandoned += b.times.length - b.top;
      b = newBlock(Math.max(n, this.blockSize));
      at = this.blocks.push(b) - 1;
    }
    this.span.set(row, BLK, at);
    this.span.set(row, OFF, b.top);
    this.span.set(row, CAP, n);
    b.top += n;
    this.holding += n;
    return b;
  }

  /** A row holding the kept properties of `p`, or NONE when it has none of them. */
  private row(p: Props): number {
    for (const k of this.keys) if (Object.hasOwn(p, k)) return this.props.add(p as Readonly<Record<string, FieldValue>>);
    return NONE;
  }
}

const EMPTY_BLOCK: Block = newBlock(0);

function isSorted(events: readonly EventRecord[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i - 1].ts > events[i].ts) return false;
  return true;
}

const EMPTY: Props = Object.freeze({});

/**
 * A contact's events as records, each built once and only when read: deciding a write or
 * walking a forecast mostly reads one or two event names, and unpacking every event of
 * every contact was most of that work (and of the garbage).
 */
export class EventView {
  // Made on first use: most views are read for a name or two, or only for their times.
  private built: (EventRecord | undefined)[] | null = null;
  private every: EventRecord[] | null = null;
  /** Lists asked for by one name, kept in a short list (a view is read for a name or two: a Map each cost more than the lookups). */
  private byName: { readonly name: string; readonly list: EventRecord[] }[] | null = null;
  private timesByName: { readonly name: string; readonly list: number[] }[] | null = null;

  constructor(readonly times: Float64Array, private readonly codes: Int32Array, private readonly rows: Int32Array,
    private readonly off: number, private readonly table: EventNames, private readonly props: FieldColumns) {}

  /** Every event, ascending. */
  get events(): EventRecord[] {
    return (this.every ??= this.pick(null));
  }

  /** The events whose name is one of `names` (null: any), ascending, the same objects as `events`. */
  readonly eventsNamed = (names: readonly (string | null)[]): readonly EventRecord[] => {
    if (names.length === 1 && names[0] !== null) {
      const name = names[0];
      const byName = (this.byName ??= []);
      for (const e of byName) if (e.name === name) return e.list;
      const list = this.pick((n) => n === name);
      byName.push({ name, list });
      return list;
    }
    return names.includes(null) ? this.events : this.pick((n) => names.includes(n));
  };

  /** The times of the events of one name, ascending, without building the events. */
  readonly timesNamed = (name: string): readonly number[] => {
    const byName = (this.timesByName ??= []);
    for (const e of byName) if (e.name === name) return e.list;
    const list: number[] = [];
    // Codes are compared, not names: a name the table does not hold has no events here.
    const code = this.table.codeOf(name);
    if (code !== undefined) for (let i = 0; i < this.times.length; i++) if (this.codes[this.off + i] === code) list.push(this.times[i]);
    byName.push({ name, list });
    return list;
  };

  private pick(keep: ((name: string) => boolean) | null): EventRecord[] {
    const out: EventRecord[] = [];
    const built = (this.built ??= new Array<EventRecord | undefined>(this.times.length));
    for (let i = 0; i < this.times.length; i++) {
      const name = this.table.name(this.codes[this.off + i]);
      if (keep && !keep(name)) continue;
      const row = this.rows[this.off + i];
      out.push((built[i] ??= { name, ts: this.times[i], properties: row === NONE ? EMPTY : this.props.view(row) }));
    }
    return out;
  }
}
