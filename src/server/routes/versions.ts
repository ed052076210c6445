import { createRoute, z } from '@hono/zod-openapi';
import { printDsl } from '../../dsl/index.js';
import type { ApiKey } from '../../store/keys.js';
import { CLI, version, versions, type SavedBy, type SegmentVersion } from '../../store/versions.js';
import type { App, AppContext } from '../context.js';
import { notFound, withPaths } from '../errors.js';
import { AliasParams, Iso, Segment, commonErrors, conflict, iso, json, notFoundResponse, unprocessable } from '../schemas.js';
import { segmentView } from './segments.js';

// The history of a segment's definition: every save (create, update, restore) is a
// version with its time and the key that saved it. Restoring saves an old version as the
// newest. Versions outlive a deleted segment, and restoring one creates it again.

/** Who saved through this request: its API key, or the CLI when the key is the local CLI's session. */
export function savedByKey(key: ApiKey): SavedBy {
  return key.id.startsWith('session_') ? CLI : { id: key.id, name: key.name };
}

const Definition = z.object({
  name: z.string(), description: z.string().nullable(), category: z.string().nullable(), kind: z.enum(['dynamic', 'manual']),
  condition: z.unknown().nullable().openapi({ description: 'The condition tree (null for a manual segment)' }),
  dsl: z.string().nullable().openapi({ description: 'The condition as DSL text' }),
}).openapi('SegmentDefinition');

const Version = z.object({
  alias: z.string(),
  version: z.number().int().openapi({ example: 3 }),
  definition: Definition,
  savedAt: Iso,
  savedBy: z.object({
    id: z.string().openapi({ description: 'The API key\'s id, or `cli`', example: 'key_4f8Qz1LmN0pa' }),
    name: z.string().nullable().openapi({ description: 'The key\'s name when it has one' }),
  }),
  restoredFrom: z.number().int().nullable().openapi({ description: 'The version this save restored' }),
  current: z.boolean().openapi({ description: 'Whether this is the definition the segment has now' }),
}).openapi('SegmentVersion');

const VersionParams = AliasParams.extend({
  n: z.coerce.number().int().min(1).max(2_147_483_647).openapi({ param: { name: 'n', in: 'path' }, example: 2 }),
});

function versionView(v: SegmentVersion, latest: number | null): z.infer<typeof Version> {
  const d = v.definition;
  return {
    alias: v.alias, version: v.version,
    definition: { ...d, dsl: d.condition ? printDsl(d.condition) : null },
    savedAt: iso(v.savedAt), savedBy: v.savedBy, restoredFrom: v.restoredFrom, current: v.version === latest,
  };
}

export function registerVersionRoutes(app: App, { live }: AppContext): void {
  /** The latest version number while the segment exists (a deleted segment has no current version). */
  const current = async (ws: Parameters<Parameters<typeof live.read>[0]>[0], alias: string, list: readonly SegmentVersion[]): Promise<number | null> =>
    ((await ws.store.listSegments()).some((s) => s.alias === alias) ? list[0]?.version ?? null : null);

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments/{alias}/versions', tags: ['versions'], summary: 'Every saved version of a segment\'s definition, newest first',
    description: 'A save that changes nothing adds no version. The versions of a deleted segment stay readable (and restorable).',
    request: { params: AliasParams },
    responses: { 200: json(z.object({ alias: z.string(), versions: z.array(Version) }), 'The versions'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const { alias } = c.req.valid('param');
    const out = await live.read(async (ws) => {
      const list = await versions(ws.store, alias);
      const latest = await current(ws, alias, list);
      if (!list.length && latest === null && !(await ws.store.listSegments()).some((s) => s.alias === alias)) return null;
      return list.map((v) => versionView(v, latest));
    });
    if (!out) throw notFound(`no segment with alias "${alias}" and no saved versions of one`, 'params.alias');
    return c.json({ alias, versions: out }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/segments/{alias}/versions/{n}', tags: ['versions'], summary: 'One saved version',
    request: { params: VersionParams },
    responses: { 200: json(Version, 'The version'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const { alias, n } = c.req.valid('param');
    const out = await live.read(async (ws) => {
      const v = await version(ws.store, alias, n);
      return v ? versionView(v, await current(ws, alias, await versions(ws.store, alias, 1))) : null;
    });
    if (!out) throw notFound(`segment "${alias}" has no version ${n}`, 'params.n');
    return c.json(out, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/segments/{alias}/versions/{n}/restore', tags: ['versions'], summary: 'Save an earlier version as the newest',
    description: 'The definition of version `n` is saved again (checked as any save: its fields and referenced segments must still exist; a refusal names the place in the version\'s definition, e.g. `definition.condition.conditions[0].segment`) and becomes a new version; membership follows before the answer. A deleted segment is created again. Restoring the definition the segment already has saves nothing (`unchanged: true`).',
    request: { params: VersionParams },
    responses: {
      200: json(z.object({ version: Version, segment: Segment, unchanged: z.boolean() }), 'Restored'),
      ...commonErrors, 404: notFoundResponse, 409: conflict, 422: unprocessable,
    },
  }), async (c) => {
    const { alias, n } = c.req.valid('param');
    const savedBy = savedByKey(c.get('key'));
    const out = await withPaths(() => live.mutate(async (ws) => {
      const v = await version(ws.store, alias, n);
      if (!v) throw notFound(`segment "${alias}" has no version ${n}`, 'params.n');
      const d = v.definition;
      const def = {
        alias, name: d.name, description: d.description, category: d.category, kind: d.kind,
        ...(d.kind === 'dynamic' && d.condition ? { condition: d.condition } : {}),
      };
      const before = (await versions(ws.store, alias, 1))[0]?.version ?? 0;
      await ws.applySegments(def, { savedBy, restoredFrom: n });
      const [latest] = await versions(ws.store, alias, 1);
      return { version: versionView(latest, latest.version), segment: await segmentView(ws, alias), unchanged: latest.version === before };
    }), (p) => (p === '(root)' || p === '' ? 'definition' : `definition.${p}`.replace('.[', '[')));
    return c.json(out, 200);
  });
}
