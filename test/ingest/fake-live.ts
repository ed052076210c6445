import { Workspace } from '../../src/engine/index.js';
import { SegmintError, issue } from '../../src/errors.js';
import type { Live, WriteBatch, WriteResult } from '../../src/realtime/live.js';
import { DuckDBStore } from '../../src/store/index.js';

// A stand-in for the live workspace over a real store in memory: writes land in the store
// one after another, with no memberships. `failWhen` makes a write throw, `busy` refuses
// every write as the real one does when too much waits.

export interface FakeLive extends Live {
  readonly store: DuckDBStore;
  readonly writes: WriteBatch[];
  failWhen: ((b: WriteBatch) => boolean) | null;
  busy: boolean;
  /** While set, writes wait for it. */
  hold: Promise<void> | null;
}

export async function fakeLive(now = Date.parse('2026-03-15T12:00:00Z')): Promise<FakeLive> {
  const store = await DuckDBStore.open(':memory:');
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn);
    queue = p.catch(() => undefined);
    return p;
  };
  const live: FakeLive = {
    store,
    writes: [],
    failWhen: null,
    busy: false,
    hold: null,
    fixedClock: true,
    now: () => now,
    read: (fn) => serial(async () => fn(await Workspace.open(store, now))),
    mutate: (fn) => serial(async () => fn(await Workspace.open(store, now))),
    write(batch: WriteBatch): Promise<WriteResult> {
      if (live.busy) return Promise.reject(new SegmintError(issue('busy', 'too many writes waiting; retry shortly', '')));
      const hold = live.hold;
      return serial(async () => {
        if (hold) await hold;
        if (live.failWhen?.(batch)) throw new Error('the store refused this write');
        live.writes.push(batch);
        const c = await store.writeContacts(batch.contacts ?? [], now);
        const e = await store.writeEvents(batch.events ?? [], now);
        let merged = 0;
        for (const m of batch.merges ?? []) if (await store.mergeContact(m.from, m.into, now)) merged++;
        return { contactsInserted: c.inserted, contactsUpdated: c.updated, eventsInserted: e.inserted, duplicates: e.duplicates, contactsCreated: e.contactsCreated, merged, changes: [] };
      });
    },
    deleteContact: () => Promise.resolve(false),
    setClock: () => Promise.resolve({ applied: 0 }),
    upcoming: () => Promise.resolve([]),
    changes: () => Promise.resolve({ changes: [], next: 0 }),
    subscribe: () => () => undefined,
    close: () => store.close(),
  };
  return live;
}
