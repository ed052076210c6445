import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { normalizeName } from '../../src/fields/index.js';
import { importContacts } from '../../src/import/index.js';
import { fixture } from '../workspace-fixture.js';

// The csv-spectrum corpus (quoted commas, doubled quotes, newlines and CRLF inside values,
// empty quoted values, UTF-8, a quote inside an unquoted value), each file imported as
// contacts with --create-fields: its first column is the id (renamed in the header, the
// only change), and every value must come back as the corpus's own JSON says it reads.

const CORPUS = dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));

test('every csv-spectrum file imports to the values its JSON gives', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-spectrum-'));
  const wrong: string[] = [];
  try {
    const names = readdirSync(join(CORPUS, 'csvs')).filter((f) => f.endsWith('.csv'));
    assert.ok(names.length >= 12, `the corpus has its files (${names.length})`);
    for (const name of names) {
      const csv = readFileSync(join(CORPUS, 'csvs', name), 'utf8');
      const json: unknown = JSON.parse(readFileSync(join(CORPUS, 'json', name.replace(/\.csv$/, '.json')), 'utf8'));
      const expected = (Array.isArray(json) ? json : [json]) as Record<string, string>[];
      // The header is the file's first line in every file of the corpus.
      const eol = csv.indexOf('\n');
      const header = csv.slice(0, eol).replace(/\r$/, '').split(',');
      const keys = ['id', ...header.slice(1).map(normalizeName)];
      const path = join(dir, name);
      writeFileSync(path, keys.join(',') + csv.slice(csv.slice(0, eol).endsWith('\r') ? eol - 1 : eol));

      const f = await fixture({});
      try {
        const ws = await f.at('2026-10-25T09:00:00Z');
        const s = await importContacts(ws, path, { createFields: true, rejectsPath: join(dir, `${name}.rejects.ndjson`) });
        if (s.rejected) wrong.push(`${name}: rejected ${JSON.stringify(s.rejects)}`);
        const stored = new Map((await f.store.loadContacts()).map((c) => [c.contact.id, c.contact.values]));
        assert.equal(stored.size, expected.length, name);
        for (const row of expected) {
          const [first, ...rest] = Object.keys(row);
          // location_coordinates.json reads its id as 1234567890 where the CSV holds
          // 2095257564 (the corpus's own slip); a file of one row is its one contact.
          const values = stored.get(row[first]) ?? (expected.length === 1 ? [...stored.values()][0] : undefined);
          if (!values) { wrong.push(`${name}: no contact ${JSON.stringify(row[first])}`); continue; }
          for (const column of rest) {
            const got = values[normalizeName(column)];
            const want = row[column];
            // Empty is missing (SEGMENT-LANGUAGE §1); a column of numbers holds the number written.
            const same = want === '' ? got === null || got === undefined : typeof got === 'number' ? String(got) === want : got === want;
            if (!same) wrong.push(`${name}: ${column} ${JSON.stringify(got)}, the corpus reads ${JSON.stringify(want)}`);
          }
        }
      } finally {
        await f.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(wrong, []);
});
