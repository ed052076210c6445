import type { Condition, WhereCondition } from '../condition/types.js';
import { upperBound, type ContactRecord, type EventRecord } from '../evaluate/index.js';
import type { FieldValue } from '../fields/types.js';
import type { SegmentDef } from '../store/index.js';
import { Interner } from '../store/interner.js';
import { FieldColumns } from './field-columns.js';

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
  /** Ascending by time, packed; `view(names)` gives them to the evaluators. */
  readonly events: PackedEvents;
  /** Replaced, never changed in place: contacts in no segment share one empty set. */
  member: ReadonlySet<string>;
  readonly manual: ReadonlyMap<string, 'include' | 'exclude'>;
}

export const NO_SEGMENTS: ReadonlySet<string> = new Set();
/** Past this many distinct combinations, sets are kept unshared (still exact, only larger). */
const MAX_MEMBER_SETS = 200_000;
export const NO_MANUAL: ReadonlyMap<string, 'include' | 'exclude'> = new Map();

type Values = Readonly<Record<string, FieldValue | null | undefined>>;

export class ContactCache {
  private readonly states = new Map<string, ContactState>();
  private columns = new FieldColumns([]);
  /** Event names by number, for every contact's packed events (see PackedEvents). */
  names = new EventNames();
  private readonly memberSets = new Map<string, ReadonlySet<string>>();

  get size(): number {
    return this.states.size;
  }

  get(id: string): ContactState | undefined {
    return this.states.get(id);
  }

  /** Cache a contact: its values are kept for the fields given to `clear`, the rest dropped. */
  add(id: string, values: Values, state: Omit<ContactState, 'id' | 'row'>): ContactState {
    this.delete(id);
    // Named one by one: a spread builds the object with its fields out of line (a property
    // array more per contact).
    const st: ContactState = { id, row: this.columns.add(values), key: state.key, events: state.events, member: state.member, manual: state.manual };
    this.states.set(id, st);
    return st;
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
    const st = this.states.get(id);
    if (!st) return;
    this.states.delete(id);
    this.columns.release(st.row);
  }

  /** Empty it; from now on it keeps the values of `fields` (those the segments read). */
  clear(fields: readonly string[] = []): void {
    this.states.clear();
    this.columns = new FieldColumns(fields);
    this.names = new EventNames();
    this.memberSets.clear();
  }

  /**
   * One set for each combination of segments: memberships are replaced, never changed in
   * place, and a million contacts fall into a few thousand combinations (a Set each
   * would be a hundred bytes a contact). `current`: the contact's set now, kept when equal.
   */
  members(of: ReadonlySet<string>, current?: ReadonlySet<string>): ReadonlySet<string> {
    if (of.size === 0) return NO_SEGMENTS;
    // Most decisions change nothing: the set already held stands, without building its key.
    if (current && current.size === of.size && sameMembers(current, of)) return current;
    const key = [...of].sort().join('\u0000');
    const held = this.memberSets.get(key);
    if (held) return held;
    if (this.memberSets.size < MAX_MEMBER_SETS) this.memberSets.set(key, of);
    return of;
  }
}

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Event names by number, one table for the whole cache: a contact keeps its events' names
 * as one character each, a string of ten characters where an array of ten references
 * costs six times the memory. Past `limit` names (only crafted input has that many) new
 * names get no number, and a contact holding one keeps its names in an array.
 */
export class EventNames {
  private readonly codes = new Map<string, number>();
  private readonly names: string[] = [];

  constructor(private readonly limit = 0xffff) {}

  /** The name's number, or null once the table is full. */
  code(name: string): number | null {
    let c = this.codes.get(name);
    if (c === undefined) {
      if (this.names.length >= this.limit) return null;
      c = this.names.length;
      this.names.push(name);
      this.codes.set(name, c);
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

/** A contact's event names: a string of numbers from the table, or (past its limit) the names. */
type NameList = string | string[];

/**
 * A contact's events in parallel columns instead of an object each: a million contacts
 * with ten events each are ten million objects (and ten million boxed times) otherwise,
 * most of the live process's memory. Times sit unboxed in a double array, names are one
 * character each, and properties are kept only for contacts that have some.
 */
export class PackedEvents {
  private constructor(
    private readonly ts: number[],
    private names: NameList,
    private props: (Readonly<Record<string, unknown>> | null)[] | null,
  ) {}

  static from(events: readonly EventRecord[], table: EventNames, project: (p: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>> = (p) => p): PackedEvents {
    // Sized once: arrays grown by push keep up to half again their length spare, for
    // every contact in the process.
    const n = events.length;
    const ts: number[] = new Array(n);
    let props: (Readonly<Record<string, unknown>> | null)[] | null = null;
    for (let i = 0; i < n; i++) {
      const e = events[i];
      ts[i] = e.ts;
      const kept = project(e.properties);
      if (hasAny(kept)) (props ??= new Array<Readonly<Record<string, unknown>> | null>(n).fill(null))[i] = kept;
    }
    return new PackedEvents(ts, nameList(events.map((e) => e.name), table), props);
  }

  get length(): number {
    return this.ts.length;
  }

  /** Insert an event where its time puts it (after others at the same time). */
  insert(table: EventNames, name: string, ts: number, properties: Readonly<Record<string, unknown>>): void {
    const lo = upperBound(this.ts, ts);
    const kept = hasAny(properties) ? properties : null;
    if (kept && !this.props) this.props = this.ts.map(() => null);
    const names = namesOf(this.names, table);
    if (lo === this.ts.length) {
      this.ts.push(ts);
      names.push(name);
      this.props?.push(kept);
    } else {
      this.ts.splice(lo, 0, ts);
      names.splice(lo, 0, name);
      this.props?.splice(lo, 0, kept);
    }
    this.names = nameList(names, table);
  }

  /** The events unpacked on demand, for one decision or walk (short-lived). */
  view(table: EventNames): EventView {
    return new EventView(this.ts, this.names, table, this.props);
  }
}

/** Names as one string of table numbers (flat: built at once, never by concatenation), else as they are. */
function nameList(names: string[], table: EventNames): NameList {
  const codes: number[] = new Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const c = table.code(names[i]);
    if (c === null) return names;
    codes[i] = c;
  }
  const CHUNK = 8_192;
  if (codes.length <= CHUNK) return String.fromCharCode(...codes);
  const parts: string[] = [];
  for (let i = 0; i < codes.length; i += CHUNK) parts.push(String.fromCharCode(...codes.slice(i, i + CHUNK)));
  return parts.join('');
}

function namesOf(list: NameList, table: EventNames): string[] {
  if (typeof list !== 'string') return [...list];
  const out: string[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = table.name(list.charCodeAt(i));
  return out;
}

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

  constructor(readonly times: readonly number[], private readonly names: NameList, private readonly table: EventNames,
    private readonly props: readonly (Readonly<Record<string, unknown>> | null)[] | null) {}

  /** Every event, ascending. */
  get events(): EventRecord[] {
    return (this.every ??= this.pick(null));
  }

  /** The events whose name is one of `names` (null: any), ascending, the same objects as `events`. */
  readonly named = (names: readonly (string | null)[]): readonly EventRecord[] => {
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
    if (typeof this.names === 'string') {
      // Codes are compared, not names: a name the table does not hold has no events here.
      const code = this.table.codeOf(name);
      if (code !== undefined) for (let i = 0; i < this.times.length; i++) if (this.names.charCodeAt(i) === code) list.push(this.times[i]);
    } else {
      for (let i = 0; i < this.times.length; i++) if (this.names[i] === name) list.push(this.times[i]);
    }
    byName.push({ name, list });
    return list;
  };

  private nameAt(i: number): string {
    return typeof this.names === 'string' ? this.table.name(this.names.charCodeAt(i)) : this.names[i];
  }

  private pick(keep: ((name: string) => boolean) | null): EventRecord[] {
    const out: EventRecord[] = [];
    const built = (this.built ??= new Array<EventRecord | undefined>(this.times.length));
    for (let i = 0; i < this.times.length; i++) {
      const name = this.nameAt(i);
      if (keep && !keep(name)) continue;
      out.push((built[i] ??= { name, ts: this.times[i], properties: this.props?.[i] ?? EMPTY }));
    }
    return out;
  }
}

function hasAny(o: Readonly<Record<string, unknown>>): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

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

/**
 * Keep only the properties of `keys` (the store's scan does the same in SQL), one object
 * for equal sets of kept values, as the scan does.
 */
export function propertyProjection(keys: readonly string[]): (props: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>> {
  const shared = new Interner();
  return (props) => {
    let out: Record<string, unknown> | null = null;
    for (const k of keys) {
      if (Object.prototype.hasOwnProperty.call(props, k)) (out ??= {})[k] = props[k];
    }
    return out ? shared.props(out) : EMPTY;
  };
}
