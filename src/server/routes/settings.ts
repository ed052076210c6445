import { createRoute, z } from '@hono/zod-openapi';
import type { App, AppContext } from '../context.js';
import { withPaths } from '../errors.js';
import { commonErrors, json, jsonBody, unprocessable } from '../schemas.js';

// Workspace settings: the time zone is the only one.

const Settings = z.object({ timezone: z.string().openapi({ example: 'Europe/Zurich' }) }).openapi('Settings');

export function registerSettingsRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/settings', tags: ['settings'], summary: 'Workspace settings',
    responses: { 200: json(Settings, 'The settings'), ...commonErrors },
  }), async (c) => c.json(await live.read(async (ws) => ({ timezone: (await ws.settings()).timezone })), 200));

  app.openapi(createRoute({
    method: 'put', path: '/api/v1/settings', tags: ['settings'], summary: 'Change settings',
    description: 'Set the time zone (an IANA name) before importing: datetimes without an offset are read in it, and days, ages and windows are counted in it.',
    request: jsonBody(z.strictObject({ timezone: z.string().min(1).max(100) })),
    responses: { 200: json(Settings, 'The settings now'), ...commonErrors, 422: unprocessable },
  }), async (c) => {
    const { timezone } = c.req.valid('json');
    await withPaths(() => live.mutate((ws) => ws.setTimezone(timezone)), (p) => (p === 'timezone' ? 'body.timezone' : p));
    return c.json(await live.read(async (ws) => ({ timezone: (await ws.settings()).timezone })), 200);
  });
}
