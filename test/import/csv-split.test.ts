import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importContacts } from '../../src/import/index.js';
import { splitCsvRecords } from '../../src/import/split-csv.js';
import { fixture } from '../workspace-fixture.js';

// Large CSV files are cut at newlines between records (an even number of quotes before
// them) and checked in parts: quoted values holding newlines, commas and doubled quotes
// must never be cut, and refused rows must keep the line they have in the file.

const FIELDS = [
  { key: 'city', label: 'City', type: 'text' as const },
  { key: 'points', label: 'Points', type: 'number' as const },
  { key: 'notes', label: 'Notes', type: 'text' as const },
];
const PAD = 'x'.repeat(1000);
const ROWS = 40_000; // about 14 MiB: split into parts

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-csv-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * A quoted note of three lines with commas and doubled quotes, different per row. Most of
 * the file's bytes are in its long first line, so an even cut lands inside quotes and the
 * newline after it must be passed over.
 */
const multiLine = (i: number): string => `"${PAD} said ""hi"", row ${i}\nsecond line, ""quoted""\nend"`;

interface Built { readonly text: string; readonly rejectLines: number[]; readonly badPoints: number; readonly badShape: number; readonly multi: number }

/** Contacts CSV: every 3rd row has a multi-line note; a few rows are refused. */
function build(): Built {
  const out = ['id,city,points,notes'];
  let line = 1;
  const rejectLines: number[] = [];
  let badPoints = 0, badShape = 0, multi = 0;
  for (let i = 1; i <= ROWS; i++) {
    const start = line + 1;
    const pushed = out.length;
    if (i === 7 || i === 20_001 || i === ROWS) {
      out.push(`c${i},Basel,many,short`); badPoints++; rejectLines.push(start);
    } else if (i === 12_345 || i === 33_333) {
      out.push(`c${i},Basel,short`); badShape++; rejectLines.push(start); // one value short
    } else if (i === 3) {
      out.push(`dup,Basel,1,${multiLine(i)}`);
    } else if (i === 30_000) {
      out.push(`dup,Bern,2,short`);
    } else {
      if (i % 3 === 0) multi++;
      out.push(`c${i},${i % 2 ? '"Zürich, ZH"' : 'Genève'},${i},${i % 3 === 0 ? multiLine(i) : 'short'}`);
      if (i % 4_000 === 0) out.push(''); // blank lines count as lines
    }
    line += out.slice(pushed).join('\n').split('\n').length;
  }
  return { text: `${out.join('\n')}\n`, rejectLines, badPoints, badShape, multi };
}

test('a large CSV is cut only between records, with the lines of each part counted', () => withDir(async (dir) => {
  const { text } = build();
  const path = join(dir, 'contacts.csv');
  writeFileSync(path, text);
  const bytes = readFileSync(path);
  const ranges = splitCsvRecords(path, 4);
  assert.equal(ranges.length, 4);
  assert.equal(ranges[0].start, 0);
  assert.equal(ranges[ranges.length - 1].end, bytes.length);
  for (const [i, r] of ranges.entries()) {
    if (i > 0) {
      assert.equal(r.start, ranges[i - 1].end);
      assert.deepEqual(r.columns, ['id', 'city', 'points', 'notes']);
      const before = bytes.subarray(0, r.start);
      assert.equal(before[before.length - 1], 0x0a, 'a cut follows a newline');
      assert.equal(before.filter((b) => b === 0x22).length % 2, 0, 'a cut is outside quotes');
      assert.match(bytes.subarray(r.start, r.start + 10).toString(), /^(c\d+|dup),/, 'a part starts with a record');
    } else assert.equal(r.columns, undefined);
    if (i < ranges.length - 1) assert.equal(r.lines, bytes.subarray(r.start, r.end).filter((b) => b === 0x0a).length);
  }
}));

test('a CSV with a quote out of place is read in one part', () => withDir(async (dir) => {
  const path = join(dir, 'contacts.csv');
  const { text } = build();
  writeFileSync(path, text.replace('c100,Genève,100,', 'c100,Gen"ève,100,'));
  assert.deepEqual(splitCsvRecords(path, 4), [{ start: 0, end: statSync(path).size }]);
  writeFileSync(path, text.replace('c101,"Zürich, ZH",', 'c101,"Zürich, ZH"x,'));
  assert.deepEqual(splitCsvRecords(path, 4), [{ start: 0, end: statSync(path).size }]);
}));

test('a large CSV imports as one reader would: multi-line values whole, refused rows on their file line', () => withDir(async (dir) => {
  const { text, rejectLines, badPoints, badShape, multi } = build();
  const path = join(dir, 'contacts.csv');
  writeFileSync(path, text);
  assert.ok(statSync(path).size > 8 << 20, 'the file is large enough to be split');
  const f = await fixture({ fields: FIELDS });
  try {
    const ws = await f.at('2026-10-25T09:00:00Z');
    const s = await importContacts(ws, path);
    assert.deepEqual(s.rejects.map((r) => r.line), rejectLines);
    assert.equal(s.rejects.filter((r) => /^points: "many" is not a number/.test(r.reasons[0])).length, badPoints);
    assert.equal(s.rejects.filter((r) => /^CSV: /.test(r.reasons[0])).length, badShape);
    assert.equal(s.read, ROWS);
    assert.equal(s.imported, ROWS - badPoints - badShape - 1); // two rows of "dup" make one contact
    const [dup] = await f.store.loadContacts(['dup']);
    assert.equal(dup.contact.values.city, 'Bern', 'the later row wins');
    const [c9999] = await f.store.loadContacts(['c9999']);
    assert.equal(c9999.contact.values.notes, `${PAD} said "hi", row 9999\nsecond line, "quoted"\nend`);
    assert.equal(c9999.contact.values.city, 'Zürich, ZH');
    assert.equal(await ws.count({ type: 'field', field: 'notes', op: 'contains', value: 'second line' }), multi);
  } finally {
    await f.close();
  }
}));

test('a CSV record with the wrong number of values is refused on its own and the rest imports', () => withDir(async (dir) => {
  const path = join(dir, 'small.csv');
  writeFileSync(path, 'id,city,points\nc1,Basel,1\nc2,Bern\nc3,Chur,3,extra\nc4,"Lugano, TI",4\n');
  const f = await fixture({ fields: FIELDS });
  try {
    const ws = await f.at('2026-10-25T09:00:00Z');
    const s = await importContacts(ws, path);
    assert.deepEqual(s.rejects.map((r) => r.line), [3, 4]);
    assert.match(s.rejects[0].reasons[0], /^CSV: .*(record length|columns)/i);
    assert.equal(s.read, 4);
    assert.equal(s.imported, 2);
    assert.deepEqual((await f.store.loadContacts()).map((c) => [c.contact.id, c.contact.values.city]), [['c1', 'Basel'], ['c4', 'Lugano, TI']]);
  } finally {
    await f.close();
  }
}));
