import { createRoute, z } from '@hono/zod-openapi';
import { printDsl } from '../../dsl/index.js';
import type { Workspace } from '../../engine/index.js';
import { SegmintError, issue, type Issue } from '../../errors.js';
import { computedTimes } from '../../store/reports.js';
import type { App, AppContext } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { savedByKey } from './versions.js';
import {
  Alias, AliasParams, LIMITS, RebuildReport, Segment, SegmentInput, commonErrors, conflict, iso, isoOrNull, json, jsonBody, notFoundResponse, unprocessable,
} from '../schemas.js';

// Segment definitions: list, create, read, replace, delete, and apply many at once (the
// CLI's `segments apply`). Every save brings the segment's membership up to date before
// it answers; references between segments are checked (unknown ones, cycles) first.

export type SegmentView = z.infer<typeof Segment>;

/** Segments as the API shows them: the definition, its DSL, its member count and when it was computed. */
export async function segmentViews(ws: Workspace, only?: string): Promise<SegmentView[]> {
  const list = (await ws.segments()).filter((s) => only === undefined || s.alias === only);
  const computed = await computedTimes(ws.store);
  return list.map((s) => ({
    alias: s.alias, name: s.name, description: s.description, category: s.category, kind: s.kind, condition: s.condition,
    dsl: s.condition ? printDsl(s.condition) : null, members: s.members, computedAt: isoOrNull(computed.get(s.alias)),
    createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt),
  }));
}

export async function segmentView(ws: Workspace, alias: string): Promise<SegmentView> {
  const [v] = await segmentViews(ws, alias);
  if (!v) throw notFound(`no segment with alias "${alias}"`, 'params.alias');
  return v;
}

/** Engine paths name places in a definitions file (`[2].condition`, `condition`); here they are in the body. */
export function inBody(issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, path: i.path === '(root)' || i.path === '' ? 'body' : i.path.startsWith('[') ? `body${i.path}` : `body.${i.path}` }));
}

/** Check definitions against the workspace; refuse them all with every issue, paths in the body. */
async function checked(ws: Workspace, input: unknown): Promise<Awaited<ReturnType<Workspace['check']>>['defs']> {
  const r = await ws.check(input);
  if (r.errors.length) throw new SegmintError(inBody(r.errors));
  return r.defs;
}

const Manual = z.object({ include: z.array(z.string()), exclude: z.array(z.string()) });
const SegmentDetail = Segment.extend({ manual: Manual.openapi({ description: 'Contacts included or excluded by hand' }) }).openapi('SegmentDetail');

export function registerSegmentRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments', tags: ['segments'], summary: 'Every segment with its member count',
    responses: { 200: json(z.array(Segment), 'The segments, in the order they were first saved'), ...commonErrors },
  }), async (c) => c.json(await live.read((ws) => segmentViews(ws)), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/segments', tags: ['segments'], summary: 'Create a segment',
    description: 'Without `alias`, one is made from the name. An alias already taken is refused (409); use PUT to change a segment. Membership is computed before the answer.',
    request: jsonBody(SegmentInput),
    responses: { 201: json(Segment, 'The new segment'), ...commonErrors, 409: conflict, 422: unprocessable },
  }), async (c) => {
    const body = c.req.valid('json');
    const view = await live.mutate(async (ws) => {
      const [def] = await checked(ws, body);
      if ((await ws.store.listSegments()).some((s) => s.alias === def.alias)) {
        throw new SegmintError(issue('conflict', `alias "${def.alias}" is taken; PUT /api/v1/segments/${def.alias} changes that segment`, body.alias ? 'body.alias' : 'body.name'));
      }
      await ws.applySegments(body, { savedBy: savedByKey(c.get('key')) });
      return segmentView(ws, def.alias);
    });
    return c.json(view, 201);
  });

  app.openapi(createRoute({
    method: 'put', path: '/api/v1/segments', tags: ['segments'], summary: 'Create or update many segments (like `segmint segments apply`)',
    description: 'One definition or an array; each is created or updated by alias. All are checked first; if any is wrong, none is saved.',
    request: jsonBody(z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown())).max(1000)])
      .openapi({ description: 'SegmentInput, or an array of them; checked as a definitions file is' })),
    responses: {
      200: json(z.object({ saved: z.array(Segment), rebuilt: z.array(RebuildReport) }), 'Saved and computed'),
      ...commonErrors, 409: conflict, 422: unprocessable,
    },
  }), async (c) => {
    const body = c.req.valid('json');
    const out = await live.mutate(async (ws) => {
      await checked(ws, body);
      const r = await ws.applySegments(body, { savedBy: savedByKey(c.get('key')) });
      const views = await segmentViews(ws);
      return { saved: r.saved.map((d) => views.find((v) => v.alias === d.alias) as SegmentView), rebuilt: r.rebuilt };
    });
    return c.json(out, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments/{alias}', tags: ['segments'], summary: 'A segment, with hand-made decisions',
    request: { params: AliasParams },
    responses: { 200: json(SegmentDetail, 'The segment'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const { alias } = c.req.valid('param');
    return c.json(await live.read(async (ws) => ({ ...(await segmentView(ws, alias)), manual: await ws.store.manual(alias) })), 200);
  });

  app.openapi(createRoute({
    method: 'put', path: '/api/v1/segments/{alias}', tags: ['segments'], summary: 'Replace a segment\'s definition (or create it)',
    description: 'The whole definition: fields left out are cleared. `alias` in the body, if given, must be the one in the path.',
    request: { params: AliasParams, ...jsonBody(SegmentInput) },
    responses: { 200: json(Segment, 'Updated'), 201: json(Segment, 'Created'), ...commonErrors, 409: conflict, 422: unprocessable },
  }), async (c) => {
    const { alias } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.alias !== undefined && body.alias !== alias) {
      throw new HttpError(400, 'invalid_request', `the body names alias "${body.alias}" but the path "${alias}"; an alias cannot be renamed`, 'body.alias');
    }
    const def = { ...body, alias };
    const { view, created } = await live.mutate(async (ws) => {
      const created = !(await ws.store.listSegments()).some((s) => s.alias === alias);
      await checked(ws, def);
      await ws.applySegments(def, { savedBy: savedByKey(c.get('key')) });
      return { view: await segmentView(ws, alias), created };
    });
    return created ? c.json(view, 201) : c.json(view, 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/api/v1/segments/{alias}', tags: ['segments'], summary: 'Delete a segment',
    description: 'Refused (409) while another segment references it. Its members and change log go with it.',
    request: { params: AliasParams },
    responses: { 200: json(z.object({ deleted: z.string() }), 'Deleted'), ...commonErrors, 404: notFoundResponse, 409: conflict },
  }), async (c) => {
    const { alias } = c.req.valid('param');
    await live.mutate((ws) => ws.deleteSegment(alias));
    return c.json({ deleted: alias }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/rebuild', tags: ['segments'], summary: 'Recompute segments from scratch at the clock',
    description: 'The given segments (all when none), with what they reference and what references them, in dependency order.',
    request: jsonBody(z.strictObject({ segments: z.array(Alias).max(LIMITS.records).optional() })),
    responses: { 200: json(z.object({ segments: z.array(RebuildReport), ms: z.number() }), 'Rebuilt'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const { segments } = c.req.valid('json');
    const started = performance.now();
    const reports = await live.mutate((ws) => ws.rebuild(segments ?? []));
    return c.json({ segments: reports, ms: Math.round(performance.now() - started) }, 200);
  });
}
