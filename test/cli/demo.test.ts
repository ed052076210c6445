import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/segmint.js', import.meta.url));

test('segmint demo serves the workspace it built and prints a link that signs a browser in, once', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-demo-'));
  const child = spawn(process.execPath, [BIN, '--data', join(dir, 'data'), '--json', 'demo', '--contacts', '300', '--events', '3000', '--port', '0'],
    { env: { ...process.env, SEGMINT_DATA: '', SEGMINT_NOW: '' } });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    const info = await new Promise<{ url: string; signInUrl: string; adminKey: string | null }>((res, rej) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        try { res(JSON.parse(out)); } catch { /* not whole yet */ }
      });
      void exited.then((code) => rej(new Error(`demo exited ${code}: ${err}`)));
    });
    const token = new URL(info.signInUrl).searchParams.get('token') ?? '';
    assert.equal(info.signInUrl, `${info.url}/?token=${token}`);
    assert.match(token, /^st_[0-9A-Za-z]{32}$/);

    const page = await fetch(info.signInUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);

    const signIn = (): Promise<Response> => fetch(`${info.url}/api/v1/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const first = await signIn();
    assert.equal(first.status, 201);
    const { key } = (await first.json()) as { key: string };
    const segments = await fetch(`${info.url}/api/v1/segments`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(segments.status, 200);
    assert.ok(((await segments.json()) as unknown[]).length > 10, 'the demo segments are there');
    assert.equal((await signIn()).status, 401, 'a sign-in link works once');
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    rmSync(dir, { recursive: true, force: true });
  }
});
