import { createRoute, z } from '@hono/zod-openapi';
import type { App, AppContext } from '../context.js';
import { withPaths } from '../errors.js';
import { FieldDef, commonErrors, conflict, json, jsonBody, unprocessable } from '../schemas.js';

// Fields a condition may name: system, computed and custom ones; custom ones are declared here.

const FieldInfo = z.object({
  key: z.string(),
  label: z.string().nullable(),
  type: z.string().openapi({ description: 'A field type, or `tags`' }),
  options: z.array(z.string()).nullable(),
  system: z.boolean(),
  computed: z.boolean(),
}).openapi('Field');

export function registerFieldRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/fields', tags: ['fields'], summary: 'Every field: system, computed, then custom',
    responses: { 200: json(z.array(FieldInfo), 'The fields'), ...commonErrors },
  }), async (c) => c.json(await live.read(async (ws) => {
    const labels = new Map((await ws.fields()).map((f) => [f.key, f.label]));
    return (await ws.registry()).all().map((f) => ({
      key: f.key, label: labels.get(f.key) ?? null, type: f.type, options: f.options ? [...f.options] : null, system: f.system, computed: f.computed,
    }));
  }), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/fields', tags: ['fields'], summary: 'Declare or update custom fields',
    description: 'One field or an array. The whole body is checked first; when anything is wrong nothing is applied. A field\'s type can only change while no contact holds a value in it.',
    request: jsonBody(z.union([FieldDef, z.array(FieldDef).max(1000)])),
    responses: { 200: json(z.object({ added: z.number().int(), updated: z.number().int() }), 'What changed'), ...commonErrors, 409: conflict, 422: unprocessable },
  }), async (c) => {
    const body = c.req.valid('json');
    // The engine names places as in a fields file (`fields[2].options`); here they are in the body.
    const r = await withPaths(() => live.mutate((ws) => ws.applyFields(body)), (p) => p.replace(/^fields\[(\d+)\]/, Array.isArray(body) ? 'body[$1]' : 'body'));
    return c.json(r, 200);
  });
}
