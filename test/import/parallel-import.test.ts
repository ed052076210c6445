import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importContacts, importEvents } from '../../src/import/index.js';
import { fixture } from '../workspace-fixture.js';

// Files of several MiB are split and checked by worker threads: what lands, what is
// refused and on which line, must be what one reader going through the file in order sees.

const FIELDS = [
  { key: 'city', label: 'City', type: 'text' as const },
  { key: 'points', label: 'Points', type: 'number' as const },
  { key: 'notes', label: 'Notes', type: 'text' as const },
];
const PAD = 'x'.repeat(300);
const ROWS = 40_000; // about 13 MiB with the padding: split into parts

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-parallel-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('a large contacts file: repeated ids merge in file order and rejects keep their file line', () => withDir(async (dir) => {
  const lines: string[] = [];
  const bad = new Map<number, string>();
  for (let i = 1; i <= ROWS; i++) {
    if (i === 7 || i === 20_001 || i === ROWS) { lines.push(JSON.stringify({ id: `c${i}`, points: 'many', notes: PAD })); bad.set(i, 'points'); }
    else if (i === 3) lines.push(JSON.stringify({ id: 'dup', city: 'Basel', points: 1, notes: PAD }));
    else if (i === 30_000) lines.push(JSON.stringify({ id: 'dup', city: 'Bern', notes: PAD }));
    else if (i % 5_000 === 0) lines.push(''); // blank lines count as lines
    else if (i === 12_345) lines.push('{not json');
    else lines.push(JSON.stringify({ id: `c${i}`, city: i % 2 ? 'Zürich' : 'Genève', points: i, notes: PAD }));
  }
  const path = join(dir, 'contacts.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  assert.ok(statSync(path).size > 8 << 20, 'the file is large enough to be split');
  const f = await fixture({ fields: FIELDS });
  try {
    const ws = await f.at('2026-10-25T09:00:00Z');
    const s = await importContacts(ws, path);
    const blanks = 6; // lines 5,000 … 35,000 but 30,000 (a row) and 40,000 (a reject)
    assert.deepEqual(s.rejects.map((r) => r.line), [7, 12_345, 20_001, ROWS]);
    assert.match(s.rejects[0].reasons[0], /^points: "many" is not a number/);
    assert.match(s.rejects[1].reasons[0], /^invalid JSON/);
    assert.equal(s.read, ROWS - blanks);
    assert.equal(s.imported, ROWS - blanks - 4 - 1); // two rows of "dup" make one contact
    const rejected = readFileSync(`${path}.rejects.ndjson`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number });
    assert.deepEqual(rejected.map((r) => r.line), [7, 12_345, 20_001, ROWS]);
    const [dup] = await f.store.loadContacts(['dup']);
    assert.equal(dup.contact.values.city, 'Bern', 'the later row wins for the keys it carries');
    assert.equal(dup.contact.values.points, 1, 'a key the later row leaves out keeps the earlier value');
    assert.deepEqual(await ws.query({ type: 'field', field: 'points', op: 'eq', value: 39_999 }), ['c39999']);
  } finally {
    await f.close();
  }
}));

test('a large events file: the first occurrence of a message id wins across parts', () => withDir(async (dir) => {
  const lines: string[] = [];
  for (let i = 1; i <= ROWS; i++) {
    const mid = i === ROWS - 1 ? 'm-dup' : i === 2 ? 'm-dup' : `m${i}`;
    lines.push(JSON.stringify({ contact_id: `c${i % 1000}`, name: i === 2 ? 'first' : i === ROWS - 1 ? 'second' : 'view', ts: '2026-01-01T10:00:00Z', properties: { pad: PAD }, message_id: mid }));
  }
  lines[99] = JSON.stringify({ contact_id: 'c1', name: 'view', ts: 'yesterday', message_id: 'mbad' });
  const path = join(dir, 'events.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  assert.ok(statSync(path).size > 8 << 20);
  const f = await fixture({});
  try {
    const ws = await f.at('2026-10-25T09:00:00Z');
    const s = await importEvents(ws, path);
    assert.deepEqual(s.rejects.map((r) => r.line), [100]);
    assert.equal(s.imported, ROWS - 2);
    assert.equal(s.duplicates, 1);
    assert.equal(s.contactsCreated, 1000);
    assert.deepEqual(await ws.query({ type: 'event', event: 'first' }), ['c2']);
    assert.deepEqual(await ws.query({ type: 'event', event: 'second' }), []);
  } finally {
    await f.close();
  }
}));
