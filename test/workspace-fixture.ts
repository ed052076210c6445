import type { Workspace as WorkspaceT } from '../src/engine/index.js';
import { Workspace } from '../src/engine/index.js';
import { DuckDBStore } from '../src/store/index.js';
import type { FieldDef } from '../src/fields/index.js';
import type { ContactWrite, EventWrite } from '../src/store/index.js';
import { coerceValue, FieldRegistry } from '../src/fields/index.js';
import { parseIsoDateTime } from '../src/time/index.js';

// A real embedded store in memory, filled through the same writes an import makes.

export interface FixtureContact { id: string; [key: string]: unknown }
export interface FixtureEvent { contact_id: string; name: string; ts: string; properties?: Record<string, unknown>; message_id?: string }

export interface Fixture {
  readonly store: DuckDBStore;
  /** A workspace at the given clock over the same store. */
  at(now: string): Promise<WorkspaceT>;
  close(): Promise<void>;
}

export async function fixture(opts: { tz?: string; fields?: FieldDef[]; contacts?: FixtureContact[]; events?: FixtureEvent[] }): Promise<Fixture> {
  const store = await DuckDBStore.open(':memory:');
  const tz = opts.tz ?? 'UTC';
  await store.setSetting('timezone', tz);
  if (opts.fields?.length) await store.applyFields(opts.fields);
  const registry = new FieldRegistry(opts.fields ?? []);
  const writes: ContactWrite[] = (opts.contacts ?? []).map(({ id, ...rest }) => {
    const values: Record<string, ContactWrite['values'][string]> = {};
    for (const [k, raw] of Object.entries(rest)) {
      const f = registry.get(k);
      if (!f) throw new Error(`fixture: unknown field ${k}`);
      const c = coerceValue(f, raw, tz);
      if (!c.ok) throw new Error(`fixture: ${c.reason}`);
      values[k] = c.value;
    }
    return { id, values };
  });
  const created = Date.parse('2020-01-01T00:00:00Z');
  await store.writeContacts(writes, created);
  await store.writeEvents(eventWrites(opts.events ?? [], tz), created);
  return {
    store,
    at: (now: string) => Workspace.open(store, parseIsoDateTime(now, 'UTC') as number),
    close: () => store.close(),
  };
}

export function eventWrites(events: readonly FixtureEvent[], tz: string, first = 0): EventWrite[] {
  return events.map((e, i) => ({
    contactId: e.contact_id, name: e.name, ts: parseIsoDateTime(e.ts, tz) as number, properties: e.properties ?? {}, messageId: e.message_id ?? `m${first + i}`,
  }));
}

/** Members of a condition by both executors; tests assert they agree and equal the expectation. */
export async function membersBoth(ws: WorkspaceT, c: Parameters<WorkspaceT['query']>[0]): Promise<{ sql: string[]; memory: string[] }> {
  const sql = await ws.query(c);
  const memory = (await ws.evaluateAll(c)).sort();
  return { sql: [...sql].sort(), memory };
}
