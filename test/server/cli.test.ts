import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

// `segmint serve` as a real process, and the CLI on the same data directory while it
// runs: every command goes through the server (DuckDB lets one process hold the file)
// and prints what it prints on a directory without a server. Two directories built the
// same way, one served and one not, must answer every command alike.

const BIN = resolve('bin/segmint.js');
const NOW = '2026-03-15T10:00:00Z';

/** Run the CLI without blocking this process (its HTTP connections keep their timers). */
function cli(data: string, args: string[], now: string | null = NOW): Promise<{ code: number; out: string; err: string }> {
  const env = { ...process.env, SEGMINT_DATA: '', SEGMINT_NOW: '' };
  const child = spawn('node', [BIN, '--data', data, ...(now ? ['--now', now] : []), ...args], { env });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, out, err })));
}

async function ok(data: string, args: string[], now: string | null = NOW): Promise<string> {
  const r = await cli(data, args, now);
  assert.equal(r.code, 0, `segmint ${args.join(' ')} failed: ${r.err}`);
  return r.out;
}

/** Timings differ from run to run; everything else must not. */
const untimed = (text: string): string => text.replace(/"ms": [\d.]+/g, '"ms": 0');

interface Served { child: ChildProcess; url: string; adminKey: string | null; exited: Promise<number | null> }

/** Start `segmint serve` and wait for the JSON line it prints once it accepts requests. */
async function serve(data: string): Promise<Served> {
  const child = spawn('node', [BIN, '--data', data, '--now', NOW, '--json', 'serve', '--port', '0'], { env: { ...process.env, SEGMINT_DATA: '', SEGMINT_NOW: '' } });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let out = '';
  let err = '';
  child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  const info = await new Promise<{ url: string; adminKey: string | null }>((res, rej) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      try { res(JSON.parse(out) as { url: string; adminKey: string | null }); } catch { /* not whole yet */ }
    });
    void exited.then((code) => rej(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, url: info.url, adminKey: info.adminKey, exited };
}

describe('segmint serve, and the CLI through it', () => {
  let dir: string;
  let served: string;
  let local: string;
  let server: Served;
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'segmint-serve-'));
    served = join(dir, 'served');
    local = join(dir, 'local');
    const fields = file('fields.json', JSON.stringify([
      { key: 'city', label: 'City', type: 'text' },
      { key: 'points', label: 'Points', type: 'number' },
      { key: 'joined', label: 'Joined', type: 'datetime' },
    ]));
    const contacts = file('contacts.ndjson', [
      { id: 'c1', city: 'Zürich', points: 1200, joined: '2026-01-01T10:00:00Z', tags: ['vip'] },
      { id: 'c2', city: 'Bern', points: 300 },
      { id: 'c3', city: 'Zürich', points: 50 },
      { id: 'c4', city: 'Basel, "old town"', points: 2500 },
    ].map((c) => JSON.stringify(c)).join('\n'));
    const segments = file('segments.json', JSON.stringify([
      { name: 'VIP', alias: 'vip', category: 'Loyalty', condition: 'points >= 1000' },
      { name: 'Zurich', alias: 'zurich', condition: 'city = "zürich"' },
      { name: 'Recent buyers', alias: 'buyers', condition: 'performed purchase within 7d' },
      { name: 'Guests', alias: 'guests', kind: 'manual' },
    ]));
    for (const data of [served, local]) {
      await ok(data, ['config', 'set', 'timezone', 'Europe/Zurich']);
      await ok(data, ['fields', 'apply', fields]);
      await ok(data, ['import', 'contacts', contacts]);
      await ok(data, ['segments', 'apply', segments]);
    }
    server = await serve(served);
  });

  after(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('serve writes server.json (owner only) and prints the first admin key once', () => {
    const path = join(served, 'server.json');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const info = JSON.parse(readFileSync(path, 'utf8')) as { url: string; pid: number; token: string };
    assert.equal(info.url, server.url);
    assert.equal(info.pid, server.child.pid);
    assert.match(info.token, /^sk_admin_/);
    assert.match(server.adminKey ?? '', /^sk_admin_[0-9A-Za-z]{32}$/);
    assert.notEqual(info.token, server.adminKey, 'the local token is a session credential, not the stored key');
  });

  test('the printed admin key and the local token both work; a second serve on the directory is refused', async () => {
    const token = (JSON.parse(readFileSync(join(served, 'server.json'), 'utf8')) as { token: string }).token;
    for (const key of [server.adminKey, token]) {
      const res = await fetch(`${server.url}/api/v1/segments`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(res.status, 200);
    }
    const again = await cli(served, ['serve', '--port', '0']);
    assert.equal(again.code, 1);
    assert.match(again.err, /is already served by segmint \(pid \d+\)/);
  });

  test('every command prints the same through the server as on a directory of its own', async () => {
    const events = file('events.ndjson', [
      { contact_id: 'c1', name: 'purchase', ts: '2026-03-14T10:00:00Z', properties: { amount: 20 }, message_id: 'm1' },
      { contact_id: 'c5', name: 'purchase', ts: '2026-03-13T10:00:00Z', message_id: 'm2' },
      { contact_id: 'c2', name: 'purchase', ts: 'not a time', message_id: 'm3' },
    ].map((e) => JSON.stringify(e)).join('\n'));
    const more = file('more-segments.json', JSON.stringify([
      { name: 'Zurich VIPs', alias: 'zurich_vip', condition: 'in segment zurich and in segment vip' },
      { name: 'VIP', alias: 'vip', category: 'Loyalty', condition: 'points >= 300' },
    ]));
    const check = file('check.json', JSON.stringify([{ name: 'Bad', condition: 'in segment nope' }, { name: 'X', condition: { type: 'field', field: 'points', op: 'contains', value: '1' } }]));
    const commands: string[][] = [
      ['segments', 'list'],
      ['count', 'points >= 1000'],
      ['count', '{"type": "field", "field": "city", "op": "eq", "value": "zürich"}'],
      ['import', 'events', events],
      ['--json', 'segments', 'list'],
      ['segments', 'apply', more],
      ['--json', 'segments', 'apply', more],
      ['explain', 'zurich_vip', 'c1'],
      ['--json', 'explain', 'buyers', 'c5'],
      ['segments', 'show', 'vip'],
      ['--json', 'segments', 'show', 'zurich_vip'],
      ['segments', 'members', 'vip'],
      ['segments', 'members', 'vip', '--format', 'csv'],
      ['segments', 'include', 'guests', 'c2', 'c3'],
      ['--json', 'segments', 'exclude', 'vip', 'c4'],
      ['segments', 'reset', 'vip', 'c4'],
      ['segments', 'changes', 'vip'],
      ['--json', 'segments', 'changes', 'buyers'],
      ['config', 'get'],
      ['--json', 'fields', 'list'],
      ['--json', 'check', check],
      ['count', 'points contains "1"'],
      ['count', 'points >= 1000 and'],
      ['segments', 'show', 'nope'],
      ['explain', 'vip', 'c99'],
      ['segments', 'delete', 'zurich'],
      ['segments', 'delete', 'zurich_vip'],
      ['segments', 'list'],
    ];
    for (const args of commands) {
      const a = await cli(served, args);
      const b = await cli(local, args);
      assert.deepEqual({ code: a.code, out: untimed(a.out), err: a.err }, { code: b.code, out: untimed(b.out), err: b.err }, `segmint ${args.join(' ')}`);
    }
    // The import wrote its rejected row beside the input in both cases (the last run's).
    assert.equal(readFileSync(`${events}.rejects.ndjson`, 'utf8').trim().split('\n').length, 1);
  });

  test('keys are created, listed and revoked through the server', async () => {
    const created = JSON.parse(await ok(served, ['--json', 'keys', 'create', '--role', 'write', '--name', 'website'])) as { id: string; role: string; key: string };
    assert.deepEqual(Object.keys(created), ['id', 'role', 'key']);
    assert.equal(created.role, 'write');
    const send = () => fetch(`${server.url}/api/v1/events`, {
      method: 'POST', headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contact_id: 'c1', name: 'view', ts: NOW }),
    });
    assert.equal((await send()).status, 200);
    assert.match(await ok(served, ['keys', 'list']), new RegExp(`${created.id}\\s+write\\s+website`));
    assert.match(await ok(served, ['keys', 'revoke', created.id]), /^revoked key_/);
    assert.equal((await send()).status, 401);
    assert.equal((await cli(served, ['keys', 'revoke', 'key_nope'])).code, 1);
    assert.equal((await cli(served, ['keys', 'create', '--role', 'root'])).code, 1);
  });

  test('a --now other than the server\'s clock is refused with what to do instead', async () => {
    const r = await cli(served, ['segments', 'list'], '2026-04-01T00:00:00Z');
    assert.equal(r.code, 1);
    assert.match(r.err, /runs on .* with its clock at 2026-03-15T10:00:00.000Z; .* leave out --now/);
    assert.equal((await cli(served, ['segments', 'list'], null)).code, 0, 'without --now the server\'s clock is used');
  });

  test('SIGTERM shuts down cleanly: exit 0, server.json gone, the data is there for the next process', async () => {
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.equal(existsSync(join(served, 'server.json')), false);
    const list = await ok(served, ['--json', 'segments', 'list']);
    assert.deepEqual(JSON.parse(list), JSON.parse(await ok(local, ['--json', 'segments', 'list'])));
    // The key created through the server was stored.
    assert.match(await ok(served, ['keys', 'list']), /website/);
  });

  test('a stale server.json (its process gone) is ignored', async () => {
    writeFileSync(join(served, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:9', pid: 999_999, token: 'sk_admin_x' }));
    assert.equal((await cli(served, ['segments', 'list'])).code, 0);
    rmSync(join(served, 'server.json'));
  });
});
