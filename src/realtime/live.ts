import type { Workspace } from '../engine/index.js';
import type { ChangeCause, ChangeRecord, ContactWrite, EventWrite } from '../store/index.js';

// The live workspace a server runs: every write is group-committed, memberships follow it
// at once, time-driven changes fall due on the clock, and every membership change is
// written once to the change log and handed to subscribers in log order.

export type { ChangeCause, ChangeRecord };

export interface WriteBatch {
  /** Checked contact writes (merge semantics of the import: only given keys change). */
  readonly contacts?: readonly ContactWrite[];
  readonly events?: readonly EventWrite[];
  /** Anonymous → known: events, fields and memberships of `from` move to `into` (fields of `into` win). */
  readonly merges?: readonly { readonly from: string; readonly into: string }[];
}

export interface WriteResult {
  readonly contactsInserted: number;
  readonly contactsUpdated: number;
  readonly eventsInserted: number;
  readonly duplicates: number;
  readonly contactsCreated: number;
  readonly merged: number;
  /** Membership changes this write caused, already in the log. */
  readonly changes: readonly ChangeRecord[];
}

export interface ReadOptions {
  /** Bookkeeping nobody waits for (the webhook worker's): it runs only when nothing else waits for the store. */
  readonly background?: boolean;
}

export interface UpcomingChange {
  readonly contactId: string;
  readonly change: 'entered' | 'left';
  readonly at: number;
}

export interface Live {
  /** The clock every evaluation uses: the wall clock, or a fixed one moved by `setClock`. */
  now(): number;
  readonly fixedClock: boolean;
  /** Read through the workspace at the current clock; serialised with writes. */
  read<T>(fn: (ws: Workspace) => Promise<T>, opts?: ReadOptions): Promise<T>;
  /**
   * Any other change through the workspace (settings, fields, segment definitions, manual
   * include/exclude, file imports): run alone, then memberships are brought up to date
   * and their changes logged before it resolves.
   */
  mutate<T>(fn: (ws: Workspace) => Promise<T>): Promise<T>;
  /** Contacts, events and merges: acknowledged once durable, memberships already updated. */
  write(batch: WriteBatch): Promise<WriteResult>;
  /** Erase a contact, its events, manual decisions and membership history. False when unknown. */
  deleteContact(id: string): Promise<boolean>;
  /** Move a fixed clock forward, applying every boundary crossed on the way at its own time, in order. */
  setClock(now: number): Promise<{ readonly applied: number }>;
  /** Who will enter or leave `alias` within `days` without new data, and when. */
  upcoming(alias: string, days: number): Promise<UpcomingChange[]>;
  /** The change log after a cursor (0: from the start), oldest first. */
  changes(q: { readonly after?: number; readonly limit: number; readonly segment?: string }, opts?: ReadOptions): Promise<{ changes: ChangeRecord[]; next: number }>;
  /** Called with each group of new changes, in log order, after they are durable. */
  subscribe(listener: (changes: readonly ChangeRecord[]) => void): () => void;
  close(): Promise<void>;
}
