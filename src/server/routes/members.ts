import { createRoute, z } from '@hono/zod-openapi';
import { localDate, startOfDay } from '../../time/index.js';
import { allSegmentsHistory, memberIds, memberRows, segmentHistory } from '../../store/reports.js';
import type { App, AppContext } from '../context.js';
import { HttpError, withPaths } from '../errors.js';
import { AliasParams, ContactId, Iso, LIMITS, RebuildReport, commonErrors, iso, json, jsonBody, notFoundResponse } from '../schemas.js';

// One segment's members and what happens to them: pages of members, hand-made decisions,
// a rebuild, why a contact is in or out, size day by day, and who will enter or leave
// without any new data.

/** A page cursor: the last id of the page before, opaque to clients. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof v.after === 'string') return v.after;
  } catch {
    // Refused below with the parameter named.
  }
  throw new HttpError(400, 'invalid_request', 'cursor is not one this API gave out; use the "next" of the page before', 'query.cursor');
}

const days = (def: number) => z.coerce.number().int().min(1).max(LIMITS.days).default(def);

/** The first `days` calendar dates ending today in `tz`, oldest first, and the instants they start. */
function dayBounds(now: number, tz: string, n: number): { dates: string[]; bounds: number[] } {
  const today = localDate(now, tz);
  const [y, m, d] = today.split('-').map(Number);
  const date = (offset: number): string => new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
  const dates = Array.from({ length: n }, (_, i) => date(i - n + 1));
  return { dates, bounds: [...dates, date(1)].map((x) => startOfDay(x, tz)) };
}

const Trace: z.ZodType = z.object({
  path: z.string(), result: z.boolean(), seen: z.record(z.string(), z.unknown()), children: z.array(z.lazy(() => Trace)),
}).openapi('Trace');

export function registerMemberRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments/{alias}/members', tags: ['members'], summary: 'Members, a page at a time',
    description: 'In contact id order. Pass the answer\'s `next` as `cursor` for the following page; `next` is null on the last one. With `fields=true` each member comes with its stored fields.',
    request: {
      params: AliasParams,
      query: z.object({
        limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(1000),
        cursor: z.string().max(2000).optional(),
        fields: z.enum(['true', 'false']).optional(),
      }),
    },
    responses: {
      200: json(z.object({ members: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])), next: z.string().nullable() }), 'A page of members'),
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const { alias } = c.req.valid('param');
    const q = c.req.valid('query');
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    // One more than asked for says whether another page follows.
    const page = await live.read(async (ws): Promise<{ members: (string | Record<string, unknown>)[]; ids: string[] }> => {
      await ws.segment(alias);
      if (q.fields !== 'true') {
        const ids = await memberIds(ws.store, alias, after, q.limit + 1);
        return { members: ids, ids };
      }
      const fields = (await ws.registry()).stored();
      const instants = new Set(fields.filter((f) => f.kind === 'instant').map((f) => f.key));
      const rows = (await memberRows(ws.store, fields, alias, after, q.limit + 1))
        .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, instants.has(k) && typeof v === 'number' ? iso(v) : v])));
      return { members: rows, ids: rows.map((r) => String(r.id)) };
    });
    const more = page.ids.length > q.limit;
    return c.json({ members: page.members.slice(0, q.limit), next: more ? encodeCursor(page.ids[q.limit - 1]) : null }, 200);
  });

  for (const mode of ['include', 'exclude', 'reset'] as const) {
    app.openapi(createRoute({
      method: 'post', path: `/api/v1/segments/{alias}/${mode}`, tags: ['members'],
      summary: { include: 'Include contacts by hand', exclude: 'Exclude contacts by hand', reset: 'Forget hand-made decisions' }[mode],
      request: { params: AliasParams, ...jsonBody(z.strictObject({ ids: z.array(ContactId).min(1).max(LIMITS.ids) })) },
      responses: {
        200: json(z.object({ alias: z.string(), mode: z.string(), ids: z.array(z.string()), members: z.number().int().nullable(), rebuilt: z.array(RebuildReport) }), 'Applied; membership follows'),
        ...commonErrors, 404: notFoundResponse,
      },
    }), async (c) => {
      const { alias } = c.req.valid('param');
      const { ids } = c.req.valid('json');
      const rebuilt = await withPaths(() => live.mutate((ws) => ws.setManual(alias, ids, mode)), (p) => (p === 'ids' ? 'body.ids' : p));
      return c.json({ alias, mode, ids, members: rebuilt.find((r) => r.alias === alias)?.total ?? null, rebuilt }, 200);
    });
  }

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/segments/{alias}/rebuild', tags: ['members'], summary: 'Recompute one segment from scratch',
    description: 'With what it references and what references it. The answer gives this segment\'s changes; `rebuilt` every segment recomputed.',
    request: { params: AliasParams },
    responses: {
      200: json(z.object({ entered: z.number().int(), left: z.number().int(), total: z.number().int(), rebuilt: z.array(RebuildReport) }), 'Rebuilt'),
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const { alias } = c.req.valid('param');
    const rebuilt = await live.mutate((ws) => ws.rebuild([alias]));
    const own = rebuilt.find((r) => r.alias === alias);
    return c.json({ entered: own?.entered ?? 0, left: own?.left ?? 0, total: own?.total ?? 0, rebuilt }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments/{alias}/explain/{contactId}', tags: ['members'], summary: 'Why a contact is in or out',
    description: 'Each node of the condition, true or false, with the values it saw.',
    request: { params: AliasParams.extend({ contactId: ContactId.openapi({ param: { name: 'contactId', in: 'path' } }) }) },
    responses: {
      200: json(z.object({
        member: z.boolean(), matches: z.boolean(), manual: z.enum(['include', 'exclude']).nullable(), trace: Trace.nullable(), condition: z.unknown().nullable(),
      }), 'The explanation'),
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const { alias, contactId } = c.req.valid('param');
    return c.json(await live.read((ws) => ws.explain(alias, contactId)), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments/{alias}/history', tags: ['members'], summary: 'Size, entered and left per day',
    description: 'Calendar days in the workspace time zone, oldest first, ending today; `size` is the member count at the end of the day (for today: now). Computed from the change log.',
    request: { params: AliasParams, query: z.object({ days: days(30) }) },
    responses: {
      200: json(z.object({
        segment: z.string(), timezone: z.string(),
        days: z.array(z.object({ date: z.string().openapi({ example: '2026-03-15' }), size: z.number().int(), entered: z.number().int(), left: z.number().int() })),
      }), 'One row a day'),
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const { alias } = c.req.valid('param');
    const { days: n } = c.req.valid('query');
    return c.json(await live.read(async (ws) => {
      await ws.segment(alias);
      const { dates, bounds } = dayBounds(ws.now, ws.tz, n);
      const buckets = await segmentHistory(ws.store, alias, bounds);
      return { segment: alias, timezone: ws.tz, days: dates.map((date, i) => ({ date, ...buckets[i] })) };
    }), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/history', tags: ['members'], summary: 'Every segment\'s size and entered/left per day',
    description: 'What `GET /api/v1/segments/{alias}/history` answers, for every segment in one request (the segment list\'s trends).',
    request: { query: z.object({ days: days(8) }) },
    responses: {
      200: json(z.object({
        timezone: z.string(),
        segments: z.array(z.object({
          segment: z.string(),
          days: z.array(z.object({ date: z.string().openapi({ example: '2026-03-15' }), size: z.number().int(), entered: z.number().int(), left: z.number().int() })),
        })),
      }), 'One row a day for each segment, in alias order'),
      ...commonErrors,
    },
  }), async (c) => {
    const { days: n } = c.req.valid('query');
    return c.json(await live.read(async (ws) => {
      const { dates, bounds } = dayBounds(ws.now, ws.tz, n);
      const all = await allSegmentsHistory(ws.store, bounds);
      return {
        timezone: ws.tz,
        segments: [...all].map(([segment, buckets]) => ({ segment, days: dates.map((date, i) => ({ date, ...buckets[i] })) })),
      };
    }), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments/{alias}/upcoming', tags: ['members'], summary: 'Who will enter or leave without new data, and when',
    request: {
      params: AliasParams,
      query: z.object({
        days: days(7),
        limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).optional()
          .openapi({ description: 'Only the first changes, in time order (the totals still count all)' }),
      }),
    },
    responses: {
      200: json(z.object({
        segment: z.string(), from: Iso, to: Iso,
        entering: z.number().int().openapi({ description: 'Changes into the segment in the period, all of them' }),
        leaving: z.number().int().openapi({ description: 'Changes out of it in the period, all of them' }),
        upcoming: z.array(z.object({ contactId: z.string(), change: z.enum(['entered', 'left']), at: Iso })),
      }), 'Changes due, in time order'),
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const { alias } = c.req.valid('param');
    const { days: n, limit } = c.req.valid('query');
    const from = await live.read(async (ws) => { await ws.segment(alias); return ws.now; });
    const list = await live.upcoming(alias, n);
    const entering = list.filter((u) => u.change === 'entered').length;
    return c.json({
      segment: alias, from: iso(from), to: iso(from + n * 86_400_000), entering, leaving: list.length - entering,
      upcoming: (limit === undefined ? list : list.slice(0, limit)).map((u) => ({ contactId: u.contactId, change: u.change, at: iso(u.at) })),
    }, 200);
  });
}
