import { createRoute, z } from '@hono/zod-openapi';
import type { App, AppContext } from '../context.js';
import { commonErrors, json } from '../schemas.js';

// Health (no key) and Prometheus metrics (admin key).

export function registerSystemRoutes(app: App, { metrics }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/healthz', tags: ['system'], summary: 'Liveness (no key needed)', security: [],
    responses: { 200: json(z.object({ ok: z.literal(true) }), 'The server answers') },
  }), (c) => c.json({ ok: true as const }, 200));

  app.openapi(createRoute({
    method: 'get', path: '/metrics', tags: ['system'], summary: 'Prometheus metrics (admin key)',
    responses: { 200: { description: 'Prometheus text exposition', content: { 'text/plain': { schema: z.string() } } }, ...commonErrors },
  }), async (c) => c.text(await metrics.text(), 200, { 'content-type': metrics.registry.contentType }));
}
