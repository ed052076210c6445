import { createRoute, z } from '@hono/zod-openapi';
import { SAMPLE_PER_NAME, eventCatalog } from '../../store/catalog.js';
import type { App, AppContext } from '../context.js';
import { Iso, commonErrors, iso, json } from '../schemas.js';

// What the workspace has seen: event names for the builder's pickers, and per name the
// property keys with their types and example values for its property filters.

const Property = z.object({
  key: z.string().openapi({ description: 'Dotted for nested objects, as a `where` names it', example: 'category' }),
  types: z.array(z.enum(['string', 'number', 'boolean', 'object', 'array', 'null'])).openapi({ description: 'JSON types seen, commonest first' }),
  seen: z.number().int().openapi({ description: 'Sampled events that carry the key' }),
  distinct: z.number().int().openapi({ description: 'Distinct values among the sampled events' }),
  examples: z.array(z.union([z.string(), z.number(), z.boolean()])).openapi({ description: 'Commonest values in the sample, commonest first (at most 5)' }),
}).openapi('CatalogProperty');

const EventEntry = z.object({
  name: z.string(),
  count: z.number().int().openapi({ description: 'Events of this name stored' }),
  lastSeen: Iso,
  sampled: z.number().int().openapi({ description: `The newest events of this name the properties were read from (at most ${SAMPLE_PER_NAME})` }),
  properties: z.array(Property),
}).openapi('CatalogEvent');

export function registerCatalogRoutes(app: App, { live }: AppContext): void {
  // The catalog reads every event; it changes only when data is written, so it is kept for
  // the store's data version it was read at (each editor that opens asks for it).
  let cached: { version: number; events: Awaited<ReturnType<typeof eventCatalog>> } | null = null;

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/catalog/events', tags: ['catalog'], summary: 'Event names with counts, and their property keys',
    description: `Every event name the workspace holds, commonest first, with its count and its latest time; per name, the property keys of its newest ${SAMPLE_PER_NAME} events with their JSON types and commonest values.`,
    responses: { 200: json(z.object({ events: z.array(EventEntry) }), 'The catalog'), ...commonErrors },
  }), async (c) => {
    const events = await live.read(async (ws) => {
      const version = ws.store.dataVersion();
      if (cached?.version !== version) cached = { version, events: await eventCatalog(ws.store) };
      return cached.events;
    });
    return c.json({ events: events.map((e) => ({ ...e, lastSeen: iso(e.lastSeen) })) }, 200);
  });
}
