import { createRoute, z } from '@hono/zod-openapi';
import { contactSegments } from '../../engine/contact-segments.js';
import { contactHistory } from '../../store/insights.js';
import type { App, AppContext } from '../context.js';
import { notFound } from '../errors.js';
import { ContactId, Iso, commonErrors, iso, json, notFoundResponse } from '../schemas.js';

// A contact's side of its segments: every entry and exit with its cause (new data, time
// passing, a hand-made decision, a changed definition), and every segment with in or out
// and the reason.

const IdParams = z.object({ id: ContactId.openapi({ param: { name: 'id', in: 'path' } }) });

const Entry = z.object({
  id: z.number().int().openapi({ description: 'The change\'s place in the log; pass it as `before` for older ones' }),
  segment: z.string(),
  change: z.enum(['entered', 'left']),
  at: Iso.openapi({ description: 'When it happened (a time-driven change: the instant its boundary was crossed)' }),
  cause: z.enum(['data', 'time', 'manual', 'definition']).openapi({ description: 'new data, time passing, a hand-made decision, or a saved definition' }),
}).openapi('MembershipHistoryEntry');

const Trace: z.ZodType = z.object({
  path: z.string(), result: z.boolean(), seen: z.record(z.string(), z.unknown()), children: z.array(z.lazy(() => Trace)),
}).openapi('ContactTrace');

const ContactSegment = z.object({
  segment: z.string(), name: z.string(), category: z.string().nullable(), kind: z.enum(['dynamic', 'manual']),
  member: z.boolean().openapi({ description: 'A member now, hand-made decisions included' }),
  matches: z.boolean().openapi({ description: 'Whether the condition holds for the contact' }),
  manual: z.enum(['include', 'exclude']).nullable(),
  trace: Trace.nullable().openapi({ description: 'Each node of the condition, true or false, with the values it saw (null for a manual segment)' }),
  condition: z.unknown().nullable(),
}).openapi('ContactSegment');

export function registerContactHistoryRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/contacts/{id}/history', tags: ['contacts'], summary: 'A contact\'s entries and exits, newest first',
    description: 'From the change log, in the order it was written, newest first; `next` (a log id) passed as `before` gives older ones. A deleted segment takes its entries along.',
    request: {
      params: IdParams,
      query: z.object({
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        before: z.string().regex(/^\d{1,15}$/, 'must be a change id (a whole number)').optional(),
      }),
    },
    responses: {
      200: json(z.object({ contactId: z.string(), history: z.array(Entry), next: z.string().nullable() }), 'The history'),
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const rows = await live.read((ws) => contactHistory(ws.store, id, q.limit + 1, q.before === undefined ? null : Number(q.before)));
    if (!rows) throw notFound(`no contact with id "${id}"`, 'params.id');
    const page = rows.slice(0, q.limit);
    return c.json({
      contactId: id,
      history: page.map((r) => ({ id: r.id, segment: r.segment, change: r.change, at: iso(r.at), cause: r.cause })),
      next: rows.length > q.limit ? String(page[page.length - 1].id) : null,
    }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/contacts/{id}/segments', tags: ['contacts'], summary: 'Every segment with in or out for a contact, and why',
    request: { params: IdParams },
    responses: { 200: json(z.object({ contactId: z.string(), segments: z.array(ContactSegment) }), 'In list order of the segments'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const list = await live.read((ws) => contactSegments(ws, id));
    if (!list) throw notFound(`no contact with id "${id}"`, 'params.id');
    return c.json({ contactId: id, segments: list }, 200);
  });
}
