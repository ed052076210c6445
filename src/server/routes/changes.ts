import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { ChangeRecord } from '../../realtime/live.js';
import { latestChangeId } from '../../store/reports.js';
import type { App, AppContext } from '../context.js';
import { Alias, Change, LIMITS, commonErrors, iso, json, notFoundResponse } from '../schemas.js';

// Membership changes as they were logged: a page at a time after a cursor, or as a
// server-sent-events stream that first replays what the client missed and then follows
// the log live. A change's id is its place in the log; `Last-Event-ID` resumes after it.

/** Changes a slow stream client may fall behind by before it is closed (it reconnects and catches up). */
const MAX_QUEUED = 50_000;
const BACKLOG_PAGE = 1000;

const Cursor = z.string().regex(/^\d{1,15}$/, 'must be a change id (a whole number)');

export const changeView = (c: ChangeRecord) => ({ id: c.id, segment: c.segment, contactId: c.contactId, change: c.change, at: iso(c.at), cause: c.cause });

export function registerChangeRoutes(app: App, { live, heartbeatMs, shutdown }: AppContext): void {
  const segmentExists = (alias: string | undefined): Promise<void> =>
    alias === undefined ? Promise.resolve() : live.read(async (ws) => { await ws.segment(alias); });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/changes', tags: ['changes'], summary: 'Membership changes, a page at a time',
    description: 'Oldest first, after the cursor `after` (0 or absent: from the start of the log). Pass `next` as `after` to continue; when a page comes back empty, poll again later with the same cursor.',
    request: {
      query: z.object({
        segment: Alias.optional().openapi({ param: { name: 'segment', in: 'query' } }),
        after: Cursor.optional(),
        limit: z.coerce.number().int().min(1).max(LIMITS.changesPage).default(1000),
      }),
    },
    responses: { 200: json(z.object({ changes: z.array(Change), next: z.string() }), 'A page of changes'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const q = c.req.valid('query');
    await segmentExists(q.segment);
    const after = Number(q.after ?? 0);
    const page = await live.changes({ after, limit: q.limit, segment: q.segment });
    return c.json({ changes: page.changes.map(changeView), next: String(Math.max(after, page.next)) }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/changes/stream', tags: ['changes'], summary: 'Membership changes as server-sent events',
    description: 'Each event: `id:` the change id, `data:` the change as JSON. Resumes after `Last-Event-ID` (or `?after=`); with neither, starts with the next change. A comment line is sent every 15 s to keep the connection open.',
    request: {
      query: z.object({ segment: Alias.optional().openapi({ param: { name: 'segment', in: 'query' } }), after: Cursor.optional() }),
      headers: z.object({ 'last-event-id': Cursor.optional() }),
    },
    responses: {
      200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string().openapi({ example: 'id: 1042\ndata: {"id":1042,"segment":"vip","contactId":"c1","change":"entered","at":"2026-03-15T10:00:00.000Z","cause":"data"}\n\n' }) } } },
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const q = c.req.valid('query');
    const resume = c.req.valid('header')['last-event-id'] ?? q.after;
    await segmentExists(q.segment);
    const start = resume !== undefined ? Number(resume) : await live.read((ws) => latestChangeId(ws.store));
    return streamSSE(c, (stream) => follow(stream, start, q.segment));
  });

  async function follow(stream: SSEStreamingApi, start: number, segment: string | undefined): Promise<void> {
    let last = start;
    let queue: ChangeRecord[] = [];
    let overflow = false;
    let wake: (() => void) | null = null;
    const poke = (): void => { const w = wake; wake = null; w?.(); };
    // Subscribed before the backlog is read: nothing logged in between is missed, and
    // what arrives twice is skipped by id.
    const unsubscribe = live.subscribe((changes) => {
      for (const ch of changes) if (segment === undefined || ch.segment === segment) queue.push(ch);
      if (queue.length > MAX_QUEUED) overflow = true;
      poke();
    });
    const stop = (): void => poke();
    stream.onAbort(stop);
    shutdown.addEventListener('abort', stop);
    const heartbeat = setInterval(() => { void stream.write(': heartbeat\n\n'); }, heartbeatMs);
    const open = (): boolean => !stream.aborted && !stream.closed && !shutdown.aborted;
    // Framed as writeSSE frames one event (`data:` then `id:`; the JSON holds no line
    // break), all of a group in one write: one write an event was most of what a stream cost.
    const send = async (list: readonly ChangeRecord[]): Promise<void> => {
      let text = '';
      for (const ch of list) {
        if (ch.id <= last) continue;
        text += `data: ${JSON.stringify(changeView(ch))}\nid: ${ch.id}\n\n`;
        last = ch.id;
      }
      if (text) await stream.write(text);
    };
    try {
      await stream.write(': connected\nretry: 2000\n\n');
      for (;;) {
        const page = await live.changes({ after: last, limit: BACKLOG_PAGE, segment });
        await send(page.changes);
        if (page.changes.length < BACKLOG_PAGE || !open()) break;
      }
      while (open() && !overflow) {
        const batch = queue;
        queue = [];
        await send(batch);
        if (!queue.length && !overflow && open()) await new Promise<void>((resolve) => { wake = resolve; });
      }
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
      shutdown.removeEventListener('abort', stop);
    }
  }
}
