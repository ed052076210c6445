import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fixture, type Fixture } from '../workspace-fixture.js';
import { expectMembers, not, type Condition } from './helpers.js';

// SEGMENT-LANGUAGE §6: bucket(id, salt) = first 8 bytes of SHA-256(salt + ":" + id) as an
// unsigned big-endian integer / 2^64; sample is true when bucket < percent/100.

const ids = Array.from({ length: 30 }, (_, i) => `u${String(i + 1).padStart(2, '0')}`);
const sample = (percent: number, salt: string): Condition => ({ type: 'sample', percent, salt });

/** The bucket, computed here from the definition alone, as an exact fraction numerator over 2^64. */
function bucket64(salt: string, id: string): bigint {
  return createHash('sha256').update(`${salt}:${id}`).digest().readBigUInt64BE(0);
}
/** bucket < percent/100, exactly, for a percent with at most 6 decimals. */
function inSample(salt: string, id: string, percent: number): boolean {
  const scaled = BigInt(Math.round(percent * 1e6));
  return bucket64(salt, id) * 100_000_000n < scaled * (1n << 64n);
}

let f: Fixture;
before(async () => {
  f = await fixture({ tz: 'UTC', contacts: ids.map((id) => ({ id })) });
});
after(() => f.close());

describe('§6 samples', () => {
  test('a known bucket: SHA-256("holdout-q4:u02") starts 15c75581cc4f7295, bucket 0.0850728…', () => {
    const hex = createHash('sha256').update('holdout-q4:u02').digest('hex').slice(0, 16);
    assert.equal(hex, '15c75581cc4f7295');
    assert.equal(bucket64('holdout-q4', 'u02'), 0x15c75581cc4f7295n);
    assert.ok(Math.abs(Number(bucket64('holdout-q4', 'u02')) / 2 ** 64 - 0.08507284563921562) < 1e-15);
  });

  test('10% with salt holdout-q4 is exactly the contacts whose bucket is below 0.1', async () => {
    const expected = ['u02', 'u07', 'u10'];
    assert.deepEqual(ids.filter((id) => inSample('holdout-q4', id, 10)), expected);
    const ws = await f.at('2026-10-25T09:00:00Z');
    await expectMembers(ws, sample(10, 'holdout-q4'), expected);
    await expectMembers(ws, ws.parseConditionText('sample 10% salt "holdout-q4"'), expected);
  });

  test('50%, another salt, and the complement', async () => {
    const ws = await f.at('2026-10-25T09:00:00Z');
    const half = ['u02', 'u04', 'u06', 'u07', 'u10', 'u12', 'u15', 'u17', 'u19', 'u21', 'u22', 'u23', 'u25', 'u29', 'u30'];
    assert.deepEqual(ids.filter((id) => inSample('holdout-q4', id, 50)), half);
    await expectMembers(ws, sample(50, 'holdout-q4'), half);
    await expectMembers(ws, not(sample(50, 'holdout-q4')), ids.filter((id) => !half.includes(id)));
    const ab = ['u01', 'u04', 'u05', 'u06', 'u07', 'u10', 'u12', 'u13', 'u15', 'u17', 'u19', 'u23', 'u24', 'u25', 'u27', 'u28', 'u29'];
    assert.deepEqual(ids.filter((id) => inSample('ab-2026', id, 50)), ab);
    await expectMembers(ws, sample(50, 'ab-2026'), ab);
  });

  test('fractional percents, decided exactly at the bucket', async () => {
    const ws = await f.at('2026-10-25T09:00:00Z');
    // u10 has the smallest bucket, 0.0319499204…
    await expectMembers(ws, sample(3.19499, 'holdout-q4'), []);
    await expectMembers(ws, sample(3.195, 'holdout-q4'), ['u10']);
    await expectMembers(ws, sample(12.5, 'holdout-q4'), ['u02', 'u04', 'u07', 'u10', 'u21', 'u23']);
    await expectMembers(ws, sample(33.3, 'holdout-q4'), ['u02', 'u04', 'u06', 'u07', 'u10', 'u15', 'u17', 'u21', 'u22', 'u23', 'u30']);
  });

  test('0% is nobody, 100% is everybody', async () => {
    const ws = await f.at('2026-10-25T09:00:00Z');
    await expectMembers(ws, sample(0, 'holdout-q4'), []);
    await expectMembers(ws, sample(100, 'holdout-q4'), ids);
  });

  test('stable across clocks, stores and the other contacts present', async () => {
    const expected = ['u02', 'u07', 'u10'];
    await expectMembers(await f.at('2020-01-01T00:00:00Z'), sample(10, 'holdout-q4'), expected);
    await expectMembers(await f.at('2030-06-15T12:34:56Z'), sample(10, 'holdout-q4'), expected);
    // A fresh store in another zone, contacts written in another order with others among them.
    const g = await fixture({ tz: 'Europe/Zurich', contacts: [...ids].reverse().concat(['x1', 'x2', 'x3']).map((id) => ({ id })) });
    try {
      const ws = await g.at('2026-10-25T09:00:00Z');
      const members = await ws.query(sample(10, 'holdout-q4'));
      assert.deepEqual(members.filter((id) => id.startsWith('u')).sort(), expected);
      assert.deepEqual(members.filter((id) => id.startsWith('x')).sort(), ['x1', 'x2', 'x3'].filter((id) => inSample('holdout-q4', id, 10)));
    } finally {
      await g.close();
    }
  });

  test('a saved sample segment keeps its members when rebuilt later: no changes recorded', async () => {
    const ws = await f.at('2026-10-25T09:00:00Z');
    await ws.applySegments({ name: 'Holdout', alias: 'holdout', condition: sample(10, 'holdout-q4') });
    assert.deepEqual(await ws.members('holdout'), ['u02', 'u07', 'u10']);
    const later = await f.at('2026-12-01T00:00:00Z');
    const [report] = await later.rebuild(['holdout']);
    assert.deepEqual({ entered: report.entered, left: report.left, total: report.total }, { entered: 0, left: 0, total: 3 });
    assert.equal((await f.store.changes('holdout')).length, 3);
    await later.deleteSegment('holdout');
  });
});
