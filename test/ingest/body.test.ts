import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { readBody, writeKeyOf } from '../../src/ingest/body.js';
import { LIMITS } from '../../src/ingest/limits.js';
import { splitBody } from '../../src/ingest/request.js';

const post = (body: BodyInit, headers: Record<string, string> = {}): Request =>
  new Request('http://127.0.0.1/v1/batch', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

test('gzip, deflate and br bodies are inflated whatever the Content-Type says', async () => {
  const text = JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'é' }] });
  for (const [enc, bytes] of [['gzip', gzipSync(text)], ['deflate', deflateSync(text)], ['br', brotliCompressSync(text)], ['identity', Buffer.from(text)]] as const) {
    const r = await readBody(post(bytes, { 'content-encoding': enc, 'content-type': 'application/x-www-form-urlencoded' }), LIMITS.batchBytes);
    assert.deepEqual(r, { ok: true, text }, enc);
  }
});

test('a gzip bomb stops at the limit: 50 MB of zeros in 50 kB of gzip is refused', async () => {
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
  assert.ok(bomb.byteLength < LIMITS.batchBytes);
  const before = process.memoryUsage().arrayBuffers;
  const r = await readBody(post(bomb, { 'content-encoding': 'gzip' }), LIMITS.batchBytes);
  assert.deepEqual(r, { ok: false, status: 400, code: 'too_large', message: 'the body inflates past 512000 bytes' });
  assert.ok(process.memoryUsage().arrayBuffers - before < 20 * 1024 * 1024);
});

test('bodies over the limit on the wire, broken compression, unknown codings and bad UTF-8 are refused', async () => {
  const big = Buffer.alloc(LIMITS.batchBytes + LIMITS.wireSlackBytes + 1, 0x20);
  assert.equal((await readBody(post(big), LIMITS.batchBytes)).ok, false);
  // Without a Content-Length (a stream), reading stops at the cap.
  const stream = new ReadableStream<Uint8Array>({ pull(c) { c.enqueue(new Uint8Array(64 * 1024)); } });
  assert.deepEqual(await readBody(post(stream), LIMITS.callBytes), { ok: false, status: 400, code: 'too_large', message: 'the body is larger than 32768 bytes' });
  assert.deepEqual(await readBody(post(Buffer.alloc(LIMITS.callBytes + 1, 0x20)), LIMITS.callBytes), { ok: false, status: 400, code: 'too_large', message: 'the body is larger than 32768 bytes' });
  assert.deepEqual(await readBody(post('not gzip', { 'content-encoding': 'gzip' }), 1000), { ok: false, status: 400, code: 'bad_encoding', message: 'the body is not valid gzip data' });
  assert.equal((await readBody(post('x', { 'content-encoding': 'compress' }), 1000) as { status: number }).status, 415);
  assert.deepEqual(await readBody(post(Buffer.from([0x22, 0xff, 0x22])), 1000), { ok: false, status: 400, code: 'bad_encoding', message: 'the body is not UTF-8 text' });
});

test('the write key: Basic user, Bearer, X-Write-Key, ?writeKey=, or in the body', () => {
  const url = new URL('http://h/v1/batch');
  const h = (o: Record<string, string>): Headers => new Headers(o);
  assert.equal(writeKeyOf(h({ authorization: `Basic ${Buffer.from('wk_1:').toString('base64')}` }), url), 'wk_1');
  assert.equal(writeKeyOf(h({ authorization: `Basic ${Buffer.from(':wk_2').toString('base64')}` }), url), 'wk_2');
  assert.equal(writeKeyOf(h({ authorization: 'Bearer wk_3' }), url), 'wk_3');
  assert.equal(writeKeyOf(h({ 'x-write-key': 'wk_4' }), url), 'wk_4');
  assert.equal(writeKeyOf(h({}), new URL('http://h/v1/batch?writeKey=wk_5')), 'wk_5');
  assert.equal(writeKeyOf(h({}), new URL('http://h/v1/batch?writekey=wk_6')), 'wk_6');
  assert.equal(writeKeyOf(h({}), url), null);
  assert.equal(writeKeyOf(h({ authorization: 'Basic' }), url), null);
  const s = splitBody('{"batch":[],"writeKey":"wk_7"}', true);
  assert.ok(s.ok && s.writeKey === 'wk_7');
});

test('a batch over 2,500 messages, a body that is not JSON or not a batch is refused whole; a big event alone', () => {
  assert.deepEqual(splitBody('{"batch":[1,2', true), { ok: false, code: 'invalid_json', message: 'the body is not JSON: Expected "," or "]" at position 13' });
  assert.deepEqual(splitBody('{"type":"track"}', true), { ok: false, code: 'invalid_body', message: 'batch: required, an array of messages' });
  assert.deepEqual(splitBody('[1]', false), { ok: false, code: 'invalid_body', message: 'the body must be a JSON object' });
  const many = JSON.stringify({ batch: Array.from({ length: LIMITS.batchEvents + 1 }, () => ({})) });
  assert.deepEqual(splitBody(many, true), { ok: false, code: 'too_large', message: 'batch: 2501 messages, more than 2500' });
  const bare = splitBody('[{"type":"track"}]', true);
  assert.ok(bare.ok && bare.items.length === 1);
  const big = { type: 'track', userId: 'u', event: 'e', properties: { s: 'é'.repeat(LIMITS.eventBytes / 2) } };
  const s = splitBody(JSON.stringify({ batch: [big, { type: 'track', userId: 'u', event: 'small' }], context: { ip: '1.2.3.4' }, sentAt: '2026-01-01T00:00:00Z' }), true);
  assert.ok(s.ok);
  assert.match(s.items[0].refused ?? '', /^message: \d{5} bytes, larger than 32768$/);
  assert.equal(s.items[1].refused, undefined);
  assert.equal(s.items[1].text, '{"type":"track","userId":"u","event":"small"}');
  assert.deepEqual(s.envelope, { context: { ip: '1.2.3.4' }, integrations: undefined, sentAt: '2026-01-01T00:00:00Z' });
});
