import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRows, splitLines, type ByteRange } from '../../src/import/rows.js';

// The NDJSON reader decodes ASCII chunks as Latin-1 and other chunks line by line: whatever
// the bytes, every line must read as the whole file decoded as UTF-8 at once reads it.

async function read(path: string, range?: ByteRange): Promise<{ line: number; record: unknown; error?: string }[]> {
  const out: { line: number; record: unknown; error?: string }[] = [];
  for await (const b of readRows(path, 'ndjson', range)) for (const r of b.rows) out.push({ line: r.line, record: r.record, ...(r.error ? { error: r.error } : {}) });
  return out;
}

/** What reading the whole file as one UTF-8 text gives. */
function expected(bytes: Buffer): { line: number; record: unknown }[] {
  const out: { line: number; record: unknown }[] = [];
  bytes.toString('utf8').split('\n').forEach((l, i) => {
    const t = l.replace(/\r$/, '').trim();
    if (t) out.push({ line: i + 1, record: JSON.parse(t) as unknown });
  });
  return out;
}

test('lines read the same whatever their characters, line endings and length', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-rows-'));
  try {
    const parts: Buffer[] = [Buffer.from('\ufeff{"id":"bom"}\r\n')];
    for (let i = 0; i < 30_000; i++) {
      const city = i % 97 === 0 ? 'Zürich 🏔' : i % 89 === 0 ? 'Genève' : 'Basel';
      parts.push(Buffer.from(`${JSON.stringify({ id: `c${i}`, city, pad: 'x'.repeat(i % 50) })}${i % 3 ? '\n' : '\r\n'}`));
    }
    // Bytes that are not UTF-8 inside a string (read as U+FFFD, as a UTF-8 decoder does).
    parts.push(Buffer.concat([Buffer.from('{"id":"bad","city":"'), Buffer.from([0xff, 0xc3]), Buffer.from('"}\n')]));
    // A line longer than a read (1 MiB), with a multi-byte character across the read boundary.
    const head = Buffer.concat(parts);
    const boundary = Math.ceil((head.length + 100) / (1 << 20)) * (1 << 20);
    const fill = boundary - head.length - 30;
    parts.push(Buffer.from(`{"id":"long","text":"${'a'.repeat(fill)}ééééééééééééééééééééé${'b'.repeat(1 << 20)}"}\n`));
    parts.push(Buffer.from('{"id":"last","city":"Zürich"}')); // no newline at the end
    const bytes = Buffer.concat(parts);
    const path = join(dir, 'c.ndjson');
    writeFileSync(path, bytes);
    {
      const got = await read(path);
      const want = expected(bytes);
      assert.equal(got.length, want.length);
      assert.deepEqual(got, want);
      assert.deepEqual(got[0].record, { id: 'bom' });
      assert.equal((got.find((r) => (r.record as { id: string }).id === 'bad')?.record as { city: string }).city, '\ufffd\ufffd');
      // Read in ranges (as the import's workers do), the lines are the same, numbered from each range's start.
      const ranges = splitLines(path, 3);
      const joined: unknown[] = [];
      for (const r of ranges) for (const row of await read(path, r)) joined.push(row.record);
      assert.deepEqual(joined, want.map((w) => w.record));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
