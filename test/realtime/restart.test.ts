import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DuckDBStore } from '../../src/store/index.js';

// kill -9 the real server in the middle of a stream of writes, start it again two hours
// later on its clock: every acknowledged event is stored exactly once, memberships equal
// a rebuild, and the changes that fell due while it was down carry their boundary times.

const BIN = fileURLToPath(new URL('../../../bin/segmint.js', import.meta.url));
const T0 = '2026-06-01T12:00:00.000Z';
const HOUR = 3_600_000;

interface Served { child: ChildProcess; url: string; key: string }

const children: ChildProcess[] = [];

async function serve(dir: string, now: string, key?: string): Promise<Served> {
  const child = spawn(process.execPath, [BIN, '--data', dir, '--now', now, '--json', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const info = await new Promise<{ url: string; adminKey: string | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        const parsed = JSON.parse(out) as { url: string; adminKey: string | null };
        clearTimeout(timer);
        resolve(parsed);
      } catch { /* not all of it yet */ }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${err}`)); });
  });
  return { child, url: info.url, key: key ?? (info.adminKey as string) };
}

/** The exit code (null when killed by a signal), whether or not the child has already exited. */
function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function api(s: Served, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${s.url}${path}`, {
    method, headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

test('kill -9 mid-stream: acknowledged events stored once, memberships equal a rebuild, boundaries crossed while down stamped with their time', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-restart-'));
  try {
    const first = await serve(dir, T0);
    assert.equal((await api(first, 'POST', '/api/v1/segments', { name: 'Recent buyers', alias: 'recent', condition: 'performed purchase within 1h' })).status, 201);

    // Four writers post events until 120 are acknowledged, then the process is killed.
    const acked = new Set<string>();
    const base = Date.parse(T0) - 30 * 60_000;
    let next = 0;
    let killed = false;
    const writer = async (): Promise<void> => {
      while (!killed) {
        const i = next++;
        const event = { contact_id: `k${i % 12}`, name: 'purchase', ts: new Date(base + i * 1000).toISOString(), message_id: `m${i}` };
        let status: number;
        try {
          status = (await fetch(`${first.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' }, body: JSON.stringify(event) })).status;
        } catch {
          return; // the connection died with the process
        }
        // Outside the catch: a refused write fails the test instead of ending the writer
        // as if the process had died (then nobody kills it and the test waits forever).
        if (status !== 200 && status !== 201) {
          killed = true;
          first.child.kill('SIGKILL');
          assert.fail(`event ${i} answered ${status}`);
        }
        acked.add(event.message_id);
        if (acked.size >= 120 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    await exited(first.child);
    assert.ok(existsSync(join(dir, 'server.json')), 'a killed server leaves its file behind');

    // Two hours later every purchase has left the one-hour window while nobody watched.
    const second = await serve(dir, new Date(Date.parse(T0) + 2 * HOUR).toISOString(), first.key);
    const rebuild = await api(second, 'POST', '/api/v1/segments/recent/rebuild', {});
    assert.equal(rebuild.status, 200);
    assert.deepEqual({ entered: rebuild.json.entered, left: rebuild.json.left, total: rebuild.json.total }, { entered: 0, left: 0, total: 0 });
    const log = (await api(second, 'GET', '/api/v1/changes?segment=recent&limit=1000')).json.changes as { contactId: string; change: string; at: string }[];
    const done = exited(second.child);
    second.child.kill('SIGTERM');
    assert.equal(await done, 0, 'SIGTERM ends the server cleanly');
    assert.ok(!existsSync(join(dir, 'server.json')), 'a clean shutdown removes server.json');

    const store = await DuckDBStore.open(dir);
    try {
      const stored = await store.sql.rows('SELECT message_id, count(*) AS n FROM events GROUP BY message_id');
      const counts = new Map(stored.map((r) => [String(r.message_id), Number(r.n)]));
      for (const id of acked) assert.equal(counts.get(id), 1, `acknowledged event ${id} stored once`);
      for (const [id, n] of counts) assert.equal(n, 1, `event ${id} stored ${n} times`);
      const last = await store.sql.rows(`SELECT contact_id, max(ts) AS ts FROM events GROUP BY contact_id ORDER BY contact_id`);
      // Each contact entered when its first purchase was written and left one hour (and a
      // millisecond) after its last purchase, stamped with that instant, not the restart's.
      for (const r of last) {
        const mine = log.filter((c) => c.contactId === r.contact_id);
        assert.deepEqual(mine.map((c) => [c.change, c.at]), [
          ['entered', T0],
          ['left', new Date(Number(r.ts) + HOUR + 1).toISOString()],
        ], `changes of ${String(r.contact_id)}`);
      }
      assert.equal(log.length, last.length * 2);
    } finally {
      await store.close();
    }
  } finally {
    // A failed assertion must not leave a server running (and the test process waiting on it).
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
