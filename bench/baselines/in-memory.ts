import type { Bound } from '../../src/plan/index.js';
import { evaluate, type EvalEnv } from '../../src/evaluate/index.js';
import type { Workspace } from '../../src/engine/index.js';
import type { Suite } from '../suite.js';

// Baseline (3): the in-memory evaluator (the real-time path) over every contact. The
// workspace is loaded through the store in batches of contacts (all of M at once does
// not fit a default V8 heap), and each suite segment's bound tree is evaluated for every
// contact. Segment references read this evaluator's own earlier results, so the sets are
// independent of the SQL path; manual includes and excludes apply as in SEGMENT-LANGUAGE §7.

export interface MemorySegment {
  readonly alias: string;
  readonly ms: number;
  readonly members: string[];
}

export interface MemoryRun {
  readonly contacts: number;
  readonly events: number;
  readonly loadMs: number;
  readonly segments: MemorySegment[];
}

export async function runInMemory(ws: Workspace, suite: Suite, wanted: ReadonlySet<string>, chunk: number): Promise<MemoryRun> {
  const all = suite.segments.filter((s) => wanted.has(s.alias));
  const known = new Set(suite.segments.map((s) => s.alias));
  const bound = new Map<string, Bound>();
  for (const s of all) bound.set(s.alias, await ws.bind(s.condition, (a) => known.has(a)));
  const ids = await ws.store.queryIds({ sql: 'SELECT id FROM contacts', params: [] });
  const members = new Map(all.map((s) => [s.alias, new Set<string>()]));
  const ms = new Map(all.map((s) => [s.alias, 0]));
  let loadMs = 0;
  let events = 0;
  const isMember = (alias: string, id: string): boolean => members.get(alias)?.has(id) ?? false;
  for (let i = 0; i < ids.length; i += chunk) {
    const started = performance.now();
    const loaded = await ws.store.loadContacts(ids.slice(i, i + chunk));
    loadMs += performance.now() - started;
    for (const l of loaded) events += l.events.length;
    for (const s of all) {
      const b = bound.get(s.alias) as Bound;
      const out = members.get(s.alias) as Set<string>;
      const manual = suite.manual.get(s.alias);
      const include = new Set(manual?.include ?? []);
      const exclude = new Set(manual?.exclude ?? []);
      const t = performance.now();
      for (const { contact, events: evs } of loaded) {
        const env: EvalEnv = { contact, events: evs, now: ws.now, tz: ws.tz, isMember };
        if (!exclude.has(contact.id) && (include.has(contact.id) || evaluate(b, env))) out.add(contact.id);
      }
      ms.set(s.alias, (ms.get(s.alias) ?? 0) + performance.now() - t);
    }
  }
  return {
    contacts: ids.length, events, loadMs,
    segments: all.map((s) => ({ alias: s.alias, ms: ms.get(s.alias) ?? 0, members: [...(members.get(s.alias) ?? [])] })),
  };
}
