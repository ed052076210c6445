// Baseline for the server's start: a fresh process that opens the same store and runs
// the one full rebuild at the wall clock every start needs (what `segmint serve` does
// before it accepts traffic, without the HTTP server and the live path's cache).
// `node dist/bench/realtime/start-child.js DIR` prints one JSON line.

import { Workspace } from '../../src/engine/index.js';
import { DuckDBStore } from '../../src/store/index.js';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: start-child DIR');
  const t0 = performance.now();
  const store = await DuckDBStore.open(dir);
  const opened = performance.now();
  const ws = await Workspace.open(store, Date.now());
  await ws.rebuild([], { full: true });
  const rebuilt = performance.now();
  const seq = Number((await store.sql.rows('SELECT coalesce(max(seq), 0) AS n FROM changes'))[0].n);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  await store.close();
  process.stdout.write(`${JSON.stringify({ openMs: opened - t0, rebuildMs: rebuilt - opened, peakRssBytes, lastChange: seq })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`start-child: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
