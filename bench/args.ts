import { parseArgs } from 'node:util';
import { SIZE_NAMES, type SizeName } from './config.js';

export interface BenchOptions {
  readonly size: SizeName;
  /** A measure group or a suite segment alias; null runs everything. */
  readonly only: string | null;
  readonly check: boolean;
  /** Directory holding generated data and the imported workspace between runs. */
  readonly keep: string | null;
  /** The real-time measures against `segmint serve` (bench/realtime/) instead of the engine's. */
  readonly realtime?: boolean;
  /** The web app's pages and the builder's counts in a real browser (bench/web/) instead. */
  readonly web?: boolean;
}

/** Measure groups `--only` accepts (besides a suite alias). */
export const GROUPS = ['import', 'apply', 'rebuild', 'baselines', 'preview', 'members', 'delta', 'memory'] as const;
export type Group = (typeof GROUPS)[number];

export const USAGE = `usage: npm run bench -- [--size XS|S|M] [--only GROUP|ALIAS] [--check] [--keep DIR]
       npm run bench -- --realtime [--size XS|S|M] [--check] [--keep DIR]
       npm run bench -- --web [--keep DIR]
  --size   S = 100k contacts / 1M events (default), M = 1M / 10M,
           XS = 2k / 20k (a run of seconds: checks every baseline set, times mean little)
  --only   one measure group (${GROUPS.join(', ')}) or one suite segment alias;
           the workspace it needs (import, apply, first build) is still built and reported
  --check  exit non-zero naming each missed target (enforced on M; informational on S)
  --keep   reuse generated data and the imported workspace in DIR between runs
           (the NDJSON import is then only measured with --only import or on the first run)
  --realtime  the server's measures (bench/realtime/): start and memory, /v1/batch ingestion,
           event → change on the SSE stream, time-driven changes on the wall clock
  --web    the web app on the demo workspace in chromium (bench/web/): each page's time to
           show its content beside the API calls it needs, the builder's counts`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      size: { type: 'string', default: 'S' },
      only: { type: 'string' },
      check: { type: 'boolean', default: false },
      keep: { type: 'string' },
      realtime: { type: 'boolean', default: false },
      web: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) throw new UsageError(USAGE);
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\n${USAGE}`);
  const size = (values.size ?? 'S').toUpperCase();
  if (!isSize(size)) throw new UsageError(`--size must be XS, S or M, got ${JSON.stringify(values.size)}`);
  if (values.only !== undefined && !/^[a-z0-9_]+$/.test(values.only)) throw new UsageError(`--only takes a group or a segment alias, got ${JSON.stringify(values.only)}`);
  if (values.keep !== undefined && values.keep.trim() === '') throw new UsageError('--keep needs a directory');
  if (values.realtime && values.only !== undefined) throw new UsageError('--realtime runs all of its measures; it takes no --only');
  if (values.web && (values.realtime || values.only !== undefined || values.check)) throw new UsageError('--web runs on the demo workspace alone; it takes no --realtime, --only or --check');
  return { size, only: values.only ?? null, check: values.check ?? false, keep: values.keep ?? null, ...(values.realtime ? { realtime: true } : {}), ...(values.web ? { web: true } : {}) };
}

function isSize(s: string): s is SizeName {
  return (SIZE_NAMES as readonly string[]).includes(s);
}

export function isGroup(s: string): s is Group {
  return (GROUPS as readonly string[]).includes(s);
}

export class UsageError extends Error {}
