import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Journal } from '../../src/store/journal.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'segmint-journal-'));
const files = (dir: string): string[] => readdirSync(dir).sort();

test('records come back in order after a reopen, and numbering goes on after them', async () => {
  const dir = fresh();
  try {
    const { journal } = Journal.open<{ n: number; text: string }>(dir, 'j');
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => journal.append({ n, text: `é'"\n${n}` }))), [1, 2, 3]);
    journal.close();
    const again = Journal.open<{ n: number; text: string }>(dir, 'j');
    assert.deepEqual(again.records, [1, 2, 3].map((n) => ({ seq: n, body: { n, text: `é'"\n${n}` } })));
    assert.equal(await again.journal.append({ n: 4, text: '' }), 4);
    again.journal.close();
    assert.equal(Journal.open(dir, 'j').records.length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a record cut short by a crash, or one that fails its check, ends the journal and is cut off', async () => {
  const dir = fresh();
  try {
    const { journal } = Journal.open<string>(dir, 'j');
    await journal.append('kept');
    await journal.append('also kept');
    journal.close();
    const path = join(dir, 'j.1');
    const whole = statSync(path).size;
    // Half of a third record: its length promises more than the file holds.
    const head = Buffer.alloc(8);
    head.writeUInt32LE(100, 0);
    appendFileSync(path, Buffer.concat([head, Buffer.from('{"seq":3,"bo')]));
    const opened = Journal.open<string>(dir, 'j');
    assert.deepEqual(opened.records.map((r) => r.body), ['kept', 'also kept']);
    assert.equal(statSync(path).size, whole, 'the torn record is cut off, so the next append is readable');
    await opened.journal.append('after the crash');
    opened.journal.close();
    assert.deepEqual(Journal.open<string>(dir, 'j').records.map((r) => r.body), ['kept', 'also kept', 'after the crash']);

    // One flipped byte in the second record: reading stops before it.
    const bytes = readFileSync(path);
    const second = 8 + bytes.readUInt32LE(0);
    bytes[second + 8 + 3] ^= 1;
    writeFileSync(path, bytes);
    assert.deepEqual(Journal.open<string>(dir, 'j').records.map((r) => r.body), ['kept']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('released records free their files: emptied when nothing newer exists, left for a new file when it has grown', async () => {
  const dir = fresh();
  try {
    const { journal } = Journal.open<string>(dir, 'j', 100);
    await journal.append('a');
    await journal.release(1);
    assert.equal(statSync(join(dir, 'j.1')).size, 0, 'everything in it applied: emptied');

    // Under steady writes the current file always holds a newer record: past its size it is
    // left for a new file, and deleted once its records are applied.
    for (let i = 0; i < 5; i++) await journal.append('x'.repeat(40));
    await journal.release(3);
    await journal.append('in the new file');
    assert.deepEqual(files(dir), ['j.1', 'j.2']);
    const reopened = Journal.open<string>(dir, 'j', 100);
    assert.deepEqual(reopened.records.map((r) => r.seq), [2, 3, 4, 5, 6, 7]);
    reopened.journal.close();
    await journal.release(6);
    assert.deepEqual(files(dir), ['j.2']);
    await journal.release(7);
    assert.equal(statSync(join(dir, 'j.2')).size, 0);
    journal.close();
    const last = Journal.open<string>(dir, 'j', 100);
    assert.deepEqual(last.records, []);
    last.journal.continueAfter(7);
    assert.equal(await last.journal.append('next'), 8);
    last.journal.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
