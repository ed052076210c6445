import type { BenchOptions } from '../args.js';
import { checkRealtimeTargets, missed } from '../targets.js';
import { runRealtime } from './pipeline.js';
import { renderRealtimeTerminal, writeRealtimeResults } from './report.js';

// `npm run bench -- --realtime`: run, print the tables, write the results, and with
// --check exit 1 naming each missed target. SEGMINT_BENCH_PROFILE=DIR writes a CPU profile
// of the first server (ingestion and latency) into DIR.

export async function runRealtimeMode(opts: BenchOptions, resultsDir: string): Promise<void> {
  const result = await runRealtime({ size: opts.size, keep: opts.keep, profileDir: process.env.SEGMINT_BENCH_PROFILE || null });
  const checks = checkRealtimeTargets(result);
  process.stdout.write(`\n${renderRealtimeTerminal(result, checks)}\n`);
  const written = writeRealtimeResults(resultsDir, result, checks);
  process.stdout.write(`\nwrote ${written.json}\n      ${written.md}\n`);
  if (!opts.check) return;
  const miss = missed(checks);
  if (miss.length) {
    for (const m of miss) process.stderr.write(`missed target: ${m.name}: ${m.actual} (limit ${m.target})\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(opts.size === 'M' ? 'every target met\n' : `timing targets are enforced on M; on ${opts.size} only exactly-once is checked: met\n`);
  }
}
