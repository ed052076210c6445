import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importContacts, importEvents } from '../../src/import/index.js';
import { fixture } from '../workspace-fixture.js';

// An NDJSON line is read with JSON.parse, which rounds 12345678901234567890 and reads 1e400
// as Infinity without a word. Such a line is refused at the number's place; the same
// digits in quotes are text, kept as written.

test('NDJSON: a number with more digits than a number keeps refuses its line, naming where', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-digits-'));
  const f = await fixture({ fields: [{ key: 'points', label: 'Points', type: 'number' }, { key: 'ref', label: 'Ref', type: 'text' }] });
  try {
    const ws = await f.at('2026-10-25T09:00:00Z');
    const contacts = join(dir, 'contacts.ndjson');
    writeFileSync(contacts, [
      '{"id": 12345678901234567890}',
      '{"id": "a", "points": 9007199254740993}',
      '{"id": "b", "points": 1e400}',
      '{"id": "c", "points": 0.1, "ref": "12345678901234567890"}',
      '{"id": 4200, "points": 1.50e3}',
    ].join('\n'));
    const s = await importContacts(ws, contacts, { rejectsPath: join(dir, 'c.rejects') });
    assert.deepEqual(s.rejects, [
      { line: 1, reasons: ['id: 12345678901234567890 has more digits than a number keeps (send it as a text, in quotes)'] },
      { line: 2, reasons: ['points: 9007199254740993 has more digits than a number keeps (send it as a text, in quotes)'] },
      { line: 3, reasons: ['points: 1e400 has more digits than a number keeps (send it as a text, in quotes)'] },
    ]);
    const stored = Object.fromEntries((await f.store.loadContacts()).map((c) => [c.contact.id, c.contact.values]));
    assert.deepEqual(Object.keys(stored).sort(), ['4200', 'c']);
    assert.deepEqual([stored.c.points, stored.c.ref, stored['4200'].points], [0.1, '12345678901234567890', 1500]);

    const events = join(dir, 'events.ndjson');
    writeFileSync(events, [
      '{"contact_id": "c", "name": "buy", "ts": "2026-10-01T10:00:00Z", "properties": {"items": [{"sku": 123456789012345678}]}}',
      '{"contact_id": "c", "name": "buy", "ts": "2026-10-02T10:00:00Z", "properties": {"items": [{"sku": "123456789012345678"}]}}',
    ].join('\n'));
    const e = await importEvents(ws, events, { rejectsPath: join(dir, 'e.rejects') });
    assert.deepEqual(e.rejects, [{ line: 1, reasons: ['properties.items[0].sku: 123456789012345678 has more digits than a number keeps (send it as a text, in quotes)'] }]);
    assert.equal(e.imported, 1);
  } finally {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
