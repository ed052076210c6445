import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { backgroundNice } from '../../src/cli/thread-priority.js';

const BIN = fileURLToPath(new URL('../../../bin/segmint.js', import.meta.url));
const linux = existsSync('/proc/thread-self');
const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** Every thread of a process with its nice value (field 19 of its stat, after the name). */
function niceness(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

async function startServe(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; pid: number; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-nice-'));
  dirs.push(dir);
  const child = spawn(process.execPath, [BIN, '--data', dir, 'serve', '--port', '0', '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const info = await new Promise<{ pid: number; url: string }>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      try { resolve(JSON.parse(out) as { pid: number; url: string }); } catch { /* not all of it yet */ }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before serving`)));
  });
  return { child, ...info };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

test('SEGMINT_BACKGROUND_NICE: 10 unless set; a value that cannot be used names the variable and the value', () => {
  assert.equal(backgroundNice({}), 10);
  assert.equal(backgroundNice({ SEGMINT_BACKGROUND_NICE: '0' }), 0);
  assert.equal(backgroundNice({ SEGMINT_BACKGROUND_NICE: '19' }), 19);
  for (const bad of ['-5', '20', 'low', '2.5']) {
    assert.equal(backgroundNice({ SEGMINT_BACKGROUND_NICE: bad }), `SEGMINT_BACKGROUND_NICE must be a whole number of nice steps from 0 to 19, got "${bad}"`);
  }
  const r = spawnSync(process.execPath, [BIN, '--data', '/nonexistent-segmint-dir/x', 'serve', '--port', '0'], { encoding: 'utf8', env: { ...process.env, SEGMINT_BACKGROUND_NICE: 'low' } });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /SEGMINT_BACKGROUND_NICE must be a whole number of nice steps from 0 to 19, got "low"/);
});

test('a running server leaves its serving thread alone at its priority and lowers every other thread of the process', { skip: !linux && 'threads have a nice value of their own only on Linux' }, async () => {
  const s = await startServe({});
  try {
    // Started at the test's own nice value; the others end 10 steps nicer (at most 19).
    const base = niceness(process.pid).get(process.pid) as number;
    const lowered = Math.min(19, base + 10);
    let seen = niceness(s.pid);
    const settled = (m: Map<number, number>): boolean => [...m.values()].filter((n) => n === base).length === 1 && [...m.values()].every((n) => n === base || n === lowered);
    for (let i = 0; i < 100 && !settled(seen); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = niceness(s.pid);
    }
    const first = [...seen].filter(([, n]) => n === base).map(([tid]) => tid);
    assert.ok(settled(seen), `one thread at ${base}, the rest at ${lowered}: ${JSON.stringify([...seen])}`);
    // The serving thread is the worker that runs the command, not the process's main thread.
    assert.notEqual(first[0], s.pid);
    assert.ok(seen.size > 4, `the process has its helpers (${seen.size} threads)`);
    const health = await fetch(`${s.url}/healthz`);
    assert.equal(health.status, 200);
  } finally {
    await stop(s.child);
  }
});

test('SEGMINT_BACKGROUND_NICE=0 leaves every thread of the server at the priority it started with', { skip: !linux && 'threads have a nice value of their own only on Linux' }, async () => {
  const s = await startServe({ SEGMINT_BACKGROUND_NICE: '0' });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const seen = niceness(s.pid);
    assert.deepEqual([...new Set(seen.values())], [niceness(process.pid).get(process.pid)], JSON.stringify([...seen]));
  } finally {
    await stop(s.child);
  }
});
