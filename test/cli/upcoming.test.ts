import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// `segmint upcoming` without a server: who will enter or leave, and when, from the store.

const BIN = fileURLToPath(new URL('../../../bin/segmint.js', import.meta.url));

test('segmint upcoming lists the window exits and the gap elapsing of the next days, in time order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-upcoming-'));
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, '--data', join(dir, 'data'), '--now', '2026-05-10T12:00:00Z', ...args], { encoding: 'utf8' });
  try {
    writeFileSync(join(dir, 'segments.json'), JSON.stringify([
      { name: 'Recent buyers', alias: 'recent', condition: 'performed purchase within 7d' },
      { name: 'Abandoned', alias: 'abandoned', condition: 'performed cart_add then not purchase gap 48h within 14d' },
    ]));
    writeFileSync(join(dir, 'events.ndjson'), [
      { contact_id: 'ann', name: 'purchase', ts: '2026-05-04T08:00:00Z' },
      { contact_id: 'bob', name: 'purchase', ts: '2026-04-01T08:00:00Z' },
      { contact_id: 'cy', name: 'cart_add', ts: '2026-05-09T20:00:00Z' },
    ].map((e) => JSON.stringify(e)).join('\n'));
    assert.equal(run('segments', 'apply', join(dir, 'segments.json')).status, 0);
    assert.equal(run('import', 'events', join(dir, 'events.ndjson')).status, 0);
    const recent = run('upcoming', 'recent', '--days', '3', '--json');
    assert.equal(recent.status, 0, recent.stderr);
    assert.deepEqual(JSON.parse(recent.stdout), [{ contactId: 'ann', change: 'left', at: '2026-05-11T08:00:00.001Z' }]);
    const abandoned = run('upcoming', 'abandoned', '--json');
    assert.deepEqual(JSON.parse(abandoned.stdout), [{ contactId: 'cy', change: 'entered', at: '2026-05-11T20:00:00.000Z' }]);
    assert.match(run('upcoming', 'recent', '--days', '0').stderr, /--days must be a whole number from 1 to 366/);
    assert.match(run('upcoming', 'nope').stderr, /no segment with alias "nope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
