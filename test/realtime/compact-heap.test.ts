import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { compactHeap } from '../../src/realtime/compact-heap.js';

// What the scan leaves: a tenth of many objects kept, the rest garbage spread over the
// same pages. An ordinary collection frees the garbage but keeps most pages committed.
test('compactHeap gives back the pages garbage held, keeping what is live', () => {
  const kept: { n: number; s: string }[] = [];
  let junk: { n: number; s: string }[] = [];
  for (let i = 0; i < 2_000_000; i++) {
    const o = { n: i, s: `v${i}` };
    if (i % 10 === 0) kept.push(o);
    else junk.push(o);
    if (junk.length > 500_000) junk = [];
  }
  junk = [];
  const before = v8.getHeapStatistics();
  compactHeap();
  const after = v8.getHeapStatistics();
  assert.equal(kept.length, 200_000);
  assert.equal(kept[123_456].s, 'v1234560');
  // Committed heap falls to little more than what is live.
  assert.ok(after.total_heap_size < before.total_heap_size * 0.7, `committed ${before.total_heap_size} → ${after.total_heap_size}`);
  assert.ok(after.total_heap_size < after.used_heap_size * 1.6 + 32 * 1024 ** 2, `committed ${after.total_heap_size}, used ${after.used_heap_size}`);
});
