import { startWebhooks } from '../../src/webhooks/index.js';
import { world } from './harness.js';

// Run by restart.test.ts as its own process, to be killed with SIGKILL: a live workspace
// on the data directory in argv[2], a delivery worker, and a stream of writes. Prints
// `wrote N` after each acknowledged write.

// `node --test dist/` also loads every file under a test folder: without its data
// directory this is not the child process, and it must do nothing.
if (!process.argv[2]) process.exit(0);

const w = await world({ dir: process.argv[2] });
startWebhooks({ live: w.live, backoff: { baseMs: 30, maxMs: 60, maxAttempts: 1_000 }, pollMs: 30, timeoutMs: 1_000 });
for (let i = 1; ; i++) {
  const contact = `k${i % 7}`;
  if (i % 3 === 0) await w.plan(i % 2 ? 'pro' : 'free', contact);
  else await w.events(i % 2 ? 'purchase' : 'page_view', `${contact}_${i}`, contact);
  process.stdout.write(`wrote ${i}\n`);
  await new Promise((r) => setTimeout(r, 5));
}
