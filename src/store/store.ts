import type { Condition } from '../condition/types.js';
import type { ContactRecord, EventRecord } from '../evaluate/index.js';
import type { FieldDef, FieldValue } from '../fields/index.js';
import type { CompiledQuery } from '../sql/compiler.js';
import type { Dialect } from '../sql/dialect.js';

// The narrow surface the engine needs from a store. A second store (PostgreSQL) is a
// second implementation of this interface with its own Dialect, nothing more.

export interface SegmentDef {
  readonly alias: string;
  readonly name: string;
  readonly description: string | null;
  readonly category: string | null;
  readonly kind: 'dynamic' | 'manual';
  readonly condition: Condition | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A contact write: only the keys present are changed (null clears a value). */
export interface ContactWrite {
  readonly id: string;
  readonly values: Readonly<Record<string, FieldValue | null>>;
}

export interface EventWrite {
  readonly contactId: string;
  readonly name: string;
  readonly ts: number;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly messageId: string | null;
}

/**
 * One chunk of a scan: its ids up front (to read what else is needed for them first), its
 * contacts built one by one as `forEach` reaches them. A contact not kept is garbage by the
 * next one, so the JS heap never holds a whole chunk's rows and records at once.
 */
export interface ScanChunk {
  readonly ids: readonly string[];
  forEach(visit: (contact: StoredContact) => void): void;
}

export interface ScanOptions {
  /**
   * Only these top-level event property keys are read (a key missing from an event stays
   * missing); the others are left in the store. Default: every property.
   */
  readonly properties?: readonly string[];
  /** Only these fields of each contact are read (and its id); default every field. */
  readonly fields?: readonly string[];
}

/** Why a membership changed. */
export type ChangeCause = 'data' | 'time' | 'manual' | 'definition';

/** One row of the durable change log; `id` grows with every change and is the cursor. */
export interface ChangeRecord {
  readonly id: number;
  readonly segment: string;
  readonly contactId: string;
  readonly change: 'entered' | 'left';
  /** When it happened: for a time-driven change, the instant its boundary was crossed. */
  readonly at: number;
  readonly cause: ChangeCause;
}

export interface MembershipChange {
  readonly segment: string;
  readonly contactId: string;
  readonly change: 'entered' | 'left';
  readonly at: number;
}

/** When each changed contact crossed its boundary; contacts not in the map change at the rebuild's clock. */
export type ChangeTimes = (diff: readonly { contactId: string; change: 'entered' | 'left' }[], evaluatedAt: number | null) => Promise<ReadonlyMap<string, number>>;

export interface RebuildResult {
  readonly entered: number;
  readonly left: number;
  readonly total: number;
}

/** A contact as stored: its values, its events ascending by time, and the integer key memberships and the change log know it by. */
export interface StoredContact {
  readonly contact: ContactRecord;
  readonly events: EventRecord[];
  readonly key: number;
}

/** Plain SQL for the store's own side tables (keys, webhooks, versions): modules under src/store only. */
export interface SqlRunner {
  rows(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** The number of rows a statement inserted, updated or deleted. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface Store {
  readonly dialect: Dialect;
  readonly sql: SqlRunner;
  close(): Promise<void>;
  /**
   * Goes up with every write of data a membership depends on (settings, fields, contacts,
   * events, definitions, manual decisions), never with membership writes themselves.
   */
  dataVersion(): number;

  /** Run several writes as one: all of them land, or none. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: start on the writes it holds for its COMMIT now, without waiting,
   * when they will not be journaled (a store may do nothing). What fails surfaces at the
   * transaction's next call into the store, or its end.
   */
  sendAhead(): void;

  /** Bytes of committed writes held in the write-ahead log, not yet in the database file (0 in memory). */
  walBytes(): number;
  /** Move the write-ahead log into the database file now; false when it cannot be done at once (another connection's transaction is open). */
  checkpoint(): Promise<boolean>;

  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;

  listFields(): Promise<FieldDef[]>;
  /** Declare or update fields; a changed type of a field that holds values is refused. */
  applyFields(defs: readonly FieldDef[]): Promise<{ added: number; updated: number }>;

  /** Upsert contacts in one transaction; `now` stamps `created_at` of new ones. */
  writeContacts(rows: readonly ContactWrite[], now: number): Promise<{ inserted: number; updated: number }>;
  /** Insert events in one transaction: repeated message ids are skipped, unknown contacts created. */
  writeEvents(rows: readonly EventWrite[], now: number): Promise<{ inserted: number; duplicates: number; contactsCreated: number }>;
  /** Bulk variants over staged files (staged.ts): all rows of all files land in one transaction. */
  writeContactFiles(files: readonly string[], keys: readonly string[], now: number): Promise<{ inserted: number; updated: number }>;
  writeEventFiles(files: readonly string[], now: number): Promise<{ inserted: number; duplicates: number; contactsCreated: number }>;
  /** Reorganise stored events for fast scans (large writes do it themselves). Changes no result. */
  clusterEvents(): Promise<void>;
  existingContactIds(ids: readonly string[]): Promise<Set<string>>;
  /**
   * The live path's insert, inside the caller's transaction: `rows` are events the caller
   * found new (no stored or earlier message id), `newContacts` ids it found absent, created
   * first with `created_at` = now. Answers the keys of the contacts it created.
   */
  appendEvents(rows: readonly EventWrite[], newContacts: readonly string[], now: number): Promise<ReadonlyMap<string, number>>;
  /** Which of these message ids the store holds (exact). */
  storedMessageIds(ids: readonly string[]): Promise<Set<string>>;
  /** Every stored message id, in chunks, read beside writes on a connection of its own. */
  scanMessageIds(fn: (ids: string[]) => boolean | void): Promise<void>;
  countContacts(): Promise<number>;
  /**
   * Hand back to the system what the store keeps of data it read (its cache of blocks and
   * its allocator's spare memory), e.g. once a long-running process has read every contact.
   */
  releaseMemory(): Promise<void>;
  /** Run the store's own queries on at most this many threads from now on (1 or more). */
  useThreads(n: number): Promise<void>;
  /**
   * From now on a transaction that only adds rows the store can carry as text is durable,
   * and returns, once it is in the store's journal; it reaches the tables before anything
   * reads or writes them (and shortly after in any case). A store without a journal ignores it.
   */
  journalCommits(): void;
  /**
   * Resolves once every journaled transaction is in the tables (at once without a journal).
   * Not needed for correctness (every read applies them first): a caller about to hold
   * others up while it reads waits here first, so its read finds little left to apply.
   */
  caughtUp(): Promise<void>;

  /** Contacts (all when `ids` is omitted), with their events in ascending time order. */
  loadContacts(ids?: readonly string[]): Promise<StoredContact[]>;
  /** Every contact with its events, `chunk` contacts at a time, read beside writes (they do not wait); `fn` answers false to stop. */
  scanContacts(chunk: number, fn: (contacts: ScanChunk) => Promise<boolean | void>, opts?: ScanOptions): Promise<void>;

  listSegments(): Promise<SegmentDef[]>;
  saveSegments(defs: readonly SegmentDef[]): Promise<void>;
  deleteSegment(alias: string): Promise<void>;

  /** Record hand-made decisions; `reset` forgets them, handing the contacts back to the condition. */
  setManual(segment: string, ids: readonly string[], mode: 'include' | 'exclude' | 'reset'): Promise<void>;
  manual(segment: string): Promise<{ include: string[]; exclude: string[] }>;

  /** Ids (column `id`) of a query over contacts, such as a compiled condition. */
  queryIds(q: CompiledQuery): Promise<string[]>;
  countQuery(q: CompiledQuery): Promise<number>;
  /**
   * Make a segment's membership (query ∪ included) \ excluded; record every difference
   * from the stored membership once, at `at` or at the time `timeOf` gives for a contact.
   * Writes nothing when nothing changed.
   */
  rebuildMembership(segment: string, query: CompiledQuery | null, at: number, timeOf?: ChangeTimes, cause?: ChangeCause): Promise<RebuildResult>;
  /** Segment aliases each of these contacts is a member of. */
  membershipsOf(ids: readonly string[]): Promise<Map<string, Set<string>>>;
  /** Hand-made decisions about these contacts: contact → segment → mode. */
  manualOf(ids: readonly string[]): Promise<Map<string, Map<string, 'include' | 'exclude'>>>;
  /**
   * Apply membership changes decided contact by contact and log them, in the given order.
   * `keys`: the stored keys of their contacts (`StoredContact.key`), when the caller holds
   * them: the store then need not look every id up among all contacts.
   */
  recordChanges(changes: readonly (MembershipChange & { readonly cause: ChangeCause })[], keys?: ReadonlyMap<string, number>): Promise<ChangeRecord[]>;
  /**
   * Every segment's membership is exact at `at` (the live path keeps them so): a rebuild
   * after a restart looks for boundaries crossed since then.
   */
  markEvaluated(at: number): Promise<void>;
  /** The log after a cursor, oldest first. */
  changesAfter(after: number, limit: number, segment?: string): Promise<ChangeRecord[]>;
  /** Erase a contact: its row, events, manual decisions, memberships and log. False when unknown. */
  deleteContact(id: string): Promise<boolean>;
  /**
   * Fold contact `from` into `into` (created when missing): events move, a field `into`
   * lacks takes `from`'s value, tags join, hand-made decisions move; `from` is erased with
   * its memberships and log (the caller re-evaluates `into`). The merge is recorded.
   * False when `from` is unknown.
   */
  mergeContact(from: string, into: string, at: number): Promise<boolean>;
  members(segment: string): Promise<string[]>;
  memberCounts(): Promise<Map<string, number>>;
  isMember(segment: string, contactId: string): Promise<boolean>;
  changes(segment?: string): Promise<MembershipChange[]>;
  /** Rows of members for export. */
  memberRows(segment: string): Promise<Record<string, unknown>[]>;
}
