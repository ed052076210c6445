import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateWorkspace } from '../src/demo/generate.js';
import { DEMO_FIELDS } from '../src/demo/fields.js';
import { NOW_ISO, SEED, sizeOf, type SizeName } from './config.js';
import { writeDelta, DELTA_VERSION } from './delta.js';
import { progress, timed } from './measure.js';

// Where a run keeps its files. With --keep DIR they persist (DIR/<size>/…) and are
// reused when their manifest matches; otherwise everything lives in a temp dir.

export interface DataFiles {
  readonly fields: string;
  readonly contacts: string;
  readonly events: string;
  readonly contactsCsv: string;
  readonly eventsCsv: string;
  readonly deltaContacts: string;
  readonly deltaEvents: string;
}

export interface Layout {
  readonly root: string;
  readonly persistent: boolean;
  readonly data: string;
  /** Snapshot of the store right after the NDJSON import (kept runs only). */
  readonly base: string;
  /** The store every measure after the import works on. */
  readonly run: string;
  readonly csv: string;
  readonly out: string;
  readonly files: DataFiles;
}

export function layout(size: SizeName, keep: string | null): Layout {
  const persistent = keep !== null;
  const root = persistent ? join(resolve(keep), size) : mkdtempSync(join(tmpdir(), `segmint-bench-${size}-`));
  const data = join(root, 'data');
  return {
    root, persistent, data,
    base: join(root, 'base'), run: join(root, 'run'), csv: join(root, 'csv'), out: join(root, 'out'),
    files: {
      fields: join(data, 'fields.json'),
      contacts: join(data, 'contacts.ndjson'),
      events: join(data, 'events.ndjson'),
      contactsCsv: join(data, 'contacts.csv'),
      eventsCsv: join(data, 'events.csv'),
      deltaContacts: join(data, 'delta-contacts.ndjson'),
      deltaEvents: join(data, 'delta-events.ndjson'),
    },
  };
}

/** What the generated files depend on; a kept directory with another manifest is regenerated. */
export function dataManifest(size: SizeName): string {
  const s = sizeOf(size);
  const fields = createHash('sha256').update(JSON.stringify(DEMO_FIELDS)).digest('hex').slice(0, 12);
  return JSON.stringify({ size, contacts: s.contacts, events: s.events, seed: SEED, now: NOW_ISO, fields, delta: DELTA_VERSION });
}

export interface Prepared {
  readonly reused: boolean;
  readonly ms: number;
}

/** Generate the workspace files (NDJSON and CSV) and the delta, unless a kept copy matches. */
export async function prepareData(l: Layout, size: SizeName): Promise<Prepared> {
  const manifestPath = join(l.data, 'manifest.json');
  const manifest = dataManifest(size);
  const complete = Object.values(l.files).every((f) => existsSync(f));
  if (l.persistent && complete && existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === manifest) {
    progress(`reusing generated data in ${l.data}`);
    return { reused: true, ms: 0 };
  }
  rmSync(l.data, { recursive: true, force: true });
  rmSync(l.base, { recursive: true, force: true });
  mkdirSync(l.data, { recursive: true });
  const s = sizeOf(size);
  progress(`generating ${size}: ${s.contacts.toLocaleString('en-US')} contacts, ${s.events.toLocaleString('en-US')} events (NDJSON + CSV) in ${l.data}`);
  const t = await timed(async () => {
    await generateWorkspace({ dir: l.data, contacts: s.contacts, events: s.events, seed: SEED, now: new Date(NOW_ISO), csv: true });
    await writeDelta(l.files.deltaContacts, l.files.deltaEvents, s.contacts);
  });
  writeFileSync(manifestPath, manifest);
  progress(`generated in ${(t.ms / 1000).toFixed(1)} s`);
  return { reused: false, ms: t.ms };
}

export function removeTemp(l: Layout): void {
  if (!l.persistent) rmSync(l.root, { recursive: true, force: true });
}
