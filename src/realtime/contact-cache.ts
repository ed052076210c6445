import type { Condition, WhereCondition } from '../condition/types.js';
import type { ContactRecord, EventRecord } from '../evaluate/index.js';
import type { FieldValue } from '../fields/types.js';
import type { SegmentDef } from '../store/index.js';
import { EventArena, type EventView } from './event-arena.js';
import { FieldColumns } from './field-columns.js';
import { RowNumbers } from './row-numbers.js';
import { detached } from './detached.js';

// What the live path knows of each contact, so a write is decided without reading the
// store back: the values of the fields some segment reads, its events (only the
// properties some segment reads), the segments it is in and the hand-made decisions about it. Filled by the scheduler's scan
// and by the first write of a contact; emptied whenever definitions, fields or data
// change outside the live path (the scan fills it again).

export interface ContactState {
  readonly id: string;
  /** Its row in the cache's field columns (`ContactCache.record` reads it back). */
  readonly row: number;
  /** The store's key for it (what its memberships and changes are logged under). */
  readonly key: number;
  /** Replaced, never changed in place: contacts in no segment share one empty set. */
  member: ReadonlySet<string>;
  readonly manual: ReadonlyMap<string, 'include' | 'exclude'>;
}

export const NO_SEGMENTS: ReadonlySet<string> = new Set();
/** Past this many distinct combinations, sets are kept unshared (still exact, only larger). */
const MAX_MEMBER_SETS = 200_000;
export const NO_MANUAL: ReadonlyMap<string, 'include' | 'exclude'> = new Map();

type Values = Readonly<Record<string, FieldValue | null | undefined>>;

/** What the cache keeps by row besides field values and events. */
interface Rows {
  readonly keys: RowNumbers;
  /** Shared sets (see `members`), by row. */
  readonly member: ReadonlySet<string>[];
  /** Only for rows with manual decisions. */
  readonly manual: Map<number, ReadonlyMap<string, 'include' | 'exclude'>>;
}

/**
 * A cached contact as one write or walk reads it, made when asked for: the cache holds no
 * object a contact but its id (the state is in columns by row, the events in the arena),
 * because every object it holds is one more for each full garbage collection to mark.
 */
class Handle implements ContactState {
  constructor(readonly id: string, readonly row: number, private readonly rows: Rows) {}

  get key(): number {
    return this.rows.keys.get(this.row);
  }

  get member(): ReadonlySet<string> {
    return this.rows.member[this.row];
  }

  set member(m: ReadonlySet<string>) {
    this.rows.member[this.row] = m;
  }

  get manual(): ReadonlyMap<string, 'include' | 'exclude'> {
    return this.rows.manual.get(this.row) ?? NO_MANUAL;
  }
}

/** What a contact is cached with: its events (ascending by time) rather than where they sit. */
export interface CachedContact {
  readonly key: number;
  readonly events: readonly EventRecord[];
  readonly member: ReadonlySet<string>;
  readonly manual: ReadonlyMap<string, 'include' | 'exclude'>;
}

export class ContactCache {
  /** Each cached contact's row. */
  private readonly index = new Map<string, number>();
  private columns = new FieldColumns([]);
  private rows: Rows = { keys: new RowNumbers(), member: [], manual: new Map() };
  private arena = new EventArena();
  private readonly memberSets = new Map<string, ReadonlySet<string>>();
  /** Each row's contact id, the cache's own copy: handles carry it, and it tells whether a handle is still current without a lookup in the index. */
  private rowIds: (string | undefined)[] = [];

  get size(): number {
    return this.index.size;
  }

  get(id: string): ContactState | undefined {
    const row = this.index.get(id);
    // The id the cache keeps, not the one asked with (a piece of some request body).
    return row === undefined ? undefined : new Handle(this.rowIds[row] as string, row, this.rows);
  }

  /** Cache a contact: its values and event properties are kept for the fields and properties given to `clear`, the rest dropped. */
  add(given: string, values: Values, state: CachedContact): ContactState {
    this.delete(given);
    const id = detached(given);
    const row = this.columns.add(values);
    this.rows.keys.set(row, state.key);
    this.rows.member[row] = state.member;
    if (state.manual.size) this.rows.manual.set(row, state.manual);
    this.arena.place(row, state.events);
    this.index.set(id, row);
    this.rowIds[row] = id;
    return new Handle(id, row, this.rows);
  }

  /** Whether the contact a handle was made for is still cached in that row. */
  holds(st: ContactState): boolean {
    return this.rowIds[st.row] === st.id;
  }

  /** A new event of a cached contact. */
  insertEvent(st: ContactState, name: string, ts: number, properties: Readonly<Record<string, unknown>>): void {
    this.arena.insert(st.row, name, ts, properties);
    this.tidy();
  }

  /** The contact's events as the evaluators read them: valid until its events next change. */
  events(st: ContactState): EventView {
    return this.arena.view(st.row);
  }

  /** A write to the contact's fields: the given keys change, the others stay. */
  write(st: ContactState, values: Values): void {
    this.columns.write(st.row, values);
  }

  /** The contact as the evaluators read it (built for each decision; dropped after it). */
  record(st: ContactState): ContactRecord {
    return { id: st.id, values: this.columns.view(st.row) };
  }

  delete(id: string): void {
    const row = this.index.get(id);
    if (row === undefined) return;
    this.index.delete(id);
    this.rowIds[row] = undefined;
    this.arena.release(row);
    this.rows.member[row] = NO_SEGMENTS;
    this.rows.manual.delete(row);
    this.columns.release(row);
    this.tidy();
  }

  /** Compact the arena once moves and releases have left more room abandoned than held. */
  private tidy(): void {
    if (this.arena.wasteful) this.arena.compact(this.index.values());
  }

  /** Empty it; from now on it keeps the values of `fields` and the event properties `properties` (those the segments read). */
  clear(fields: readonly string[] = [], properties: readonly string[] = []): void {
    this.index.clear();
    this.rowIds = [];
    this.columns = new FieldColumns(fields);
    this.rows = { keys: new RowNumbers(), member: [], manual: new Map() };
    this.arena = new EventArena(properties);
    this.memberSets.clear();
  }

  /**
   * One set for each combination of segments: memberships are replaced, never changed in
   * place, and a million contacts fall into a few thousand combinations (a Set each
   * would be a hundred bytes a contact). `current`: the contact's set now, kept when equal.
   * `of` is copied when kept (the caller may reuse it).
   */
  members(of: ReadonlySet<string>, current?: ReadonlySet<string>): ReadonlySet<string> {
    if (of.size === 0) return NO_SEGMENTS;
    // Most decisions change nothing: the set already held stands, without building its key.
    if (current && current.size === of.size && sameMembers(current, of)) return current;
    const key = [...of].sort().join('\u0000');
    const held = this.memberSets.get(key);
    if (held) return held;
    const kept = new Set(of);
    if (this.memberSets.size < MAX_MEMBER_SETS) this.memberSets.set(key, kept);
    return kept;
  }
}

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** The event property keys some segment reads: top-level keys and dotted paths as written. */
export function propertyKeys(defs: readonly SegmentDef[]): string[] {
  const keys = new Set<string>();
  const where = (w: WhereCondition | undefined): void => {
    if (!w) return;
    switch (w.type) {
      case 'and': case 'or': w.conditions.forEach(where); return;
      case 'not': where(w.condition); return;
      case 'field': keys.add(w.field).add(w.field.split('.')[0]); return;
    }
  };
  const walk = (c: Condition): void => {
    switch (c.type) {
      case 'and': case 'or': c.conditions.forEach(walk); return;
      case 'not': walk(c.condition); return;
      case 'event': where(c.where); if (c.property) keys.add(c.property).add(c.property.split('.')[0]); return;
      case 'sequence': c.steps.forEach((s) => where(s.where)); return;
      case 'all': case 'field': case 'segment': case 'sample': return;
    }
  };
  for (const d of defs) if (d.condition) walk(d.condition);
  return [...keys];
}
