import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../src/engine/index.js';
import type { FieldDef } from '../../src/fields/index.js';
import { startLive } from '../../src/realtime/live-workspace.js';
import type { ChangeRecord, Live } from '../../src/realtime/live.js';
import { DuckDBStore } from '../../src/store/index.js';
import { parseIsoDateTime } from '../../src/time/index.js';
import { eventWrites, type FixtureEvent } from '../workspace-fixture.js';

// Step tables for the live workspace, in the manner of an incremental-compute test:
// submit data, move the clock, edit definitions, and assert members and the change log.
// After every step the live memberships must equal a full rebuild at the same clock.

export type Step =
  | { readonly submit: readonly FixtureEvent[] }
  | { readonly contacts: readonly { id: string; [k: string]: unknown }[] }
  | { readonly clock: string }
  | { readonly segments: unknown }
  | { readonly manual: { alias: string; ids: string[]; mode: 'include' | 'exclude' | 'reset' } }
  | { readonly members: Record<string, readonly string[]> }
  | { readonly changes: readonly string[] }
  | { readonly upcoming: { alias: string; days: number; expect: readonly string[] } };

export const iso = (t: string): number => parseIsoDateTime(t, 'UTC') as number;

/** `+ vip alice 2026-01-01T00:00:00.000Z`: one change, as the tables write it. */
export const show = (c: Pick<ChangeRecord, 'change' | 'segment' | 'contactId' | 'at'>): string =>
  `${c.change === 'entered' ? '+' : '-'} ${c.segment} ${c.contactId} ${new Date(c.at).toISOString()}`;

/**
 * A store in a directory of its own, so live groups go through its journal and reach the
 * tables later (every read of a step must find them there); removed by `dispose`.
 */
export async function journaledStore(): Promise<{ store: DuckDBStore; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-live-'));
  const store = await DuckDBStore.open(dir);
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function runSteps(opts: { now: string; tz?: string; fields?: FieldDef[] }, steps: readonly Step[]): Promise<void> {
  const { store, dispose } = await journaledStore();
  if (opts.tz) await store.setSetting('timezone', opts.tz);
  if (opts.fields) await store.applyFields(opts.fields);
  const live = await startLive(store, { now: iso(opts.now) });
  const seen: ChangeRecord[] = [];
  live.subscribe((c) => seen.push(...c));
  let msg = 0;
  try {
    for (const [i, step] of steps.entries()) {
      const where = `step ${i + 1} ${JSON.stringify(step).slice(0, 80)}`;
      if ('submit' in step) await live.write({ events: eventWrites(step.submit, opts.tz ?? 'UTC', (msg += 1000)) });
      else if ('contacts' in step) await live.write({ contacts: await contactWrites(live, step.contacts) });
      else if ('clock' in step) await live.setClock(iso(step.clock));
      else if ('segments' in step) await live.mutate((ws) => ws.applySegments(step.segments));
      else if ('manual' in step) await live.mutate((ws) => ws.setManual(step.manual.alias, step.manual.ids, step.manual.mode));
      else if ('members' in step) {
        for (const [alias, want] of Object.entries(step.members)) {
          assert.deepEqual(await live.read((ws) => ws.members(alias)), [...want].sort(), `${where}: members of ${alias}`);
        }
      } else if ('changes' in step) {
        assert.deepEqual(seen.splice(0).map(show), step.changes, `${where}: changes`);
      } else {
        const got = await live.upcoming(step.upcoming.alias, step.upcoming.days);
        assert.deepEqual(got.map((u) => `${u.change === 'entered' ? '+' : '-'} ${u.contactId} ${new Date(u.at).toISOString()}`), step.upcoming.expect, `${where}: upcoming`);
      }
      await assertEqualsRebuild(live, store, where);
    }
    await assertLogExplainsMembers(store);
  } finally {
    await live.close();
    await dispose();
  }
}

export async function contactWrites(live: Live, rows: readonly { id: string; [k: string]: unknown }[]) {
  const { checkContact } = await import('../../src/import/validate.js');
  return live.read(async (ws) => {
    const reg = await ws.registry();
    return rows.map((r) => {
      const c = checkContact(r, reg, ws.tz);
      if (!c.ok) throw new Error(c.reasons.join('; '));
      return c.value;
    });
  });
}

/** A full rebuild at the live clock finds nothing to change. */
export async function assertEqualsRebuild(live: Live, store: DuckDBStore, where: string): Promise<void> {
  await live.read(async () => {
    const ws = await Workspace.open(store, live.now());
    const before = await store.sql.rows('SELECT count(*) AS n FROM changes');
    const segments = await store.listSegments();
    const liveMembers = new Map<string, string[]>();
    for (const s of segments) liveMembers.set(s.alias, await store.members(s.alias));
    const reports = await ws.rebuild([], { full: true });
    const moved: string[] = [];
    for (const r of reports.filter((x) => x.entered || x.left)) {
      const now = await store.members(r.alias);
      const was = liveMembers.get(r.alias) ?? [];
      const def = segments.find((s) => s.alias === r.alias);
      moved.push(`${r.alias}: +${r.entered} -${r.left} (live only: ${was.filter((x) => !now.includes(x)).join(',')}; rebuild only: ${now.filter((x) => !was.includes(x)).join(',')}) ${JSON.stringify(def?.condition)}`);
    }
    assert.deepEqual(moved, [], `${where} at ${new Date(live.now()).toISOString()}: live memberships differ from a rebuild`);
    assert.deepEqual(await store.sql.rows('SELECT count(*) AS n FROM changes'), before, `${where}: the rebuild logged changes`);
  });
}

/** Replaying the log from nothing gives every segment's members, alternating enter/leave. */
export async function assertLogExplainsMembers(store: DuckDBStore): Promise<void> {
  const log = await store.changesAfter(0, 1_000_000);
  const state = new Map<string, boolean>();
  for (const c of log) {
    const k = `${c.segment} ${c.contactId}`;
    const was = state.get(k) ?? false;
    assert.equal(was, c.change === 'left', `log entry ${show(c)} does not follow the one before it`);
    state.set(k, !was);
  }
  for (const s of await store.listSegments()) {
    const replay = [...state].filter(([k, v]) => v && k.startsWith(`${s.alias} `)).map(([k]) => k.slice(s.alias.length + 1)).sort();
    assert.deepEqual(replay, await store.members(s.alias), `log replay of ${s.alias}`);
  }
}
