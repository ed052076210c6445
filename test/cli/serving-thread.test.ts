import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wantsServingThread } from '../../src/cli/serving-thread.js';

const BIN = fileURLToPath(new URL('../../../bin/segmint.js', import.meta.url));
const line = (...args: string[]): string[] => ['node', 'segmint.js', ...args];

test('serving commands run in the serving thread, every other command on the main thread', () => {
  assert.equal(wantsServingThread(line('serve')), true);
  assert.equal(wantsServingThread(line('--data', 'serve', 'serve', '--port', '0')), true, 'a data directory named "serve" is not the command');
  assert.equal(wantsServingThread(line('--json', '--now', '2026-01-01T00:00:00Z', 'demo')), true);
  assert.equal(wantsServingThread(line('demo', '--no-serve')), false);
  assert.equal(wantsServingThread(line('demo', '--help')), false);
  assert.equal(wantsServingThread(line('--data', 'demo', 'segments', 'list')), false);
  assert.equal(wantsServingThread(line('import', 'contacts', 'serve.csv')), false);
});

test('a serving command that fails in its thread still prints why and ends the process with the code', () => {
  const r = spawnSync(process.execPath, [BIN, '--data', '/nonexistent-segmint-dir/x', 'serve', '--port', 'abc'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--port must be a port number \(0–65535\), got "abc"/);
  const u = spawnSync(process.execPath, [BIN, 'serve', '--bogus'], { encoding: 'utf8' });
  assert.equal(u.status, 2);
  assert.match(u.stderr, /unknown option '--bogus'/);
});

test('a young generation size that cannot be used is refused, naming the variable and the value', () => {
  for (const bad of ['abc', '8', '64.5', '5000']) {
    const r = spawnSync(process.execPath, [BIN, '--data', '/nonexistent-segmint-dir/x', 'serve', '--port', '0'], { encoding: 'utf8', env: { ...process.env, SEGMINT_YOUNG_GENERATION_MB: bad } });
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, new RegExp(`SEGMINT_YOUNG_GENERATION_MB must be a whole number of MiB from 16 to 4096, got "${bad.replace('.', '\\.')}"`));
  }
});
