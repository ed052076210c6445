import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
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

test('a keep-alive connection left idle longer than Node\'s default of 5 s still takes the next request', async () => {
  const s = await testServer();
  const sock = connect(s.server.port, '127.0.0.1');
  try {
    let got = '';
    sock.setEncoding('utf8').on('data', (t: string) => { got += t; });
    let closed = false;
    sock.on('close', () => { closed = true; });
    const ask = async (): Promise<string> => {
      got = '';
      sock.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
      for (let i = 0; i < 200 && !/\r\n\r\n[\s\S]*\}/.test(got); i++) await new Promise((r) => setTimeout(r, 10));
      return got;
    };
    assert.match(await ask(), /^HTTP\/1\.1 200/);
    await new Promise((r) => setTimeout(r, 6_000));
    assert.equal(closed, false, 'the server closed the idle connection');
    assert.match(await ask(), /^HTTP\/1\.1 200/);
  } finally {
    sock.destroy();
    await s.close();
  }
});
