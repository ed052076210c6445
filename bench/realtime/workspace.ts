import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Condition } from '../../src/condition/types.js';
import { Workspace } from '../../src/engine/index.js';
import { DuckDBStore } from '../../src/store/index.js';
import { KeyStore } from '../../src/store/keys.js';
import type { SizeName } from '../config.js';
import { dataManifest, prepareData, type Layout } from '../data.js';
import { median, progress, timed } from '../measure.js';
import { applySuite } from '../phases/build.js';
import { importInto, storeSize } from '../phases/import.js';
import type { Suite } from '../suite.js';
import { copyStore } from '../workspace.js';
import { BENCH_SEGMENTS } from './config.js';

// The workspace a realtime run serves: the benchmark's generated data (imported once and
// kept with --keep, shared with the other modes), the suite and the two bench segments
// applied at the wall clock, and one admin and one write key.

export interface Prepared {
  readonly generateMs: number | null;
  /** NDJSON import of contacts + events; null when a kept import was reused. */
  readonly importMs: number | null;
  /** The suite (with its manual decisions) and the bench segments, built at the wall clock. */
  readonly applyMs: number;
  readonly storeBytes: number;
  readonly adminKey: string;
  readonly writeKey: string;
}

/** Data files and a fresh copy of the imported store in `l.run`, reusing what --keep holds. */
export async function prepareStore(l: Layout, size: SizeName): Promise<{ generateMs: number | null; importMs: number | null }> {
  const gen = await prepareData(l, size);
  const baseManifest = join(l.base, 'bench-base.json');
  if (l.persistent && existsSync(baseManifest) && readFileSync(baseManifest, 'utf8') === dataManifest(size)) {
    progress(`reusing the imported workspace in ${l.base}`);
    copyStore(l.base, l.run);
    return { generateMs: gen.reused ? null : gen.ms, importMs: null };
  }
  const nd = await importInto(l.run, { contacts: l.files.contacts, events: l.files.events }, 'ndjson');
  await nd.opened.store.close();
  if (l.persistent) {
    copyStore(l.run, l.base);
    writeFileSync(baseManifest, dataManifest(size));
  }
  return { generateMs: gen.reused ? null : gen.ms, importMs: nd.measure.ms };
}

export async function applyLive(dir: string, suite: Suite): Promise<{ applyMs: number; adminKey: string; writeKey: string; storeBytes: number }> {
  const store = await DuckDBStore.open(dir);
  try {
    const ws = await Workspace.open(store, Date.now());
    const t = await timed(async () => {
      await applySuite(ws, suite);
      await (await Workspace.open(store, Date.now())).applySegments(BENCH_SEGMENTS);
    });
    const keys = await KeyStore.open(store.sql);
    const admin = await keys.create('admin', 'realtime bench');
    const write = await keys.create('write', 'realtime bench');
    await keys.flush();
    return { applyMs: t.ms, adminKey: admin.secret, writeKey: write.secret, storeBytes: storeSize(dir) };
  } finally {
    await store.close();
  }
}

/** Whether a condition reads events named `name` (or every event), or `last_active_at`. */
export function readsEvents(c: Condition | null, name: string): boolean {
  if (!c) return false;
  switch (c.type) {
    case 'and': case 'or': return c.conditions.some((x) => readsEvents(x, name));
    case 'not': return readsEvents(c.condition, name);
    case 'event': return c.event === '*' || c.event === name;
    case 'sequence': return c.steps.some((s) => s.event === '*' || s.event === name);
    case 'field': return c.field === 'last_active_at';
    default: return false;
  }
}

export interface RebuildBaseline {
  /** The segments rebuilt (those that read the event), plus, in the rebuild, whatever references them. */
  readonly aliases: readonly string[];
  readonly rebuilt: readonly string[];
  readonly ms: number;
  readonly runs: readonly number[];
}

/**
 * Rebuilds on the same store before the server starts, each at a new wall-clock instant
 * (so the rebuild's memo cannot skip them), after one warm-up: what a non-incremental
 * engine needs (a) per write of one `bench_ping` event — the segments that read such an
 * event and what references them — and (b) to notice any boundary — every segment.
 */
export async function rebuildBaselines(dir: string, runs: number): Promise<{ ping: RebuildBaseline; full: RebuildBaseline }> {
  const store = await DuckDBStore.open(dir);
  try {
    const defs = await store.listSegments();
    const aliases = defs.filter((d) => readsEvents(d.condition, 'bench_ping')).map((d) => d.alias);
    const measure = async (label: string, which: readonly string[], opts: { dependencies?: boolean; full?: boolean }): Promise<RebuildBaseline> => {
      progress(`baseline: rebuild ${label} (1 + ${runs} runs) …`);
      const times: number[] = [];
      let rebuilt: string[] = [];
      for (let i = 0; i <= runs; i++) {
        const ws = await Workspace.open(store, Date.now());
        const r = await timed(() => ws.rebuild(which, opts));
        rebuilt = r.value.filter((x) => !x.unchanged).map((x) => x.alias);
        if (i > 0) times.push(r.ms);
      }
      return { aliases: [...which], rebuilt, ms: median(times), runs: times };
    };
    const ping = await measure(`of the ${aliases.length} segments a bench_ping event can change`, aliases, { dependencies: false });
    const full = await measure('of every segment', [], { full: true });
    return { ping, full };
  } finally {
    await store.close();
  }
}
