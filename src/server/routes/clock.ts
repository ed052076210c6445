import { createRoute, z } from '@hono/zod-openapi';
import { parseIsoDateTime } from '../../time/index.js';
import type { App, AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { Iso, commonErrors, conflict, iso, json, jsonBody } from '../schemas.js';

// The clock. A server started with `--now` has a clock that stands still until this
// route moves it forward; every boundary crossed on the way is applied at its own time.

const Clock = z.object({ now: Iso, fixed: z.boolean().openapi({ description: 'Whether the clock stands still (started with --now)' }) }).openapi('Clock');

export function registerClockRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/clock', tags: ['clock'], summary: 'The server\'s clock',
    responses: { 200: json(Clock, 'The clock'), ...commonErrors },
  }), (c) => c.json({ now: iso(live.now()), fixed: live.fixedClock }, 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/clock', tags: ['clock'], summary: 'Move a fixed clock forward',
    description: 'Only for a server started with `--now`; on the wall clock this is refused (409). Time-driven changes due on the way are applied, each at its own boundary, before the answer.',
    request: jsonBody(z.strictObject({ now: z.string().min(1).max(100).openapi({ example: '2026-03-16T10:00:00Z' }) })),
    responses: {
      200: json(Clock.extend({ applied: z.number().int().openapi({ description: 'Membership changes the move caused' }) }), 'Moved'),
      ...commonErrors, 409: conflict,
    },
  }), async (c) => {
    const { now } = c.req.valid('json');
    if (!live.fixedClock) throw new HttpError(409, 'conflict', 'the server runs on the wall clock; start it with --now ISO to move its clock by hand', 'body.now');
    const ms = parseIsoDateTime(now, 'UTC');
    if (ms === null) throw new HttpError(400, 'invalid_request', `"${now}" is not an ISO-8601 datetime (e.g. 2026-10-25T09:00:00Z)`, 'body.now');
    if (ms < live.now()) throw new HttpError(409, 'conflict', `the clock only moves forward; it is at ${iso(live.now())}`, 'body.now');
    const { applied } = await live.setClock(ms);
    return c.json({ now: iso(live.now()), fixed: true, applied }, 200);
  });
}
