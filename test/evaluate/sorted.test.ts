import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lowerBound, sortNumbers, upperBound } from '../../src/evaluate/index.js';

describe('sorted numbers', () => {
  it('sorts in place, short arrays by insertion and long ones by the built-in sort, as a numeric sort does', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [0, 1, 2, 3, 5, 31, 32, 33, 100]) {
      for (let round = 0; round < 20; round++) {
        const xs = Array.from({ length: n }, () => Math.floor((rnd() - 0.5) * 20) * 1e11 + (rnd() < 0.5 ? 0.5 : 0));
        const want = [...xs].sort((p, q) => p - q);
        const got = sortNumbers(xs);
        assert.equal(got, xs, 'the same array comes back');
        assert.deepEqual(got, want, `length ${n}`);
      }
    }
  });

  it('finds the first index at or after, and after, a value among equal times', () => {
    const ts = [1, 2, 2, 2, 5];
    assert.deepEqual([0, 1, 2, 3, 5, 6].map((v) => lowerBound(ts, v)), [0, 0, 1, 4, 4, 5]);
    assert.deepEqual([0, 1, 2, 3, 5, 6].map((v) => upperBound(ts, v)), [0, 1, 4, 4, 5, 5]);
  });
});
