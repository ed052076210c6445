import { createRoute, z } from '@hono/zod-openapi';
import { overlap } from '../../store/insights.js';
import type { App, AppContext } from '../context.js';
import { notFound } from '../errors.js';
import { Alias, commonErrors, json, notFoundResponse } from '../schemas.js';

// How two segments overlap: members of the first only, of both, of the second only.

export function registerOverlapRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments/{alias}/overlap/{other}', tags: ['segments'], summary: 'Overlap of two segments',
    description: 'Counts of current members: in `alias` only (`onlyA`), in both, in `other` only (`onlyB`). A segment may be compared with itself.',
    request: {
      params: z.object({ alias: Alias, other: Alias.openapi({ param: { name: 'other', in: 'path' }, example: 'newsletter' }) }),
    },
    responses: {
      200: json(z.object({
        a: z.string(), b: z.string(), onlyA: z.number().int(), both: z.number().int(), onlyB: z.number().int(),
      }).openapi('Overlap'), 'The overlap'),
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const { alias, other } = c.req.valid('param');
    const r = await live.read(async (ws) => {
      const known = new Set((await ws.store.listSegments()).map((s) => s.alias));
      if (!known.has(alias)) throw notFound(`no segment with alias "${alias}"`, 'params.alias');
      if (!known.has(other)) throw notFound(`no segment with alias "${other}"`, 'params.other');
      return overlap(ws.store, alias, other);
    });
    return c.json({ a: alias, b: other, ...r }, 200);
  });
}
