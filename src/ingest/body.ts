import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { LIMITS } from './limits.js';

// A request body read within bounds. The wire bytes are bounded while they arrive; a
// compressed body is inflated with the same bound on its output, so a small body that would
// inflate into gigabytes stops at the limit. The text must be UTF-8; the Content-Type is not
// looked at (RudderStack labels gzipped JSON application/x-www-form-urlencoded, browsers send
// text/plain).

export type BodyError = { readonly status: 400 | 415; readonly code: 'too_large' | 'bad_encoding' | 'unsupported_encoding'; readonly message: string };
export type Body = { readonly ok: true; readonly text: string } | ({ readonly ok: false } & BodyError);

const INFLATE = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
} as const;
type Coding = keyof typeof INFLATE;
const isCoding = (s: string): s is Coding => Object.hasOwn(INFLATE, s);

const tooLarge = (limit: number, what: string): Body =>
  ({ ok: false, status: 400, code: 'too_large', message: `${what} is larger than ${limit} bytes` });

/** The bytes of a stream, or null once they pass `cap` (the rest is not read). */
export async function readBounded(stream: ReadableStream<Uint8Array> | null, cap: number): Promise<Buffer | null> {
  if (!stream) return Buffer.alloc(0);
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    parts.push(value);
  }
  return Buffer.concat(parts, size);
}

/** The same from a Node request stream (the server's own socket): no web-stream wrapping on the hot path. */
export function readBoundedNode(stream: IncomingMessage, cap: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.byteLength;
      if (size > cap) {
        done();
        // Stop reading; the answer closes the exchange.
        stream.pause();
        resolve(null);
        return;
      }
      parts.push(chunk);
    };
    const onEnd = (): void => { done(); resolve(Buffer.concat(parts, size)); };
    const onError = (e: Error): void => { done(); reject(e); };
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** Inflate `raw` as `encoding` says, holding the result to `limit` bytes. */
export async function inflateBounded(raw: Buffer, encoding: string | null, limit: number): Promise<{ ok: true; bytes: Buffer } | ({ ok: false } & BodyError)> {
  const codings = (encoding ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '' && s !== 'identity');
  if (codings.length === 0) {
    return raw.byteLength > limit ? { ok: false, status: 400, code: 'too_large', message: `the body is larger than ${limit} bytes` } : { ok: true, bytes: raw };
  }
  const unknown = codings.find((c) => !isCoding(c));
  if (unknown !== undefined || codings.length > 1) {
    return { ok: false, status: 415, code: 'unsupported_encoding', message: `Content-Encoding "${encoding}" is not supported (use gzip, deflate or br, once)` };
  }
  try {
    return { ok: true, bytes: await INFLATE[codings[0] as Coding](raw, { maxOutputLength: limit }) };
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      return { ok: false, status: 400, code: 'too_large', message: `the body inflates past ${limit} bytes` };
    }
    return { ok: false, status: 400, code: 'bad_encoding', message: `the body is not valid ${codings[0]} data` };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** What the readers need of a request's headers (web `Headers`, or a view of Node's). */
export interface HeaderView {
  get(name: string): string | null;
}

/** Node's request headers (names already lower-case) as a `HeaderView`. */
export function nodeHeaders(incoming: IncomingMessage): HeaderView {
  return {
    get: (name) => {
      const v = incoming.headers[name];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** Read a request's body as text: at most `limit` bytes after decompression. */
export async function readBody(request: Request | { headers: HeaderView; incoming: IncomingMessage }, limit: number): Promise<Body> {
  const wireCap = limit + LIMITS.wireSlackBytes;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > wireCap) return tooLarge(limit, 'the body');
  const raw = 'incoming' in request ? await readBoundedNode(request.incoming, wireCap) : await readBounded(request.body, wireCap);
  if (!raw) return tooLarge(limit, 'the body');
  const inflated = await inflateBounded(raw, request.headers.get('content-encoding'), limit);
  if (!inflated.ok) return inflated;
  try {
    return { ok: true, text: utf8.decode(inflated.bytes) };
  } catch {
    return { ok: false, status: 400, code: 'bad_encoding', message: 'the body is not UTF-8 text' };
  }
}

/**
 * The write key a request carries outside its body: the Basic-auth user (`base64("KEY:")`,
 * or the password when the user is empty), a Bearer token, `X-Write-Key` (`KEY`, or
 * Jitsu's `ID:KEY`), or `?writeKey=`.
 */
export function writeKeyOf(headers: HeaderView, url: URL): string | null {
  const auth = headers.get('authorization');
  if (auth) {
    const [scheme, value = ''] = auth.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon < 0 ? decoded : decoded.slice(0, colon);
      const key = user !== '' ? user : colon < 0 ? '' : decoded.slice(colon + 1);
      if (key !== '') return key;
    } else if (scheme.toLowerCase() === 'bearer' && value !== '') return value;
  }
  const header = headers.get('x-write-key');
  if (header) {
    // Jitsu's keys are "id:secret" and its SDK refuses others: any id, then the key, is read as the key.
    const colon = header.indexOf(':');
    return colon >= 0 && colon < header.length - 1 ? header.slice(colon + 1) : header.replace(/:$/, '');
  }
  return url.searchParams.get('writeKey') ?? url.searchParams.get('writekey');
}
