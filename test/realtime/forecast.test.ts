import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Condition } from '../../src/condition/types.js';
import { startLive } from '../../src/realtime/live-workspace.js';
import type { UpcomingChange } from '../../src/realtime/live.js';
import { upcomingFromStore } from '../../src/realtime/upcoming.js';
import { DuckDBStore, type EventWrite } from '../../src/store/index.js';
import { FIELDS, Rng } from '../differential/generate.js';
import { iso } from './steps.js';

// `upcoming` keeps what it found per contact and walks on from there as the clock moves;
// a contact's write forgets it. Random writes and clock moves on segments whose members
// change with time: after every step, the forecast the server gives must equal one worked
// out afresh from the store, for every segment and horizon asked.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEGMENTS: { alias: string; condition: Condition }[] = [
  { alias: 'active', condition: { type: 'event', event: 'login', within: '3d' } },
  { alias: 'abandoned', condition: { type: 'sequence', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }], gap: '48h', within: '14d' } },
  { alias: 'buyers', condition: { type: 'event', event: 'purchase', within: '7d', op: 'gte', value: 2 } },
  { alias: 'active_buyers', condition: { type: 'and', conditions: [{ type: 'segment', segment: 'active', op: 'in' }, { type: 'segment', segment: 'buyers', op: 'not_in' }] } },
  { alias: 'lapsed', condition: { type: 'not', condition: { type: 'event', event: '*', within: '5d' } } },
];
const MOVES = [1_000, 10 * 60_000, HOUR, 6 * HOUR, DAY, 2 * DAY + 1, 5 * DAY];
const text = (u: UpcomingChange): string => `${u.change} ${u.contactId} ${new Date(u.at).toISOString()}`;

test('the forecast walked on from earlier answers equals one worked out afresh, through writes and clock moves', { timeout: 240_000 }, async () => {
  const rng = new Rng(777);
  const store = await DuckDBStore.open(':memory:');
  await store.setSetting('timezone', 'Europe/Zurich');
  await store.applyFields(FIELDS);
  const start = iso('2026-10-20T09:00:00Z');
  const live = await startLive(store, { now: start });
  const ids = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`);
  let m = 0;
  const events = (n: number, around: number): EventWrite[] => Array.from({ length: n }, () => ({
    contactId: rng.pick(ids), name: rng.pick(['login', 'cart_add', 'purchase', 'page_view']),
    ts: around - rng.int(0, 10 * 24) * HOUR + rng.pick([0, 0, 1000, -1000]), properties: {}, messageId: `f${m++}`,
  }));
  const log: string[] = [];
  let nonEmpty = 0;
  try {
    await live.write({ events: events(120, start) });
    await live.mutate((ws) => ws.applySegments(SEGMENTS.map((s) => ({ name: s.alias, ...s }))));
    for (let step = 0; step < 60; step++) {
      if (rng.chance(0.4)) {
        const n = rng.int(1, 6);
        log.push(`events ${n}`);
        await live.write({ events: events(n, live.now()) });
      } else {
        const by = rng.pick(MOVES);
        log.push(`clock +${by}`);
        await live.setClock(live.now() + by);
      }
      for (const alias of rng.some(SEGMENTS.map((s) => s.alias)).slice(0, 3)) {
        const days = rng.pick([1, 3, 7]);
        const got = (await live.upcoming(alias, days)).map(text);
        const want = (await upcomingFromStore(store, alias, live.now(), days)).map(text);
        assert.deepEqual(got, want, `upcoming ${alias} ${days} d after step ${step + 1}: ${log.join(' | ')}`);
        if (want.length) nonEmpty++;
      }
    }
    // The segments must have had changes ahead for the comparison to prove anything.
    assert.ok(nonEmpty > 40, `only ${nonEmpty} forecasts had changes ahead`);
  } finally {
    await live.close();
    await store.close();
  }
});
