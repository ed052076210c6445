// Standalone entry to the generator, for the benchmark and for measuring it:
//   node dist/src/demo/generate-cli.js --dir DIR [--size S|M|demo] [--contacts N --events N]
//     [--seed N] [--now ISO] [--days N] [--csv]
// Prints one JSON line with the counts, files and elapsed milliseconds.

import { parseArgs } from 'node:util';
import { generateWorkspace } from './generate.js';
import { BENCH_SIZES, DEFAULT_SEED, DEMO_SIZE, type WorkspaceSize } from './sizes.js';

function sizeFor(name: string): WorkspaceSize {
  if (name === 'demo') return DEMO_SIZE;
  if (name === 'S' || name === 'M') return BENCH_SIZES[name];
  throw new Error(`unknown --size ${JSON.stringify(name)}, expected S, M or demo`);
}

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`--${name} must be an integer, got ${JSON.stringify(text)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      size: { type: 'string', default: 'S' },
      contacts: { type: 'string' },
      events: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      days: { type: 'string' },
      csv: { type: 'boolean', default: false },
    },
  });
  if (values.dir === undefined) throw new Error('--dir is required');
  const size = sizeFor(values.size ?? 'S');
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new Error(`--now is not an ISO date: ${JSON.stringify(values.now)}`);
  const started = performance.now();
  const result = await generateWorkspace({
    dir: values.dir,
    contacts: integer('contacts', values.contacts, size.contacts),
    events: integer('events', values.events, size.events),
    seed: integer('seed', values.seed, DEFAULT_SEED),
    now,
    days: integer('days', values.days, 400),
    csv: values.csv,
  });
  process.stdout.write(`${JSON.stringify({ ...result, ms: Math.round(performance.now() - started) })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
