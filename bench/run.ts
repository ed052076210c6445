// `npm run bench -- [--size XS|S|M] [--only NAME] [--check] [--keep DIR]`
// Runs the measures of DESIGN.md "Performance" on a generated workspace, prints the
// tables and writes bench/results/<date>-<size>.{json,md}.
// `--realtime`: the server's measures instead (bench/realtime/), <date>-<size>-realtime.{json,md}.
// `--web`: the web app in chromium on the demo workspace (bench/web/), <date>-web.{json,md}.

import { fileURLToPath } from 'node:url';
import { parseBenchArgs, UsageError } from './args.js';
import { runBench } from './pipeline.js';
import { runRealtimeMode } from './realtime/mode.js';
import { runWebMode } from './web/mode.js';
import { renderTerminal, writeResults } from './report.js';
import { checkTargets, missed } from './targets.js';

const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));

async function main(): Promise<void> {
  const opts = parseBenchArgs(process.argv.slice(2));
  if (opts.realtime) return runRealtimeMode(opts, RESULTS_DIR);
  if (opts.web) return runWebMode(opts.keep, RESULTS_DIR);
  const result = await runBench(opts);
  const checks = checkTargets(result);
  process.stdout.write(`\n${renderTerminal(result, checks)}\n`);
  const written = writeResults(RESULTS_DIR, result, checks);
  process.stdout.write(`\nwrote ${written.json}\n      ${written.md}\n`);
  if (opts.check) {
    const miss = missed(checks);
    if (miss.length) {
      for (const m of miss) process.stderr.write(`missed target: ${m.name}: ${m.actual} (limit ${m.target})\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(opts.size === 'M' ? 'every target met\n' : 'targets are enforced on M; on S only set agreement and "unchanged writes nothing" are checked: met\n');
    }
  }
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
