import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

// Rejected rows go to `--rejects FILE`, else beside the input, else `<data>/rejects/`; a
// place that cannot be written never fails an import whose good rows are stored.
//
// The reported case is an input in a read-only folder. Tests run as root, and root
// writes into a chmod 0555 folder anyway, so each unwritable place here is one no user
// can write, root included: the path is taken by a directory (`X.rejects.ndjson/`), or it
// lies under a regular file (`file.txt/rejects.ndjson`). The folder is made 0555 as well,
// which is the whole cause when the tests run as another user.

const BIN = resolve('bin/segmint.js');

function cli(data: string, args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync('node', [BIN, '--data', data, ...args], { encoding: 'utf8', env: { ...process.env, SEGMINT_DATA: '', SEGMINT_NOW: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('where rejected rows go', () => {
  let dir: string;
  let readOnly: string;
  let contacts: string;
  let events: string;
  const rows = [
    JSON.stringify({ id: 'a', city: 'Bern' }),
    JSON.stringify({ id: 'b', city: 42, nope: 1 }),
    JSON.stringify({ id: 'c', city: 'Basel' }),
  ].join('\n');

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'segmint-rejects-'));
    readOnly = join(dir, 'incoming');
    mkdirSync(readOnly);
    contacts = join(readOnly, 'contacts.ndjson');
    events = join(readOnly, 'events.csv');
    writeFileSync(contacts, rows);
    writeFileSync(events, 'contact_id,name,ts\na,login,2026-10-01T10:00:00Z\nb,login,yesterday\n');
    // Taken by directories: not even root can write a file there.
    mkdirSync(`${contacts}.rejects.ndjson`);
    mkdirSync(`${events}.rejects.ndjson`);
    writeFileSync(join(dir, 'file.txt'), 'a regular file');
    chmodSync(readOnly, 0o555);
  });
  after(() => {
    chmodSync(readOnly, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  const fresh = (name: string): string => {
    const data = join(dir, name);
    assert.equal(cli(data, ['fields', 'apply', writeFields()]).code, 0);
    return data;
  };
  const writeFields = (): string => {
    const p = join(dir, 'fields.json');
    writeFileSync(p, JSON.stringify([{ key: 'city', label: 'City', type: 'text' }]));
    return p;
  };

  test('the place beside the input cannot be written: the rows go to <data>/rejects/ and the summary says so', () => {
    const data = fresh('data-fallback');
    const r = cli(data, ['import', 'contacts', contacts]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /3 rows read, 2 imported, 0 updated, 1 rejected/);
    const written = /rejected rows written to (.+)$/m.exec(r.out)?.[1] ?? assert.fail(`no rejects file in: ${r.out}`);
    assert.equal(resolve(written, '..'), join(data, 'rejects'));
    assert.match(basename(written), /^contacts\.ndjson\.\d{8}T\d{9}Z\.rejects\.ndjson$/);
    const lines = readFileSync(written, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l: { line: number }) => l.line), [2]);
    assert.deepEqual(lines[0].record, { id: 'b', city: 42, nope: 1 });
    assert.ok(statSync(`${contacts}.rejects.ndjson`).isDirectory(), 'what sat beside the input is left alone');
    assert.equal(cli(data, ['count', 'city is set']).out.trim(), '2');
  });

  test('--rejects FILE puts them there, for contacts and events', () => {
    const data = fresh('data-chosen');
    const chosen = join(dir, 'chosen', 'bad-rows.ndjson');
    mkdirSync(join(dir, 'chosen'));
    const r = cli(data, ['import', 'contacts', contacts, '--rejects', chosen, '--json']);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.deepEqual([s.imported, s.rejected, s.rejectsFile, s.rejectsWarning], [2, 1, chosen, null]);
    assert.equal(readFileSync(chosen, 'utf8').trim().split('\n').length, 1);
    const chosenEvents = join(dir, 'chosen', 'bad-events.ndjson');
    const e = cli(data, ['import', 'events', events, '--rejects', chosenEvents]);
    assert.equal(e.code, 0, e.err);
    assert.match(e.out, new RegExp(`rejected rows written to ${chosenEvents.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.match(readFileSync(chosenEvents, 'utf8'), /"ts: \\"yesterday\\" is not an ISO-8601 datetime"/);
    assert.deepEqual(readdirSync(join(data)).includes('rejects'), false, 'no fallback was needed');
  });

  test('an unwritable --rejects FILE falls back to <data>/rejects/ too', () => {
    const data = fresh('data-bad-choice');
    const r = cli(data, ['import', 'events', events, '--rejects', join(dir, 'file.txt', 'rejects.ndjson')]);
    assert.equal(r.code, 0, r.err);
    const written = /rejected rows written to (.+)$/m.exec(r.out)?.[1] ?? assert.fail(r.out);
    assert.equal(resolve(written, '..'), join(data, 'rejects'));
    assert.ok(existsSync(written));
  });

  test('when no place can be written: a warning, the summary, exit 0, and the good rows kept', () => {
    const data = fresh('data-nowhere');
    // <data>/rejects is a regular file: the fallback folder cannot be made, by root either.
    writeFileSync(join(data, 'rejects'), 'in the way');
    const r = cli(data, ['import', 'contacts', contacts, '--rejects', join(dir, 'file.txt', 'rejects.ndjson')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /3 rows read, 2 imported, 0 updated, 1 rejected/);
    assert.match(r.out, /line 2: /);
    assert.match(r.out, /rejected rows not written/);
    assert.match(r.err, /^warning: 1 rejected rows could not be written \(.*file\.txt\/rejects\.ndjson: .*; .*rejects.*\)$/m);
    assert.equal(cli(data, ['count', 'city is set']).out.trim(), '2');
    const json = cli(data, ['import', 'contacts', contacts, '--rejects', join(dir, 'file.txt', 'rejects.ndjson'), '--json']);
    assert.equal(json.code, 0);
    const s = JSON.parse(json.out);
    assert.equal(s.rejectsFile, null);
    assert.match(s.rejectsWarning, /could not be written/);
  });
});
