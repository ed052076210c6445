import type { IncomingMessage } from 'node:http';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { cors } from 'hono/cors';
import type { Live } from '../realtime/live.js';
import type { RawHandler } from '../server/context.js';
import { HttpError } from '../server/errors.js';
import { commonErrors, iso, json } from '../server/schemas.js';
import { RejectionTable } from '../store/rejections.js';
import { nodeHeaders, readBody, writeKeyOf, type HeaderView } from './body.js';
import { ANY_ORIGIN, browserSettings, protocolOf, rudderSourceConfig, unknownSource } from './browser-settings.js';
import { Ingestor, type IngestHooks } from './ingest.js';
import { LIMITS, RETRY_AFTER_SECONDS } from './limits.js';
import type { CallType } from './message.js';
import { splitBody } from './request.js';
import { registerTrackingScripts } from './tracking-scripts.js';

// The Segment tracking API under /v1: an existing Segment, RudderStack or Jitsu source sends
// here unchanged. A request is answered 200 once every message in it is stored or refused
// with its reason (GET /api/v1/rejections); 400 only for what no retry can fix; 401 for a
// missing or wrong write key; 429 with Retry-After when the write queue is full; 503 when the
// store cannot take the write. Nothing is acknowledged before it is durable.

export interface IngestRouteDeps extends IngestHooks {
  readonly live: Live;
  /** Whether a key may send data (a write or an admin key). */
  readonly authenticateWriteKey: (key: string) => Promise<boolean>;
  /** Messages being written at once before new requests get 429. */
  readonly maxInFlight?: number;
  /** A /v1 call answered without the app (`raw`): its path and status, for the request metrics. */
  readonly onAnswered?: (path: string, status: number) => void;
}

/**
 * Each call type's paths: the tracking API's names, the browser SDK's short forms, and
 * where Jitsu's SDK (@jitsu/js) posts the same messages: `/api/s/TYPE` from browsers,
 * `/api/s/s2s/TYPE` from servers.
 */
const jitsu = (type: CallType): string[] => [`/api/s/${type}`, `/api/s/s2s/${type}`];
const CALL_PATHS: readonly (readonly [CallType | 'batch', readonly string[]])[] = [
  ['identify', ['/v1/identify', '/v1/i', ...jitsu('identify')]],
  ['track', ['/v1/track', '/v1/t', ...jitsu('track')]],
  ['page', ['/v1/page', '/v1/p', ...jitsu('page')]],
  ['screen', ['/v1/screen', '/v1/s', ...jitsu('screen')]],
  ['group', ['/v1/group', '/v1/g', ...jitsu('group')]],
  ['alias', ['/v1/alias', '/v1/a', ...jitsu('alias')]],
  ['batch', ['/v1/batch', '/v1/b', '/v1/import']],
];

const TRACKING_API_PREFIX = '/api/s/';

const retryAfter = { 'retry-after': String(RETRY_AFTER_SECONDS) };

const Rejection = z.object({
  id: z.number().int().openapi({ description: 'Grows with every rejection; the cursor of the pages' }),
  receivedAt: z.string().openapi({ example: '2026-03-15T10:00:00.000Z' }),
  reason: z.string().openapi({ example: 'traits.age: "abc" is not a number' }),
  path: z.string().openapi({ description: 'The request path and the message\'s place in it', example: '/v1/batch batch[3]' }),
  message: z.string().openapi({ description: `The message's JSON as sent, up to ${LIMITS.rejectionChars} characters` }),
  truncated: z.boolean(),
}).openapi('Rejection');

const RejectionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: 'At most this many (default 50, at most 500)' }),
  cursor: z.coerce.number().int().min(0).optional().openapi({ description: 'The `next` of the previous page' }),
});

const rejectionsRoute = createRoute({
  method: 'get', path: '/api/v1/rejections', tags: ['ingestion'],
  summary: 'Messages /v1 refused, and traits it could not apply, newest first',
  description: `Each with its reason and its JSON as sent. The newest ${LIMITS.rejectionsKept} are kept.`,
  request: { query: RejectionsQuery },
  responses: { 200: json(z.object({ rejections: z.array(Rejection), next: z.number().int().nullable() }), 'A page; `next` is the cursor of the next page (null: none)'), ...commonErrors },
});

/** A /v1 answer before it is written: the status, the JSON body and its headers. */
interface IngestAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/** Its headers as sent (refusals are typed as every other error of the server). */
function headersOf(a: IngestAnswer, text: string): Record<string, string> {
  return { 'content-type': a.status === 200 ? 'application/json' : 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...a.headers };
}


/** The call type a POST path names (`/v1/track`, `/v1/t`, …), if any. */
const callOfPath: ReadonlyMap<string, CallType | 'batch'> = new Map(CALL_PATHS.flatMap(([type, paths]) => paths.map((p) => [p, type] as const)));

/** Whether a path under /api is one of Jitsu's tracking paths: they take a write key of their own, not the API's key. */
export const isTrackingApiPath = (path: string): boolean => path.startsWith(TRACKING_API_PREFIX) && callOfPath.has(path);

export function registerIngestRoutes<E extends Env>(app: OpenAPIHono<E>, deps: IngestRouteDeps): { readonly ingestor: Ingestor; readonly raw: RawHandler } {
  const { live } = deps;
  const table = new RejectionTable({ messageChars: LIMITS.rejectionChars, reasonChars: LIMITS.rejectionChars, kept: LIMITS.rejectionsKept });
  const ingestor = new Ingestor({
    live,
    reject: (rows) => (rows.length ? live.read((ws) => table.add(ws.store.sql, rows)) : Promise.resolve()),
    maxInFlight: deps.maxInFlight,
    onAccepted: deps.onAccepted,
    onRejected: deps.onRejected,
    onIgnoredTraits: deps.onIgnoredTraits,
  });

  // Browsers post from any site that embeds the key. The preflight goes through the CORS
  // middleware; answers to posts carry the one header they need themselves (the middleware
  // would copy every response to add it: a third of a single-event call's cost).
  const preflight = cors({ origin: '*', allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Content-Encoding', 'Authorization', 'X-Write-Key'], maxAge: 86_400 });
  app.options('/v1/*', preflight);
  app.options(`${TRACKING_API_PREFIX}*`, preflight);
  const refuse = (e: HttpError): IngestAnswer => ({ status: e.status, body: e.body(), headers: { ...e.headers, ...ANY_ORIGIN } });
  const unauthorized = (message: string): IngestAnswer => refuse(new HttpError(401, 'unauthorized', message, 'headers.authorization'));

  /** One /v1 call, whoever serves it. */
  const answer = async (type: CallType | 'batch', request: Request | { headers: HeaderView; incoming: IncomingMessage }, url: URL): Promise<IngestAnswer> => {
    const headerKey = writeKeyOf(request.headers, url);
    if (headerKey !== null && !(await deps.authenticateWriteKey(headerKey))) return unauthorized('the write key is not valid (unknown or revoked)');

    const batch = type === 'batch';
    const body = await readBody(request, batch ? LIMITS.batchBytes : LIMITS.callBytes);
    if (!body.ok) return refuse(new HttpError(body.status, body.status === 415 ? 'unsupported_media_type' : body.code === 'too_large' ? 'payload_too_large' : 'parse_error', body.message, 'body'));
    const split = splitBody(body.text, batch);
    if (!split.ok) return refuse(new HttpError(400, split.code === 'too_large' ? 'payload_too_large' : split.code === 'invalid_json' ? 'parse_error' : 'invalid_request', split.message, 'body'));
    if (headerKey === null) {
      if (split.writeKey === null) return unauthorized('a write key is required: the Basic-auth user, X-Write-Key, ?writeKey= or "writeKey" in the body');
      if (!(await deps.authenticateWriteKey(split.writeKey))) return unauthorized('the write key is not valid (unknown or revoked)');
    }

    let outcome;
    try {
      outcome = await ingestor.ingest(url.pathname, batch ? null : type, split.items, split.envelope);
    } catch (e) {
      process.stderr.write(`segmint serve: ${url.pathname}: not stored: ${(e as Error)?.stack ?? String(e)}\n`);
      return refuse(new HttpError(503, 'unavailable', 'the messages could not be stored; retry', '', undefined, retryAfter));
    }
    if (!outcome.ok) return refuse(new HttpError(outcome.status as 429 | 503, 'unavailable', outcome.message, '', undefined, retryAfter));
    return { status: 200, body: { success: true, ...outcome.counts }, headers: ANY_ORIGIN };
  };

  // Served by Node, the request is read from Node's own stream and headers: building the
  // web Request and its body stream cost more than the rest of a single-event call.
  const handle = (type: CallType | 'batch') => async (c: Context<E>): Promise<Response> => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const a = incoming
      ? await answer(type, { headers: nodeHeaders(incoming), incoming }, new URL(incoming.url ?? '/', 'http://localhost'))
      : await answer(type, c.req.raw, new URL(c.req.raw.url));
    const text = JSON.stringify(a.body);
    return new Response(text, { status: a.status, headers: headersOf(a, text) });
  };
  for (const [type, paths] of CALL_PATHS) for (const p of paths) app.post(p, handle(type));

  // A POST to a /v1 path answered without the app's router: /v1 calls are the busiest route
  // (a page view each), and routing one through the app (its router, context and web
  // Response) kept more of each request alive across collections than storing it did.
  const raw: RawHandler = (req, res) => {
    if (req.method !== 'POST' || req.url === undefined) return false;
    // The path as sent, up to its query: `//host/v1/track` is not `/v1/track` (the app's router agrees).
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    const type = callOfPath.get(path);
    if (type === undefined) return false;
    let url: URL;
    try {
      url = new URL(`http://localhost${req.url}`);
    } catch {
      return false;
    }
    void answer(type, { headers: nodeHeaders(req), incoming: req }, url)
      .catch((e: unknown) => {
        process.stderr.write(`segmint serve: POST ${path} failed: ${(e as Error)?.stack ?? String(e)}\n`);
        return refuse(new HttpError(500, 'internal_error', 'the server failed to answer this request; the error is in its log', ''));
      })
      .then((a) => {
        deps.onAnswered?.(path, a.status);
        const text = JSON.stringify(a.body);
        try {
          res.writeHead(a.status, headersOf(a, text));
          res.end(text);
        } catch {
          // The client is gone: nothing to tell it.
          res.destroy();
        }
      });
    return true;
  };

  // Browser SDKs' settings (browser-settings.ts): no key needed beyond the write key they name.
  const fresh = { ...ANY_ORIGIN, 'cache-control': 'no-store' };
  app.get('/v1/projects/:writeKey/settings', async (c) => {
    const key = c.req.param('writeKey');
    if (!(await deps.authenticateWriteKey(key))) return unknownSource('writeKey');
    const url = new URL(c.req.url);
    return c.json(browserSettings(key, { host: url.host, protocol: protocolOf(c.req.header('x-forwarded-proto'), url.protocol === 'https:') }), 200, fresh);
  });
  // The RudderStack SDK sends its key as the Basic-auth user (so the browser asks first) and in the query.
  const configPreflight = cors({ origin: '*', allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type'], maxAge: 86_400 });
  app.options('/sourceConfig', configPreflight);
  app.options('/sourceConfig/*', configPreflight);
  const sourceConfig = async (c: Context<E>): Promise<Response> => {
    const key = writeKeyOf(c.req.raw.headers, new URL(c.req.url));
    if (key === null || !(await deps.authenticateWriteKey(key))) return unknownSource('query.writeKey');
    return c.json(rudderSourceConfig(key), 200, fresh);
  };
  app.get('/sourceConfig', sourceConfig);
  app.get('/sourceConfig/', sourceConfig);
  registerTrackingScripts(app, deps);

  app.openapi(rejectionsRoute, async (c) => {
    const q = c.req.valid('query');
    const page = await live.read((ws) => table.list(ws.store.sql, { limit: q.limit ?? 50, before: q.cursor }));
    return c.json({ rejections: page.rejections.map((r) => ({ ...r, receivedAt: iso(r.receivedAt) })), next: page.next }, 200);
  });

  return { ingestor, raw };
}
