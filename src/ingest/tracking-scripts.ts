import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Context, Env } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { answerFile, holdFile, type HeldFile } from '../server/static.js';
import { ANY_ORIGIN, notFoundForPages, unknownSource } from './browser-settings.js';

// The tracking tags sites paste, served from Segmint so that a tag needs only its host
// changed — the scripts are the vendors' own builds, shipped with Segmint as dependencies:
// - Segment's snippet loads `https://HOST/analytics.js/v1/{writeKey}/analytics.min.js`
//   (analytics-next's standalone build), which loads its settings from the same host and
//   its code-split parts from `/analytics-next/bundles/`. It finds that host in its own
//   script address when it is https, else in `analytics._cdn`, which Segment's proxy
//   instructions set.
// - Jitsu's tag is `<script src="https://HOST/p.js" data-write-key="…">`: p.js sends to the
//   host it was loaded from (`/api/s/TYPE`).

const require = createRequire(import.meta.url);

/** Where a package's file is, or null when the package is not installed. */
function resolved(specifier: string): string | null {
  try {
    return require.resolve(specifier);
  } catch {
    return null;
  }
}

/** Where the vendors' builds are (looked up when first asked for, not when the server starts). */
interface Builds {
  /** analytics-next's UMD folder: standalone.js and its code-split parts. */
  readonly segment: string | null;
  /** Those parts' file names. */
  readonly segmentBundles: ReadonlySet<string>;
  readonly jitsuTag: string | null;
}

let found: Builds | null = null;
function builds(): Builds {
  if (found) return found;
  const standalone = resolved('@segment/analytics-next/dist/umd/standalone.js');
  const segment = standalone && dirname(standalone);
  const jitsu = resolved('@jitsu/js');
  found = {
    segment,
    segmentBundles: new Set(segment ? readdirSync(segment).filter((f) => /^[\w.-]+\.bundle\.[0-9a-f]+\.js$/.test(f)) : []),
    jitsuTag: jitsu && join(dirname(jitsu), 'web', 'p.js.txt'),
  };
  return found;
}

const held = new Map<string, HeldFile | null>();
/** The file, read once; `type` overrides the one its name gives (p.js ships as .txt). */
function hold(path: string, type?: string): HeldFile | null {
  if (!held.has(path)) {
    const f = holdFile(path);
    held.set(path, f && type ? { ...f, type } : f);
  }
  return held.get(path) ?? null;
}

const SCRIPT = 'text/javascript; charset=utf-8';
/** Tags are fetched by pages of any site; bundles are named by their content. */
const TAG_HEADERS = { ...ANY_ORIGIN, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' };
const BUNDLE_HEADERS = { ...TAG_HEADERS, 'cache-control': 'public, max-age=31536000, immutable' };

export interface TrackingScriptDeps {
  /** Whether a key may send data (a write or an admin key). */
  readonly authenticateWriteKey: (key: string) => Promise<boolean>;
}

export function registerTrackingScripts<E extends Env>(app: OpenAPIHono<E>, deps: TrackingScriptDeps): void {
  const segment = async (c: Context<E>): Promise<Response> => {
    if (!(await deps.authenticateWriteKey(c.req.param('writeKey') ?? ''))) return unknownSource('writeKey');
    const dir = builds().segment;
    const file = dir ? hold(join(dir, 'standalone.js'), SCRIPT) : null;
    return file ? answerFile(c, file, TAG_HEADERS) : notFoundForPages('Segment\'s analytics.js is not installed with this server (@segment/analytics-next)', c.req.path);
  };
  app.get('/analytics.js/v1/:writeKey/analytics.min.js', segment);
  app.get('/analytics.js/v1/:writeKey/analytics.js', segment);

  app.get('/analytics-next/bundles/:file', (c) => {
    const name = c.req.param('file');
    const { segment: dir, segmentBundles } = builds();
    const file = dir && segmentBundles.has(name) ? hold(join(dir, name), SCRIPT) : null;
    return file ? answerFile(c, file, BUNDLE_HEADERS) : notFoundForPages(`no bundle ${name}`, c.req.path);
  });

  app.get('/p.js', (c) => {
    const tag = builds().jitsuTag;
    const file = tag ? hold(tag, SCRIPT) : null;
    return file ? answerFile(c, file, TAG_HEADERS) : notFoundForPages('Jitsu\'s p.js is not installed with this server (@jitsu/js)', c.req.path);
  });
}
