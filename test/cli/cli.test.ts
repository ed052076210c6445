import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The CLI as a user meets it: a real process, a real data directory.

const BIN = resolve('bin/segmint.js');

function cli(data: string, args: string[], opts: { now?: string } = {}): { code: number; out: string; err: string } {
  const env = { ...process.env, SEGMINT_DATA: '', SEGMINT_NOW: '' };
  const r = spawnSync('node', [BIN, '--data', data, ...(opts.now ? ['--now', opts.now] : []), ...args], { encoding: 'utf8', env });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function ok(data: string, args: string[], opts: { now?: string } = {}): string {
  const r = cli(data, args, opts);
  assert.equal(r.code, 0, `segmint ${args.join(' ')} failed: ${r.err}`);
  return r.out;
}

const NOW = '2026-10-25T09:00:00Z';

describe('segmint CLI', () => {
  let dir: string;
  let data: string;
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'segmint-cli-'));
    data = join(dir, 'data');
    ok(data, ['config', 'set', 'timezone', 'Europe/Zurich']);
    ok(data, ['fields', 'apply', file('fields.json', JSON.stringify([
      { key: 'city', label: 'City', type: 'text' },
      { key: 'points', label: 'Points', type: 'number' },
      { key: 'status', label: 'Status', type: 'select', options: ['prospect', 'customer', 'vip'] },
      { key: 'birth_date', label: 'Birth date', type: 'date' },
      { key: 'interests', label: 'Interests', type: 'multiselect', options: ['tech', 'events'] },
    ]))]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('global options are accepted before and after the command', () => {
    const before = JSON.parse(cli(data, ['--json', 'config', 'get']).out);
    const r = spawnSync('node', [BIN, 'config', 'get', '--json', '--data', data], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), before);
    assert.deepEqual(before, { timezone: 'Europe/Zurich' });
  });

  test('an unknown time zone is refused with one line naming it', () => {
    const r = cli(data, ['config', 'set', 'timezone', 'Europe/Zurik']);
    assert.equal(r.code, 1);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /"Europe\/Zurik" is not an IANA time zone/);
    assert.equal(JSON.parse(ok(data, ['config', 'get', '--json'])).timezone, 'Europe/Zurich');
  });

  test('a bad fields file names the field and the problem, and nothing is declared', () => {
    const r = cli(data, ['fields', 'apply', file('bad-fields.json', JSON.stringify([
      { key: 'ok_field', label: 'Fine', type: 'text' },
      { key: 'Bad Key', label: 'x', type: 'text' },
      { key: 'tier', label: 'Tier', type: 'select' },
    ]))]);
    assert.equal(r.code, 1);
    assert.match(r.err, /fields\[1\]\.key/);
    assert.match(r.err, /a select field needs "options" at fields\[2\]\.options/);
    const keys = (JSON.parse(ok(data, ['fields', 'list', '--json'])) as { key: string }[]).map((f) => f.key);
    assert.ok(!keys.includes('ok_field'));
  });

  test('import reports each bad row with line and reason, writes rejects, keeps good rows, merges updates', () => {
    const contacts = file('contacts.ndjson', [
      JSON.stringify({ id: 'a', city: 'Zürich', points: 10, status: 'vip', tags: ['x'] }),
      JSON.stringify({ id: 'b', city: 'Bern', points: '20', birth_date: '1990-02-28' }),
      '{not json',
      JSON.stringify({ id: 'c', points: 'lots' }),
      JSON.stringify({ id: 'd', status: 'platinum', city: 'Basel' }),
      JSON.stringify({ id: 'e', favourite: 'blue' }),
      '',
      JSON.stringify({ id: 'a', points: 11 }),
    ].join('\n'));
    const s = JSON.parse(ok(data, ['import', 'contacts', contacts, '--json']));
    assert.equal(s.read, 7);
    assert.equal(s.imported, 2);
    assert.equal(s.rejected, 4);
    assert.deepEqual(s.rejects.map((r: { line: number }) => r.line), [3, 4, 5, 6]);
    assert.match(s.rejects[1].reasons[0], /points: "lots" is not a number/);
    assert.match(s.rejects[2].reasons[0], /status: "platinum" is not one of prospect, customer, vip/);
    assert.match(s.rejects[3].reasons[0], /favourite: unknown field/);
    assert.ok(existsSync(`${contacts}.rejects.ndjson`));
    assert.equal(readFileSync(`${contacts}.rejects.ndjson`, 'utf8').trim().split('\n').length, 4);
    // A later update carries only points: city and status of `a` stay.
    const rows = ok(data, ['import', 'contacts', file('upd.ndjson', `${JSON.stringify({ id: 'a', points: 12 })}\n${JSON.stringify({ id: 'b', city: '' })}\n`)]);
    assert.match(rows, /2 rows read, 0 imported, 2 updated, 0 rejected/);
    assert.equal(ok(data, ['count', 'city = "zürich" and points = 12 and status = "vip"'], { now: NOW }).trim(), '1');
    assert.equal(ok(data, ['count', 'city is not set'], { now: NOW }).trim(), '1');
  });

  test('a rejected row changes nothing of its contact', () => {
    ok(data, ['import', 'contacts', file('bad-upd.ndjson', `${JSON.stringify({ id: 'a', points: 99, status: 'nope' })}\n`)]);
    assert.equal(ok(data, ['count', 'points = 12'], { now: NOW }).trim(), '1');
    assert.equal(ok(data, ['count', 'points = 99'], { now: NOW }).trim(), '0');
  });

  test('CSV contacts: header row, lists split on ;', () => {
    const csv = file('contacts.csv', 'id,city,interests,points\nf,Luzern,tech;events,5\ng,,events,\n');
    const s = JSON.parse(ok(data, ['import', 'contacts', csv, '--json']));
    assert.equal(s.imported, 2);
    assert.equal(ok(data, ['count', 'interests all of ("tech", "events")'], { now: NOW }).trim(), '1');
  });

  // A workspace of its own: the tests above and below count this one's contacts.
  const mapData = (): string => join(dir, 'map-data');

  test('--map imports a file whose columns are not field keys: renamed, skipped, rejects told by the line and record as given', () => {
    ok(mapData(), ['fields', 'apply', join(dir, 'fields.json')]);
    const csv = file('crm-export.csv', 'Customer ID,Town,Loyalty Points,Notes\nm1,Chur,7,call back\nm2,Chur,lots,\nm3,Sion,3,\n');
    const args = ['import', 'contacts', csv, '--map', 'Customer ID=id', '--map', 'Town=city', '--map', 'Loyalty Points=points', '--map', 'Notes=', '--json'];
    const s = JSON.parse(ok(mapData(), args));
    assert.deepEqual([s.read, s.imported, s.rejected], [3, 2, 1]);
    assert.equal(s.rejects[0].line, 3);
    assert.match(s.rejects[0].reasons.join(' '), /points/);
    const kept = JSON.parse(readFileSync(`${csv}.rejects.ndjson`, 'utf8').trim());
    assert.deepEqual([kept.line, kept.record['Loyalty Points'], kept.record['Customer ID']], [3, 'lots', 'm2']);
    assert.equal(ok(mapData(), ['count', 'city = "Chur" and points = 7'], { now: NOW }).trim(), '1');
    assert.equal(ok(mapData(), ['count', 'city = "Sion"'], { now: NOW }).trim(), '1');

    // A column the file lacks, or a key no field has: refused before anything is read in.
    const absent = cli(mapData(), ['import', 'contacts', csv, '--map', 'Customer Id=id']);
    assert.equal(absent.code, 1);
    assert.match(absent.err, /--map names the column "Customer Id", which .* does not have \(its columns: "Customer ID", "Town"/);
    const unknown = cli(mapData(), ['import', 'contacts', file('crm-2.csv', 'Customer ID,Region\nm9,North\n'), '--map', 'Customer ID=id', '--map', 'Region=region']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /region/);
    assert.match(unknown.err, /--map "Region"/);
    assert.equal(ok(mapData(), ['count', 'city = "Chur" or city = "Sion"'], { now: NOW }).trim(), '2', 'nothing of the refused files was stored');
    assert.equal(cli(mapData(), ['import', 'contacts', csv, '--map', 'Town']).code, 1, 'COLUMN=KEY is required');
  });

  test('--map names a column an NDJSON file has only past its first thousand lines', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ 'Customer ID': `late${i}` }));
    lines.push(JSON.stringify({ 'Customer ID': 'late-town', Town: 'Aarau' }));
    const s = JSON.parse(ok(mapData(), ['import', 'contacts', file('late.ndjson', `${lines.join('\n')}\n`), '--map', 'Customer ID=id', '--map', 'Town=city', '--json']));
    assert.deepEqual([s.imported, s.rejected], [1001, 0]);
    assert.equal(ok(mapData(), ['count', 'city = "Aarau"'], { now: NOW }).trim(), '1');
  });

  test('--map on events: columns become contact_id, name, ts and properties', () => {
    const csv = file('orders.csv', 'Who,What,When,Total\nm1,purchase,2026-10-22T08:00:00Z,00042.5\nm3,purchase,2026-10-22T09:00:00Z,12.5\n');
    const s = JSON.parse(ok(mapData(), ['import', 'events', csv, '--map', 'Who=contact_id', '--map', 'What=name', '--map', 'When=ts', '--map', 'Total=properties.total', '--json']));
    assert.deepEqual([s.imported, s.rejected], [2, 0]);
    assert.equal(ok(mapData(), ['count', 'performed purchase where (total = 12.5)'], { now: NOW }).trim(), '1');
    // A text that is not a plain number stays the text it was.
    assert.equal(ok(mapData(), ['count', 'performed purchase where (total = "00042.5")'], { now: NOW }).trim(), '1');
  });

  test('events: unknown contacts are created, repeated message ids stored once, bad rows reported', () => {
    const ev = file('events.ndjson', [
      JSON.stringify({ contact_id: 'a', name: 'purchase', ts: '2026-10-20T10:00:00Z', properties: { amount: 50 }, message_id: 'm1' }),
      JSON.stringify({ contact_id: 'a', name: 'purchase', ts: '2026-10-20T10:00:00Z', properties: { amount: 50 }, message_id: 'm1' }),
      JSON.stringify({ contact_id: 'new1', name: 'login', ts: '2026-10-21T10:00:00Z', message_id: 'm2' }),
      JSON.stringify({ contact_id: 'a', name: 'purchase', ts: 'yesterday', message_id: 'm3' }),
      // Not read as 23:59:59, the second before it: a leap second has no instant.
      JSON.stringify({ contact_id: 'a', name: 'purchase', ts: '2016-12-31T23:59:60Z', message_id: 'm4' }),
    ].join('\n'));
    const s = JSON.parse(ok(data, ['import', 'events', ev, '--json']));
    assert.deepEqual([s.read, s.imported, s.duplicates, s.rejected, s.contactsCreated], [5, 2, 1, 2, 1]);
    assert.match(s.rejects[0].reasons[0], /ts: "yesterday" is not an ISO-8601 datetime/);
    assert.match(s.rejects[1].reasons[0], /ts: "2016-12-31T23:59:60Z" is not a datetime with an instant of its own \(a leap second, :60, has none\)/);
    assert.equal(s.rejects[1].line, 5);
    const again = JSON.parse(ok(data, ['import', 'events', ev, '--json']));
    assert.deepEqual([again.imported, again.duplicates], [0, 3]);
    assert.equal(ok(data, ['count', 'performed purchase sum(amount) = 50'], { now: NOW }).trim(), '1');
  });

  test('a DSL error in a segments file names the segment, line and column, and nothing is saved', () => {
    const r = cli(data, ['segments', 'apply', file('bad-seg.json', JSON.stringify([
      { name: 'Fine', alias: 'fine', condition: 'points > 1' },
      { name: 'Broken', alias: 'broken', condition: 'points >' },
    ]))], { now: NOW });
    assert.equal(r.code, 1);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /\[1\]\.condition/);
    assert.match(r.err, /line 1, column/);
    assert.deepEqual(JSON.parse(ok(data, ['segments', 'list', '--json'])), []);
  });

  test('a lone surrogate in a definitions file is refused with its place, and nothing is saved', () => {
    const r = cli(data, ['segments', 'apply', file('odd-seg.json', '[{"name":"Fine","alias":"fine2","condition":"points > 1"},{"name":"Bad \\ud800","alias":"bad","condition":"all"}]')], { now: NOW });
    assert.equal(r.code, 1);
    assert.match(r.err, /odd-seg\.json\[1\]\.name: holds a lone surrogate/);
    // In a key: the object holding it is the place, said once as a key's.
    const k = cli(data, ['segments', 'apply', file('odd-key.json', '[{"name":"Fine","alias":"fine2","condition":"all","\\ud800x":1}]')], { now: NOW });
    assert.equal(k.code, 1);
    assert.match(k.err, /odd-key\.json\[0\] \(a key\): holds a lone surrogate.* at \S*odd-key\.json\[0\]\s*$/);
    assert.deepEqual(JSON.parse(ok(data, ['segments', 'list', '--json'])), []);
  });

  test('a JSON condition error names the path in the tree', () => {
    const r = cli(data, ['check', file('bad-json.json', JSON.stringify({ name: 'X', condition: { type: 'and', conditions: [{ type: 'field', field: 'nope', op: 'eq', value: 1 }, { type: 'field', field: 'points', op: 'contains', value: 'a' }] } }))]);
    assert.equal(r.code, 1);
    assert.match(r.err, /unknown field "nope" at condition\.conditions\[0\]\.field/);
    assert.match(r.err, /operator contains does not apply to number field "points" at condition\.conditions\[1\]\.op/);
  });

  test('apply, list, show, members, include/exclude, explain, delete', () => {
    const segs = file('segs.json', JSON.stringify([
      { name: 'Zurich', condition: 'city = "zurich" or city = "zürich"', category: 'Location' },
      { name: 'Buyers', alias: 'buyers', condition: { type: 'event', event: 'purchase' } },
      { name: 'Zurich buyers', alias: 'zb', condition: 'in segment zurich and in segment buyers' },
      { name: 'VIP list', alias: 'vip_list', kind: 'manual' },
    ]));
    ok(data, ['segments', 'apply', segs], { now: NOW });
    const list = JSON.parse(ok(data, ['segments', 'list', '--json']));
    assert.deepEqual(list.map((s: { alias: string; members: number }) => [s.alias, s.members]), [['zurich', 1], ['buyers', 1], ['zb', 1], ['vip_list', 0]]);
    const show = JSON.parse(ok(data, ['segments', 'show', 'zb', '--json']));
    assert.equal(show.dsl, 'in segment zurich and in segment buyers');
    assert.equal(ok(data, ['segments', 'members', 'zb']).trim(), 'a');
    ok(data, ['segments', 'include', 'vip_list', 'b', 'f'], { now: NOW });
    assert.equal(ok(data, ['segments', 'members', 'vip_list']), 'b\nf\n');
    ok(data, ['segments', 'exclude', 'zurich', 'a'], { now: NOW });
    assert.equal(ok(data, ['segments', 'members', 'zb']).trim(), '', 'excluding from a referenced segment updates its referrers');
    const csv = ok(data, ['segments', 'members', 'vip_list', '--format', 'csv']).trim().split('\n');
    assert.ok(csv[0].startsWith('id,email,phone,first_name,last_name,created_at,tags,city,points'));
    assert.equal(csv.length, 3);
    const nd = ok(data, ['segments', 'members', 'vip_list', '--format', 'ndjson']).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(nd.map((r: { id: string }) => r.id), ['b', 'f']);
    const why = ok(data, ['explain', 'buyers', 'a'], { now: NOW });
    assert.match(why, /a is IN buyers: the condition holds/);
    assert.match(why, /✓ performed purchase\s+\[events=1/);
    const whyNot = ok(data, ['explain', 'zurich', 'a'], { now: NOW });
    assert.match(whyNot, /a is OUT of zurich: excluded by hand/);
    const del = cli(data, ['segments', 'delete', 'buyers']);
    assert.equal(del.code, 1);
    assert.match(del.err, /segment "buyers" is referenced by zb/);
    ok(data, ['segments', 'delete', 'zb']);
    ok(data, ['segments', 'delete', 'buyers']);
    assert.equal(cli(data, ['segments', 'members', 'buyers']).code, 1);
  });

  test('a reference cycle is refused with the aliases in order', () => {
    ok(data, ['segments', 'apply', file('c1.json', JSON.stringify([{ name: 'P', alias: 'p', condition: 'points > 0' }, { name: 'Q', alias: 'q', condition: 'in segment p' }]))], { now: NOW });
    const r = cli(data, ['segments', 'apply', file('c2.json', JSON.stringify({ name: 'P', alias: 'p', condition: 'in segment q' }))], { now: NOW });
    assert.equal(r.code, 1);
    assert.match(r.err, /cycle: p → q → p/);
  });

  test('rebuild at a later clock moves contacts and records each change once', () => {
    ok(data, ['segments', 'apply', file('recent.json', JSON.stringify({ name: 'Recent buyers', alias: 'recent', condition: 'performed purchase within 7d' }))], { now: NOW });
    assert.equal(ok(data, ['segments', 'members', 'recent']).trim(), 'a');
    const later = '2026-10-28T10:00:01Z';
    const r = JSON.parse(ok(data, ['segments', 'rebuild', 'recent', '--json'], { now: later }));
    assert.deepEqual(r.segments.map((s: { alias: string; left: number }) => [s.alias, s.left]), [['recent', 1]]);
    const again = JSON.parse(ok(data, ['segments', 'rebuild', 'recent', '--json'], { now: later }));
    assert.deepEqual([again.segments[0].entered, again.segments[0].left], [0, 0]);
    // Time-driven: recorded when the purchase (12:00 local, summer time) left the 7-day window,
    // 12:00 local seven calendar days later in winter time, 1 ms after the inclusive edge.
    const log = JSON.parse(ok(data, ['segments', 'changes', 'recent', '--json']));
    assert.deepEqual(log.map((c: { contactId: string; change: string; at: string }) => [c.contactId, c.change, c.at]), [
      ['a', 'entered', '2026-10-25T09:00:00.000Z'],
      ['a', 'left', '2026-10-27T11:00:00.001Z'],
    ]);
  });

  test('count accepts JSON, and usage errors exit 2 with one line', () => {
    assert.equal(ok(data, ['count', '{"type":"field","field":"points","op":"gte","value":10}'], { now: NOW }).trim(), '2');
    const r = cli(data, ['segments', 'frobnicate']);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1);
    const bad = cli(data, ['count', 'points >> 3'], { now: NOW });
    assert.equal(bad.code, 1);
    assert.match(bad.err, /line 1, column/);
  });

  test('--now must be a datetime', () => {
    const r = cli(data, ['count', 'all'], { now: 'tomorrow' });
    assert.equal(r.code, 1);
    assert.match(r.err, /--now "tomorrow" is not an ISO-8601 datetime/);
  });
});

test('the bin runs with node from any directory', () => {
  const out = execFileSync('node', [BIN, '--help'], { cwd: tmpdir(), encoding: 'utf8' });
  assert.match(out, /segments/);
});

test('text is compared in Unicode NFC: decomposed and composed spellings are one value', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-nfc-'));
  try {
    const data = join(dir, 'data');
    writeFileSync(join(dir, 'f.json'), JSON.stringify([{ key: 'city', label: 'City', type: 'text' }]));
    ok(data, ['fields', 'apply', join(dir, 'f.json')]);
    writeFileSync(join(dir, 'c.ndjson'), `${JSON.stringify({ id: 'x', city: 'Zu\u0308rich' })}\n${JSON.stringify({ id: 'y', city: 'Zürich' })}\n`);
    ok(data, ['import', 'contacts', join(dir, 'c.ndjson')]);
    assert.equal(ok(data, ['count', 'city = "zürich"']).trim(), '2');
    assert.equal(ok(data, ['count', 'city = "Zu\u0308rich" case sensitive']).trim(), '2');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
