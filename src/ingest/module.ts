import type { App, AppContext } from '../server/context.js';
import { registerIngestRoutes } from './routes.js';

/**
 * /v1 and /api/v1/rejections as a module of the server (`createApp({ modules: [...] })`):
 * any valid key may send, and the counts go to the server's metrics.
 */
export function ingestRouteModule(app: App, ctx: AppContext): void {
  const { raw } = registerIngestRoutes(app, {
    live: ctx.live,
    authenticateWriteKey: async (key) => ctx.keys.authenticate(key) !== null,
    onAccepted: (n) => ctx.metrics.eventsAccepted.inc(n),
    onRejected: (n, reason) => ctx.metrics.eventsRejected.inc({ reason }, n),
    // Counted as the app counts the requests it routes.
    onAnswered: (path, status) => ctx.metrics.httpRequests.inc({ method: 'POST', route: path, status: String(status) }),
  });
  ctx.serveFirst(raw);
}
