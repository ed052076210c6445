import { startLive } from '../../src/realtime/live-workspace.js';
import { DuckDBStore } from '../../src/store/index.js';

// Run by journal.test.ts as its own process: on the data directory in argv[2], one group of
// live writes at the clock in argv[3]; once it is acknowledged, prints `acknowledged` and
// kills itself at once (before the journal's applier can run), so the group is in the
// journal only.

// `node --test dist/` also loads every file under a test folder: without its data
// directory this is not the child process, and it must do nothing.
if (!process.argv[2]) process.exit(0);

const store = await DuckDBStore.open(process.argv[2]);
const live = await startLive(store, { now: Date.parse(process.argv[3]) });
// The first change a process logs draws a block of change numbers from the store, which
// takes its group to the tables itself; the group after it is journaled.
await live.write({ events: [{ contactId: 'warm', name: 'purchase', ts: Date.parse(process.argv[3]) - 90_000, properties: {}, messageId: 'm-0' }] });
// argv[4] = 'batch': a /v1/batch-sized group instead (3,000 events in one write).
if (process.argv[4] === 'batch') {
  const at = Date.parse(process.argv[3]);
  const b = await live.write({ events: Array.from({ length: 3_000 }, (_, i) => ({ contactId: `b${i % 300}`, name: 'page_view', ts: at - 1_000 - i, properties: { path: `/p/${i}` }, messageId: `b-${i}` })) });
  process.stdout.write(`acknowledged ${b.eventsInserted}\n`);
  process.kill(process.pid, 'SIGKILL');
}
const r = await live.write({
  events: [
    { contactId: 'known', name: 'purchase', ts: Date.parse(process.argv[3]) - 60_000, properties: { amount: 25, note: "it's \"quoted\"" }, messageId: 'm-1' },
    { contactId: 'brand-new', name: 'purchase', ts: Date.parse(process.argv[3]) - 30_000, properties: { amount: 7 }, messageId: 'm-2' },
  ],
});
process.stdout.write(`acknowledged ${JSON.stringify(r.changes.map((c) => `${c.change} ${c.segment} ${c.contactId} ${c.id}`))}\n`);
process.kill(process.pid, 'SIGKILL');
