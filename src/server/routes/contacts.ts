import { createRoute, z } from '@hono/zod-openapi';
import { issue, type Issue } from '../../errors.js';
import type { FieldInfo } from '../../fields/index.js';
import { checkContact, checkEvent, type Checked } from '../../import/validate.js';
import { contactRow, latestEvents } from '../../store/reports.js';
import type { App, AppContext } from '../context.js';
import { fromIssues, notFound } from '../errors.js';
import { changeView } from './changes.js';
import { Change, ContactId, Iso, LIMITS, commonErrors, iso, json, jsonBody, notFoundResponse, unprocessable } from '../schemas.js';

// Contacts and events one request at a time (or a small array), with the merge semantics
// of an import: a contact write changes only the keys it carries. A request is taken
// whole or not at all: when any record is refused, nothing of the request is stored and
// the answer lists every refused record by its index, with its reasons.

const Id = z.union([z.string().min(1).max(LIMITS.idChars), z.number()]);

const ContactInput = z.object({ id: Id }).catchall(z.unknown())
  .openapi('ContactInput', { description: '`id` and any system or declared field keys; tags and multiselects as arrays; null or "" clears a value.', example: { id: 'c1', email: 'anna@example.com', city: 'Zürich', tags: ['vip'] } });

const EventInput = z.strictObject({
  contact_id: Id,
  name: z.string().min(1).max(LIMITS.idChars),
  ts: z.string().min(1).max(100).openapi({ example: '2026-03-14T12:00:00Z' }),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
  message_id: z.union([z.string().max(LIMITS.idChars), z.number()]).nullable().optional(),
}).openapi('EventInput', { example: { contact_id: 'c1', name: 'purchase', ts: '2026-03-14T12:00:00Z', properties: { amount: 19.9 }, message_id: 'm20' } });

const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1).max(LIMITS.records)]);

const Contact = z.object({
  id: z.string(),
  fields: z.record(z.string(), z.unknown()).openapi({ description: 'Every stored field (datetimes as ISO-8601); null when missing' }),
  tags: z.array(z.string()),
  segments: z.array(z.string()).openapi({ description: 'Aliases of the segments it is a member of' }),
  events: z.array(z.object({ name: z.string(), ts: Iso, properties: z.record(z.string(), z.unknown()), messageId: z.string().nullable() }))
    .openapi({ description: `Its latest events, newest first (at most 50)` }),
  eventCount: z.number().int(),
}).openapi('Contact');

/** Check every record; the checked writes, or a 422 listing each refused record's reasons. */
function checkAll<T>(records: readonly Record<string, unknown>[], single: boolean, check: (r: Record<string, unknown>) => Checked<T>, onRefused?: () => void): T[] {
  const out: T[] = [];
  const issues: Issue[] = [];
  records.forEach((r, i) => {
    const c = check(r);
    if (c.ok) { out.push(c.value); return; }
    const at = single ? 'body' : `body[${i}]`;
    for (const reason of c.reasons) {
      // Reasons start with the key they concern: `points: "lots" is not a number`.
      const m = /^([A-Za-z_][A-Za-z0-9_]*): /.exec(reason);
      issues.push(issue('invalid_value', single ? reason : `record ${i}: ${reason}`, m ? `${at}.${m[1]}` : at));
    }
  });
  if (issues.length) {
    onRefused?.();
    throw fromIssues(issues);
  }
  return out;
}

function view(fields: readonly FieldInfo[], row: Record<string, unknown>): { fields: Record<string, unknown>; tags: string[] } {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.key === 'id' || f.key === 'tags' || f.computed) continue;
    const v = row[f.key] ?? null;
    out[f.key] = f.kind === 'instant' && typeof v === 'number' ? iso(v) : v;
  }
  return { fields: out, tags: Array.isArray(row.tags) ? row.tags.map(String) : [] };
}

export function registerContactRoutes(app: App, { live, metrics }: AppContext): void {
  app.openapi(createRoute({
    method: 'post', path: '/api/v1/contacts', tags: ['contacts'], summary: 'Create or update contacts (write key)',
    description: `One contact or an array of up to ${LIMITS.records}. An existing id changes only the keys given. If any record is refused, none is stored: the answer lists every refused record by index with its reasons.`,
    request: jsonBody(oneOrMany(ContactInput)),
    responses: {
      200: json(z.object({ inserted: z.number().int(), updated: z.number().int(), changes: z.array(Change) }), 'Stored; memberships already follow'),
      ...commonErrors, 422: unprocessable,
    },
  }), async (c) => {
    const body = c.req.valid('json');
    const records = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
    const { fields, tz } = await live.read(async (ws) => ({ fields: await ws.registry(), tz: ws.tz }));
    const writes = checkAll(records, !Array.isArray(body), (r) => checkContact(r, fields, tz));
    const r = await live.write({ contacts: writes });
    return c.json({ inserted: r.contactsInserted, updated: r.contactsUpdated, changes: r.changes.map(changeView) }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/contacts/{id}', tags: ['contacts'], summary: 'A contact: fields, tags, segments and latest events',
    request: { params: z.object({ id: ContactId.openapi({ param: { name: 'id', in: 'path' } }) }) },
    responses: { 200: json(Contact, 'The contact'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const out = await live.read(async (ws) => {
      const fields = (await ws.registry()).stored();
      const row = await contactRow(ws.store, fields, id);
      if (!row) return null;
      const member = (await ws.store.membershipsOf([id])).get(id) ?? new Set<string>();
      const order = (await ws.store.listSegments()).map((s) => s.alias);
      const events = await latestEvents(ws.store, id, 50);
      return {
        id, ...view(fields, row),
        segments: order.filter((a) => member.has(a)),
        events: events.events.map((e) => ({ name: e.name, ts: iso(e.ts), properties: e.properties, messageId: e.messageId })),
        eventCount: events.total,
      };
    });
    if (!out) throw notFound(`no contact with id "${id}"`, 'params.id');
    return c.json(out, 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/api/v1/contacts/{id}', tags: ['contacts'], summary: 'Erase a contact',
    description: 'Erases the contact, its events, hand-made decisions and membership history: nothing of it remains.',
    request: { params: z.object({ id: ContactId.openapi({ param: { name: 'id', in: 'path' } }) }) },
    responses: { 200: json(z.object({ deleted: z.string() }), 'Erased'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await live.deleteContact(id))) throw notFound(`no contact with id "${id}"`, 'params.id');
    return c.json({ deleted: id }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/events', tags: ['contacts'], summary: 'Record events (write key)',
    description: `One event or an array of up to ${LIMITS.records}, as in an NDJSON import. A repeated message_id is stored once; an unknown contact_id creates the contact. If any event is refused, none is stored.`,
    request: jsonBody(oneOrMany(EventInput)),
    responses: {
      200: json(z.object({ inserted: z.number().int(), duplicates: z.number().int(), contactsCreated: z.number().int(), changes: z.array(Change) }), 'Stored; memberships already follow'),
      ...commonErrors, 422: unprocessable,
    },
  }), async (c) => {
    const body = c.req.valid('json');
    const records = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
    const tz = await live.read(async (ws) => ws.tz);
    // Refused as a whole: every event of the request counts as rejected.
    const writes = checkAll(records, !Array.isArray(body), (r) => checkEvent(r, tz), () => metrics.eventsRejected.inc({ reason: 'invalid' }, records.length));
    const r = await live.write({ events: writes });
    metrics.eventsAccepted.inc(writes.length);
    return c.json({ inserted: r.eventsInserted, duplicates: r.duplicates, contactsCreated: r.contactsCreated, changes: r.changes.map(changeView) }, 200);
  });
}
