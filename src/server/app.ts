import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { SegmintError } from '../errors.js';
import { isTrackingApiPath } from '../ingest/routes.js';
import type { Live } from '../realtime/live.js';
import type { KeyStore } from '../store/keys.js';
import { isWriteRoute, requireKey } from './auth.js';
import type { App, AppContext, AppEnv, RawHandler, RouteModule } from './context.js';
import { HttpError, fromSegmintError } from './errors.js';
import type { Metrics } from './metrics.js';
import { LIMITS } from './schemas.js';
import { jsonBody, validationHook } from './validation.js';
import { registerSettingsRoutes } from './routes/settings.js';
import { registerFieldRoutes } from './routes/fields.js';
import { registerContactRoutes } from './routes/contacts.js';
import { registerImportRoutes } from './routes/imports.js';
import { registerSegmentRoutes } from './routes/segments.js';
import { registerMemberRoutes } from './routes/members.js';
import { registerQueryRoutes } from './routes/query.js';
import { registerChangeRoutes } from './routes/changes.js';
import { registerClockRoutes } from './routes/clock.js';
import { registerKeyRoutes } from './routes/keys.js';
import { registerSystemRoutes } from './routes/system.js';
import { serveWebApp } from './static.js';
import { registerCatalogRoutes } from './routes/catalog.js';
import { registerVersionRoutes } from './routes/versions.js';
import { registerOverlapRoutes } from './routes/overlap.js';
import { registerContactHistoryRoutes } from './routes/contact-history.js';
import { registerImportMappingRoutes } from './routes/import-mapping.js';
import { registerTemplateRoutes } from './routes/templates.js';
import { SIGNIN_PATH, registerSignInRoutes } from './routes/signin.js';

export interface AppDeps {
  readonly live: Live;
  readonly keys: KeyStore;
  readonly metrics: Metrics;
  /** Routes of other modules (ingestion under /v1, webhooks), each with its own auth where it differs. */
  readonly modules?: readonly RouteModule[];
  readonly heartbeatMs?: number;
  readonly shutdown?: AbortSignal;
}

export const OPENAPI_PATH = '/api/v1/openapi.json';

const firstHandlers = new WeakMap<App, readonly RawHandler[]>();

/** What answers Node requests before the app does (see AppContext.serveFirst). */
export function handlersBefore(app: App): readonly RawHandler[] {
  return firstHandlers.get(app) ?? [];
}

/** Paths that take a raw NDJSON or CSV body, streamed to disk under their own limit. */
const IMPORT_PATH = /^\/api\/v1\/imports\//;

/** The whole HTTP surface on a live workspace. */
export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const first: RawHandler[] = [];
  firstHandlers.set(app, first);
  const ctx: AppContext = {
    live: deps.live, keys: deps.keys, metrics: deps.metrics,
    heartbeatMs: deps.heartbeatMs ?? 15_000, shutdown: deps.shutdown ?? new AbortController().signal,
    serveFirst: (h) => { first.push(h); },
  };

  app.use('*', async (c, next) => {
    await next();
    const route = c.req.routePath && c.req.routePath !== '*' ? c.req.routePath : 'unmatched';
    deps.metrics.httpRequests.inc({ method: c.req.method, route: route.replace(/\/\*$/, ''), status: String(c.res.status) });
  });
  const auth = requireKey(deps.keys, isWriteRoute);
  // The one-time sign-in exchange is how a browser gets its key: it cannot carry one. The
  // tracking paths under /api/s/ (Jitsu's, exactly those) check the write key they carry themselves.
  app.use('/api/*', (c, next) => ((c.req.method === 'POST' && c.req.path === SIGNIN_PATH) || isTrackingApiPath(c.req.path) ? next() : auth(c, next)));
  app.use('/metrics', requireKey(deps.keys, () => false));
  const limit = bodyLimit({
    maxSize: LIMITS.jsonBytes,
    onError: () => { throw new HttpError(413, 'payload_too_large', `the body is over ${LIMITS.jsonBytes} bytes (1 MiB)`, 'body'); },
  });
  const json = jsonBody();
  app.use('/api/*', async (c, next) => {
    if (IMPORT_PATH.test(c.req.path) || isTrackingApiPath(c.req.path)) return next();
    await limit(c, async () => { await json(c, next); });
  });

  registerSystemRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerFieldRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerImportRoutes(app, ctx);
  registerSegmentRoutes(app, ctx);
  registerMemberRoutes(app, ctx);
  registerQueryRoutes(app, ctx);
  registerChangeRoutes(app, ctx);
  registerClockRoutes(app, ctx);
  registerKeyRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerVersionRoutes(app, ctx);
  registerOverlapRoutes(app, ctx);
  registerContactHistoryRoutes(app, ctx);
  registerImportMappingRoutes(app, ctx);
  registerTemplateRoutes(app, ctx);
  registerSignInRoutes(app, ctx);
  for (const m of deps.modules ?? []) m(app, ctx);
  serveWebApp(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer sk_admin_…` (or `sk_write_…` for the write routes).',
  });
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Segmint API', version: '1',
      description: 'Segments of contacts, kept exact as data arrives and time passes. Errors answer {"error": {"code", "message", "path"}}.',
    },
    security: [{ apiKey: [] }],
  });

  app.notFound((c) => new HttpError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`, c.req.path).response());
  app.onError((e, c) => {
    // The engine names a missing segment or contact by itself; the request names it at a path parameter.
    const params = Object.entries(c.req.param() as Record<string, string>);
    const named = e instanceof SegmintError
      ? new SegmintError(e.issues.map((i) => ({ ...i, path: params.find(([, v]) => v === i.path)?.[0].replace(/^/, 'params.') ?? i.path })))
      : e;
    return toHttpError(named, c.req.method, c.req.path).response();
  });
  return app;
}

/** Whatever a handler threw, as the error the client is told. */
export function toHttpError(e: unknown, method: string, path: string): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof SegmintError) return fromSegmintError(e);
  if (e instanceof HTTPException) {
    if (e.status === 413) return new HttpError(413, 'payload_too_large', 'the body is over the size limit', 'body');
    if (e.status === 415) return new HttpError(415, 'unsupported_media_type', 'send the body as application/json', 'headers.content-type');
    if (e.status === 400) return new HttpError(400, 'parse_error', e.message, 'body');
    return new HttpError(e.status === 401 ? 401 : 400, e.status === 401 ? 'unauthorized' : 'invalid_request', e.message, '');
  }
  process.stderr.write(`segmint serve: ${method} ${path} failed: ${(e as Error)?.stack ?? String(e)}\n`);
  return new HttpError(500, 'internal_error', 'the server failed to answer this request; the error is in its log', '');
}
