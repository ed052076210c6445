import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inferType } from '../../src/import/infer.js';

// `--create-fields` infers a type per unknown column, and an inferred type never changes a
// value: a zip code "08123" read as the number 8123 loses its zero for good. A column is a
// number, boolean, date or datetime only when every value comes back exactly as written.

describe('inferType', () => {
  test('numbers only when the text is the number as it prints', () => {
    assert.equal(inferType(['8123', '-12.5', '0', '0.25', '1000000']), 'number');
    assert.equal(inferType([8123, 12.5, -3, 1e21]), 'number', 'JSON numbers are numbers');
    assert.equal(inferType(['12', 13]), 'number');
    for (const text of [
      '08123', '007', '00', '+41', '+41446681800', '+41 44 668 18 00', '1,000', '1 000', '1e5', '1E5', '1e+21', '2.5e-7',
      '12345678901234567890', '9007199254740993', '0.1000000000000000055511151231257827', '1.0', '1.50', '-0', '.5', '5.',
      '0x10', ' 12', '12 ', 'Infinity', 'NaN', '−5',
    ]) {
      assert.equal(inferType(['1', text, '2']), 'text', text);
    }
  });

  test('booleans only from true and false; 1 and 0 stay numbers, yes and TRUE stay text', () => {
    assert.equal(inferType([true, false, 'true', 'false']), 'boolean');
    assert.equal(inferType(['1', '0', '1']), 'number');
    assert.equal(inferType([1, 0]), 'number');
    assert.equal(inferType(['yes', 'no']), 'text');
    assert.equal(inferType(['TRUE', 'false']), 'text');
    assert.equal(inferType(['true', '1']), 'text');
  });

  test('dates as written; datetimes only in UTC, so no offset is lost', () => {
    assert.equal(inferType(['2026-01-05', '1988-02-29']), 'date');
    assert.equal(inferType(['2026-02-30']), 'text');
    assert.equal(inferType(['2026-1-5']), 'text');
    assert.equal(inferType(['2026-01-05T10:00:00Z', '2026-01-05T10:00:00.123Z']), 'datetime');
    assert.equal(inferType(['2026-01-05T10:00:00Z', '2026-01-05T10:00:00+02:00']), 'text');
    assert.equal(inferType(['2026-01-05T10:00:00+00:00']), 'text');
    assert.equal(inferType(['2026-01-05T10:00:00']), 'text', 'a wall-clock time would be read in the workspace zone');
    assert.equal(inferType(['2026-01-05 10:00:00Z']), 'text');
    assert.equal(inferType(['2026-01-05', '2026-01-05T10:00:00Z']), 'text');
  });

  test('every value counts, not a sample; empty values count for nothing', () => {
    const values: unknown[] = Array.from({ length: 5000 }, (_, i) => String(i + 1));
    assert.equal(inferType(values), 'number');
    assert.equal(inferType([...values, '0123']), 'text');
    assert.equal(inferType(['', null, '5']), 'number');
    assert.equal(inferType(['', null]), 'text');
  });
});

describe('segmint import contacts --create-fields', () => {
  const bin = resolve('bin/segmint.js');
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'segmint-infer-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const ok = (data: string, args: string[]): string => {
    const r = spawnSync('node', [bin, '--data', data, ...args], { encoding: 'utf8', env: { ...process.env, SEGMINT_DATA: '', SEGMINT_NOW: '' } });
    assert.equal(r.status, 0, `segmint ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  /** Import with --create-fields; the declared types and every contact as exported. */
  function importAndRead(name: string, text: string): { types: Record<string, string>; rows: Record<string, Record<string, unknown>> } {
    const data = join(dir, `${name}-data`);
    const file = join(dir, name);
    writeFileSync(file, text);
    const s = JSON.parse(ok(data, ['import', 'contacts', file, '--create-fields', '--json']));
    assert.equal(s.rejected, 0, JSON.stringify(s.rejects));
    const types = Object.fromEntries((JSON.parse(ok(data, ['fields', 'list', '--json'])) as { key: string; type: string }[]).map((f) => [f.key, f.type]));
    writeFileSync(join(dir, 'all.json'), JSON.stringify({ name: 'Everyone', alias: 'everyone', condition: 'all' }));
    ok(data, ['segments', 'apply', join(dir, 'all.json')]);
    const rows = Object.fromEntries(ok(data, ['segments', 'members', 'everyone', '--format', 'ndjson']).trim().split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>).map((r) => [r.id as string, r]));
    return { types, rows };
  }

  test('NDJSON: "08123" stays "08123", "+41…" stays text, JSON numbers are numbers', () => {
    const { types, rows } = importAndRead('contacts.ndjson', [
      { id: 'a', zip: '08123', mobile: '+41446681800', office: '+41 44 668 18 00', code: '007', visits: 12, score: '12.5', flag: '1', joined: '2026-01-05T10:00:00+02:00', since: '2026-01-05' },
      { id: 'b', zip: '8000', mobile: '+41791234567', office: '+41 79 123 45 67', code: '42', visits: 3, score: '-1', flag: '0', joined: '2026-01-06T10:00:00+02:00', since: '2025-12-31' },
    ].map((r) => JSON.stringify(r)).join('\n'));
    assert.deepEqual(
      [types.zip, types.mobile, types.office, types.code, types.visits, types.score, types.flag, types.joined, types.since],
      ['text', 'text', 'text', 'text', 'number', 'number', 'number', 'text', 'date'],
    );
    assert.equal(rows.a.zip, '08123');
    assert.equal(rows.b.zip, '8000');
    assert.equal(rows.a.mobile, '+41446681800');
    assert.equal(rows.a.office, '+41 44 668 18 00');
    assert.equal(rows.a.code, '007');
    assert.equal(rows.a.visits, 12);
    assert.equal(rows.a.score, 12.5);
    assert.equal(rows.a.joined, '2026-01-05T10:00:00+02:00');
    assert.equal(rows.a.since, '2026-01-05');
  });

  test('CSV: the same columns keep their text exactly', () => {
    const { types, rows } = importAndRead('contacts.csv', [
      'id,zip,mobile,amount,flag,joined,seen_at',
      'a,08123,+41446681800,"1,000",1,2026-01-05T10:00:00+02:00,2026-01-05T10:00:00Z',
      'b,8000,+41 79 123 45 67,250,0,2026-01-06T10:00:00+02:00,2026-01-06T08:30:00.250Z',
    ].join('\n'));
    assert.deepEqual([types.zip, types.mobile, types.amount, types.flag, types.joined, types.seen_at], ['text', 'text', 'text', 'number', 'text', 'datetime']);
    assert.equal(rows.a.zip, '08123');
    assert.equal(rows.a.mobile, '+41446681800');
    assert.equal(rows.b.mobile, '+41 79 123 45 67');
    assert.equal(rows.a.amount, '1,000');
    assert.equal(rows.a.flag, 1);
    assert.equal(rows.a.joined, '2026-01-05T10:00:00+02:00');
    assert.equal(rows.b.seen_at, '2026-01-06T08:30:00.250Z');
  });
});
