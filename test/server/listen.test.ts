import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { testServer } from './harness.js';

// A burst of new connections (every browser opens its own) must not overflow the queue of
// connections the kernel holds for the server: an overflow drops the handshake and the
// client waits a second to try again. `ss` shows a listening socket's queue size as Send-Q.

test('the server listens with a queue of 4,096 connections (or the kernel cap, if lower), not Node\'s 511', async () => {
  const s = await testServer();
  try {
    const cap = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
    const line = execFileSync('ss', ['-ltnH', `sport = :${s.server.port}`], { encoding: 'utf8' }).trim();
    const [state, , sendQ] = line.split(/\s+/);
    assert.equal(state, 'LISTEN');
    assert.equal(Number(sendQ), Math.min(4096, cap));
  } finally {
    await s.close();
  }
});
