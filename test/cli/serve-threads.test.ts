import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { servingStoreThreads } from '../../src/cli/commands/serve.js';

const BIN = fileURLToPath(new URL('../../../bin/segmint.js', import.meta.url));

test('while serving, the store runs on one core fewer than the machine has (at least one), or on SEGMINT_STORE_THREADS', () => {
  assert.equal(servingStoreThreads({}, 2), 1);
  assert.equal(servingStoreThreads({}, 1), 1);
  assert.equal(servingStoreThreads({}, 8), 7);
  assert.equal(servingStoreThreads({ SEGMINT_STORE_THREADS: '' }, 4), 3);
  assert.equal(servingStoreThreads({ SEGMINT_STORE_THREADS: '3' }, 2), 3);
  for (const bad of ['0', 'two', '1.5', '-1', '5000']) {
    assert.equal(servingStoreThreads({ SEGMINT_STORE_THREADS: bad }, 2), `SEGMINT_STORE_THREADS must be a whole number of threads from 1 to 1024, got "${bad}"`);
  }
});

test('a store thread count that cannot be used stops serve before it opens anything, naming the variable and the value', () => {
  const r = spawnSync(process.execPath, [BIN, '--data', '/nonexistent-segmint-dir/x', 'serve', '--port', '0'], { encoding: 'utf8', env: { ...process.env, SEGMINT_STORE_THREADS: 'lots' } });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /SEGMINT_STORE_THREADS must be a whole number of threads from 1 to 1024, got "lots"/);
});
