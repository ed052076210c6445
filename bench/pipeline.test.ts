import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silenceProgress } from './measure.js';
import { runBench } from './pipeline.js';
import { checkTargets } from './targets.js';

// The whole benchmark on XS (2k contacts, 20k events): every hand-written query, the
// in-memory evaluator and the engine must give the same sets, before and after the delta,
// and the tables the hand SQL reads must be the store's. Times at this size mean nothing.

test('bench XS: every baseline set equals the engine, and a rebuild with nothing changed writes nothing', async () => {
  silenceProgress();
  const r = await runBench({ size: 'XS', only: null, check: false, keep: null });
  assert.equal(r.segments.length, 20);
  for (const s of r.segments) {
    assert.ok(s.hand?.check.match, `${s.alias}: hand SQL ${JSON.stringify(s.hand?.check)}`);
    assert.ok(s.handAfterDelta?.match, `${s.alias}: hand SQL after the delta ${JSON.stringify(s.handAfterDelta)}`);
    assert.ok(s.memory?.check.match, `${s.alias}: in-memory ${JSON.stringify(s.memory?.check)}`);
  }
  // Most suite segments must split the small workspace, or the comparison proves little.
  const proper = r.segments.filter((s) => s.members !== null && s.members > 0 && s.members < r.meta.contacts);
  assert.ok(proper.length >= 15, `only ${proper.length} segments have some but not all contacts`);
  assert.equal(r.rebuild.unchanged?.changed, 0);
  assert.equal(r.rebuild.unchanged?.logged, 0);
  assert.equal(r.rebuild.first?.logged, r.rebuild.first?.changed);
  assert.equal(r.import.ndjson?.stored.contacts, r.import.csv?.stored.contacts);
  const sets = checkTargets(r).find((c) => c.id === 'sets_agree');
  assert.equal(sets?.ok, true, JSON.stringify(sets));
});
