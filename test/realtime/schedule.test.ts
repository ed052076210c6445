import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Schedule } from '../../src/realtime/schedule.js';

test('the schedule agrees with a plain list on random sets, deletions, peeks, takes and rows given to other contacts: each contact due once, at its latest instant, earliest first', () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed % n;
  };
  const s = new Schedule();
  // By contact id: its row and instant. A row holds one contact at a time (the cache's).
  const model = new Map<string, { row: number; at: number }>();
  const owner: string[] = [];
  let clock = 0;
  for (let step = 0; step < 20_000; step++) {
    const row = rand(300);
    owner[row] ??= `c${row}`;
    const id = owner[row];
    const op = rand(11);
    if (op === 10) {
      // The cache gives the row to another contact: the first one's entry is superseded.
      const other = `c${row}-${step}`;
      owner[row] = other;
      model.delete(id);
      const at = clock + rand(500);
      s.set(row, other, at);
      model.set(other, { row, at });
      // The first contact no longer has an instant there, whatever is asked with its id.
      assert.equal(s.at(row, id), undefined);
      s.delete(row, id);
      assert.equal(s.at(row, other), at);
    } else if (op < 5) {
      // Times repeat (ties) and some lie in the past of the clock.
      const at = clock + rand(500) - 50;
      s.set(row, id, at);
      model.set(id, { row, at });
    } else if (op < 6) {
      s.set(row, id, null);
      model.delete(id);
    } else if (op < 7) {
      s.delete(row, id);
      model.delete(id);
    } else if (op < 8) {
      const earliest = model.size ? Math.min(...[...model.values()].map((e) => e.at)) : null;
      assert.equal(s.peek(), earliest);
      assert.equal(s.at(row, id), model.get(id)?.at);
    } else if (op < 9) {
      clock += rand(40);
      const taken = s.takeUntil(clock);
      const expected = [...model].filter(([, e]) => e.at <= clock);
      assert.deepEqual(taken.map((e) => `${e.id}@${e.at}#${e.row}`).sort(), expected.map(([i, e]) => `${i}@${e.at}#${e.row}`).sort());
      for (let k = 1; k < taken.length; k++) assert.ok(taken[k - 1].at <= taken[k].at, 'earliest first');
      for (const [i] of expected) model.delete(i);
    } else {
      const until = clock + rand(200);
      assert.deepEqual(s.dueBy(until).sort(), [...model].filter(([, e]) => e.at <= until).map(([i]) => i).sort());
    }
    assert.equal(s.size, model.size);
  }
  s.clear();
  assert.equal(s.peek(), null);
  assert.deepEqual(s.takeUntil(Infinity), []);
});

test('entries superseded by later writes do not pile up: the schedule holds about as many as it has contacts', () => {
  const s = new Schedule();
  // Three contacts written 100,000 times, each time with its boundary further out.
  for (let k = 0; k < 100_000; k++) s.set(k % 3, `c${k % 3}`, 1_000_000 + k);
  assert.equal(s.size, 3);
  assert.ok(s.held <= 2 * 3 + 4_097, `${s.held} entries held for 3 contacts`);
  // Still each contact once, at its latest instant, earliest first.
  assert.equal(s.peek(), 1_000_000 + 99_997);
  assert.deepEqual(s.takeUntil(Infinity).map((e) => `${e.id}@${e.at}`), ['c1@1099997', 'c2@1099998', 'c0@1099999']);
  assert.equal(s.held, 0);
});
