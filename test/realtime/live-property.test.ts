import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLive } from '../../src/realtime/live-workspace.js';
import type { ChangeRecord, UpcomingChange } from '../../src/realtime/live.js';
import { upcomingFromStore } from '../../src/realtime/upcoming.js';
import { BASE_SEGMENTS, CLOCKS, FIELDS, Rng, genCondition, generateContacts, generateEvents } from '../differential/generate.js';
import { eventWrites } from '../workspace-fixture.js';
import { assertEqualsRebuild, assertLogExplainsMembers, contactWrites, iso, journaledStore } from './steps.js';

// Random sequences of writes, hand-made decisions, definition edits and clock moves. After
// every step the live memberships must equal a full rebuild at the same clock (so no write
// and no boundary was missed), and at the end the change log must replay to the members.

const STEPS = 40;
const upcomingText = (u: UpcomingChange): string => `${u.change} ${u.contactId} ${new Date(u.at).toISOString()}`;
const MOVES = [1_000, 60_000, 3_600_000, 6 * 3_600_000, 86_400_000, 2 * 86_400_000, 9 * 86_400_000, 31 * 86_400_000];

for (const [n, clock] of CLOCKS.entries()) {
  test(`random steps keep live memberships equal to a rebuild (${clock.now}, ${clock.tz})`, { timeout: 240_000 }, async () => {
    const rng = new Rng(4242 + n);
    const { store, dispose } = await journaledStore();
    await store.setSetting('timezone', clock.tz);
    await store.applyFields(FIELDS);
    // Start a month early, so the walk crosses the generator's edges around the clock.
    const live = await startLive(store, { now: iso(clock.now) - 30 * 86_400_000 });
    const seen: ChangeRecord[] = [];
    live.subscribe((c) => seen.push(...c));
    const contacts = generateContacts(rng, 40);
    const events = generateEvents(rng, contacts, 4);
    const aliases = ['s1', 's2', 's3', 's4'];
    const log: string[] = [];
    try {
      await live.mutate((ws) => ws.applySegments([
        ...BASE_SEGMENTS,
        ...aliases.map((a) => ({ name: a, alias: a, condition: genCondition(rng, 0) })),
      ]));
      let e = 0;
      for (let step = 0; step < STEPS; step++) {
        const r = rng.next();
        if (r < 0.35) {
          const part = events.slice(e, e + rng.int(1, 12));
          e += part.length;
          // Sometimes with profile writes to other contacts in the same group: each contact is
          // re-decided for what was written to it, not for what the group wrote.
          const beside = rng.next() < 0.3 ? rng.some(contacts).slice(0, 2) : [];
          log.push(`events ${part.length}${beside.length ? ` with contacts ${beside.map((c) => c.id).join(',')}` : ''}`);
          if (part.length) await live.write({ events: eventWrites(part, clock.tz, e * 10), ...(beside.length ? { contacts: await contactWrites(live, beside) } : {}) });
        } else if (r < 0.5) {
          const some = rng.some(contacts).slice(0, 5);
          log.push(`contacts ${some.map((c) => c.id).join(',')}`);
          if (some.length) await live.write({ contacts: await contactWrites(live, some) });
        } else if (r < 0.6) {
          const ids = rng.some(contacts.map((c) => c.id)).slice(0, 3);
          const known = await live.read((ws) => ws.store.existingContactIds(ids));
          const present = ids.filter((id) => known.has(id));
          const mode = rng.pick(['include', 'exclude', 'reset'] as const);
          const alias = rng.pick(aliases);
          log.push(`${mode} ${alias} ${present.join(',')}`);
          if (present.length) await live.mutate((ws) => ws.setManual(alias, present, mode));
        } else if (r < 0.68) {
          const alias = rng.pick(aliases);
          const condition = genCondition(rng, 0);
          log.push(`edit ${alias} ${JSON.stringify(condition)}`);
          await live.mutate((ws) => ws.applySegments({ name: alias, alias, condition }));
        } else {
          const by = rng.pick(MOVES) + rng.int(0, 1000);
          log.push(`clock +${by}`);
          await live.setClock(live.now() + by);
        }
        await assertEqualsRebuild(live, store, `after step ${step + 1}: ${log.join(' | ')}`);
        // The forecast walks on from what it found at earlier steps: it must equal one worked out afresh from the store.
        const alias = rng.pick([...aliases, 'buyers']);
        const days = rng.pick([1, 7, 30]);
        const live7 = (await live.upcoming(alias, days)).map(upcomingText);
        const fresh = (await upcomingFromStore(store, alias, live.now(), days)).map(upcomingText);
        assert.deepEqual(live7, fresh, `upcoming ${alias} ${days} d after step ${step + 1}: ${log.join(' | ')}`);
      }
      await assertLogExplainsMembers(store);
    } finally {
      await live.close();
      await dispose();
    }
  });
}
