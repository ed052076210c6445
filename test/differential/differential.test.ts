import { after, before, describe, test } from 'node:test';
import type { Condition } from '../../src/condition/types.js';
import assert from 'node:assert/strict';
import { evaluate, type ContactRecord, type EventRecord } from '../../src/evaluate/index.js';
import { FieldRegistry } from '../../src/fields/index.js';
import { bindCondition } from '../../src/plan/index.js';
import { propertyKeys } from '../../src/realtime/contact-cache.js';
import { EventArena } from '../../src/realtime/event-arena.js';
import { compileMembers } from '../../src/sql/index.js';
import { parseIsoDateTime } from '../../src/time/index.js';
import { fixture, type Fixture } from '../workspace-fixture.js';
import { BASE_SEGMENTS, CLOCKS, FIELDS, Rng, genCondition, generateContacts, generateEvents, measureEdgeConditions, regexConditions } from './generate.js';

// The SQL compiler and the in-memory evaluator must give the same members, contact for
// contact, on every generated tree at every clock. A disagreement is always a bug.

const TREES_PER_CLOCK = 240; // 5 clocks × 240 = 1,200 trees

for (const clock of CLOCKS) {
  describe(`differential at ${clock.now} (${clock.tz})`, () => {
    let f: Fixture;
    let loaded: { contact: ContactRecord; events: EventRecord[] }[];
    let registry: FieldRegistry;
    let memberships: Map<string, Set<string>>;
    const now = parseIsoDateTime(clock.now, 'UTC') as number;

    before(async () => {
      const rng = new Rng(Number(now / 1000) >>> 0);
      const contacts = generateContacts(rng, 160);
      f = await fixture({ tz: clock.tz, fields: FIELDS, contacts, events: generateEvents(rng, contacts, 6) });
      const ws = await f.at(clock.now);
      await ws.applySegments(BASE_SEGMENTS);
      await ws.setManual('buyers', ['c001', 'c002'], 'include');
      await ws.setManual('buyers', ['c003'], 'exclude');
      loaded = await f.store.loadContacts();
      registry = await ws.registry();
      memberships = new Map();
      for (const s of BASE_SEGMENTS) memberships.set(s.alias, new Set(await f.store.members(s.alias)));
    });
    after(() => f.close());

    /** Both executors on one tree; whether it selected a proper subset. */
    async function agree(c: Condition, label: string): Promise<boolean> {
      const bound = bindCondition(c, { fields: registry, now, tz: clock.tz, segmentExists: (a) => memberships.has(a) });
      assert.ok(bound.ok, `generated tree must be valid: ${JSON.stringify(c)} ${bound.ok ? '' : JSON.stringify(bound.errors)}`);
      if (!bound.ok) return false;
      const sql = await f.store.queryIds(compileMembers(bound.value, f.store.dialect, { now, tz: clock.tz }));
      const memory = loaded
        .filter(({ contact, events }) => evaluate(bound.value, {
          contact, events, now, tz: clock.tz, isMember: (a, id) => memberships.get(a)?.has(id) ?? false,
        }))
        .map(({ contact }) => contact.id)
        .sort();
      // The live path keeps every contact's events in one arena and unpacks only the names a
      // leaf reads (counts and first/last of one name read its times alone). Half of each
      // contact's events are placed, the rest arrive one by one (moving its span as it fills).
      // It keeps only the properties the condition reads, as found for a live segment.
      const arena = new EventArena(propertyKeys([{ alias: 'x', name: 'x', description: null, category: null, kind: 'dynamic', createdAt: 0, updatedAt: 0, condition: c }]), 8);
      loaded.forEach(({ events }, row) => {
        const cut = events.length >> 1;
        arena.place(row, events.slice(0, cut));
        for (const e of events.slice(cut)) arena.insert(row, e.name, e.ts, e.properties);
      });
      arena.compact(loaded.map((_, row) => row).reverse());
      const packed = loaded
        .filter(({ contact }, k) => {
          const view = arena.view(k);
          return evaluate(bound.value, {
            contact, get events() { return view.events; }, eventsNamed: view.eventsNamed, times: view.times, timesNamed: view.timesNamed, now, tz: clock.tz, isMember: (a, id) => memberships.get(a)?.has(id) ?? false,
          });
        })
        .map(({ contact }) => contact.id)
        .sort();
      assert.deepEqual(packed, memory, `${label}: the packed view disagrees with the evaluator on plain events\n${JSON.stringify(c)}`);
      if (JSON.stringify(sql) !== JSON.stringify(memory)) {
        const onlySql = sql.filter((x) => !memory.includes(x));
        const onlyMemory = memory.filter((x) => !sql.includes(x));
        assert.fail(`${label} disagrees: only SQL ${JSON.stringify(onlySql.slice(0, 5))}, only memory ${JSON.stringify(onlyMemory.slice(0, 5))}\n${JSON.stringify(c)}`);
      }
      return sql.length > 0 && sql.length < loaded.length;
    }

    test(`${TREES_PER_CLOCK} generated trees agree contact for contact`, async () => {
      const rng = new Rng((now / 7919) >>> 0);
      let nonTrivial = 0;
      for (let i = 0; i < TREES_PER_CLOCK; i++) if (await agree(genCondition(rng, 0), `tree ${i}`)) nonTrivial++;
      // The generator must produce trees that split the workspace, or the test proves little.
      assert.ok(nonTrivial > TREES_PER_CLOCK / 3, `only ${nonTrivial} trees selected a proper subset`);
    });

    test('every measure agrees at the edges of every comparison', async () => {
      const edges = measureEdgeConditions();
      let nonTrivial = 0;
      for (const [i, c] of edges.entries()) if (await agree(c, `edge ${i}`)) nonTrivial++;
      assert.ok(nonTrivial > edges.length / 3, `only ${nonTrivial} of ${edges.length} edge conditions selected a proper subset`);
    });

    // Regular expressions do not depend on the clock: once is enough.
    if (clock === CLOCKS[0]) {
      test('every pattern agrees on every text, case-insensitive and case-sensitive', async () => {
        const conditions = regexConditions();
        let nonTrivial = 0;
        for (const [i, c] of conditions.entries()) if (await agree(c, `pattern ${i}`)) nonTrivial++;
        assert.ok(nonTrivial > conditions.length / 3, `only ${nonTrivial} of ${conditions.length} patterns selected a proper subset`);
      });
    }
  });
}
