import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { App } from './context.js';

// The web app, built by Vite into dist/web, served at / on the same origin as the API.
// Files are read once and kept in memory with a gzip copy; hashed assets are cached by
// browsers for a year, index.html is revalidated every time. Any other GET that is not an
// API, ingestion or system path gets index.html, so the app's own addresses
// (/segments/vip, /contacts/c42) load it and its router takes over.

/** Where `npm install` builds the app: dist/web, beside dist/src. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Paths that belong to the server, never to the app. */
const SERVER_PATHS = /^\/(api|v1)(\/|$)|^\/(healthz|metrics)$/;

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** The page's own policy: scripts and connections to this origin only; inline styles for the component library. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** A file read once and kept: its bytes, a gzip copy when that is smaller, its type and tag. */
export interface HeldFile {
  readonly body: Uint8Array;
  readonly gzip: Uint8Array | null;
  readonly type: string;
  readonly etag: string;
}

/** Read a file to keep in memory (null: there is no such file). */
export function holdFile(path: string): HeldFile | null {
  if (!existsSync(path) || !statSync(path).isFile()) return null;
  const body = new Uint8Array(readFileSync(path));
  const ext = extname(path).toLowerCase();
  const gz = COMPRESSIBLE.has(ext) && body.byteLength > 1024 ? new Uint8Array(gzipSync(body, { level: 9 })) : null;
  return {
    body, gzip: gz && gz.byteLength < body.byteLength ? gz : null,
    type: TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
  };
}

/** Answer a GET or HEAD with a held file: 304 when the client holds this version, gzip when it takes it. */
export function answerFile(c: Context, held: HeldFile, headers: Record<string, string>): Response {
  const out: Record<string, string> = { ...headers, 'content-type': held.type, etag: held.etag, vary: 'accept-encoding' };
  if (c.req.header('if-none-match') === held.etag) return c.body(null, 304, out);
  const gzip = held.gzip !== null && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  if (gzip) out['content-encoding'] = 'gzip';
  const body = gzip ? held.gzip as Uint8Array : held.body;
  out['content-length'] = String(body.byteLength);
  if (c.req.method === 'HEAD') return c.body(null, 200, out);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, out);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Segmint</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>The web app is not built</h1>
<p>This server answers its API at <code>/api/v1</code>, but <code>dist/web</code> holds no app.
Build it with <code>npm install</code> (or <code>npm run build:web</code>) in the segmint folder and reload.</p>`;

export interface StaticOptions {
  /** The folder holding index.html and assets/ (default: dist/web). */
  readonly root?: string;
}

/** Serve the built web app at / (mount after every API and ingestion route). */
export function serveWebApp(app: App, opts: StaticOptions = {}): void {
  app.use('*', webAppHandler(opts));
}

export function webAppHandler(opts: StaticOptions = {}): MiddlewareHandler {
  const root = normalize(opts.root ?? WEB_ROOT);
  const cache = new Map<string, HeldFile | null>();

  const load = (rel: string): HeldFile | null => {
    if (cache.has(rel)) return cache.get(rel) ?? null;
    const path = normalize(join(root, rel));
    const held = path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? holdFile(path) : null;
    // index.html changes with each build; the rest is content-addressed and read once.
    if (rel !== 'index.html') cache.set(rel, held);
    return held;
  };

  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    if ((method !== 'GET' && method !== 'HEAD') || SERVER_PATHS.test(path)) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return next();
    }
    if (rel.includes('\0')) return next();
    const file = rel && !rel.endsWith('/') ? load(rel) : null;
    const asset = rel.startsWith('assets/');
    // A missing asset is a 404 (a stale page asking for an old build), not the app.
    if (!file && (asset || extname(rel) !== '')) return next();
    const held = file ?? load('index.html');
    const isIndex = !file || rel === 'index.html';
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'cache-control': asset ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (!held) {
      return c.body(NOT_BUILT, 503, { ...headers, vary: 'accept-encoding', 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    }
    if (isIndex) headers['content-security-policy'] = CSP;
    return answerFile(c, held, headers);
  };
}
