import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyBySecond } from './latency.js';

// The benchmark's latency by second of sending: a pause shows as the seconds it hit, not
// only as a p99.

test('latency by second: each second from the first send has its median and worst, requests with no change left out', () => {
  const t0 = 1_000_000;
  const pings = [
    { sent: t0, arrived: t0 + 10 },
    { sent: t0 + 400, arrived: t0 + 430 },
    { sent: t0 + 999, arrived: t0 + 1_019 },
    { sent: t0 + 1_000, arrived: t0 + 3_000 },
    { sent: t0 + 1_500, arrived: 0 },
    { sent: t0 + 3_200, arrived: t0 + 3_212 },
  ];
  assert.deepEqual(latencyBySecond(pings), [
    { second: 0, count: 3, p50: 20, max: 30 },
    { second: 1, count: 1, p50: 2_000, max: 2_000 },
    { second: 3, count: 1, p50: 12, max: 12 },
  ]);
  assert.deepEqual(latencyBySecond([]), []);
});
