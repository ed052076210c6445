import { createRoute, z } from '@hono/zod-openapi';
import type { Condition } from '../../condition/types.js';
import { printDsl } from '../../dsl/index.js';
import { parseCondition } from '../../engine/definitions.js';
import { nodeCounts } from '../../engine/node-counts.js';
import { SegmintError, type Issue } from '../../errors.js';
import type { App, AppContext } from '../context.js';
import { ConditionInput, Issue as IssueSchema, commonErrors, json, jsonBody, unprocessable } from '../schemas.js';

// Questions that save nothing: the live count of a condition, and a check of definitions.

/** Engine paths inside a condition, as places in the body. */
function inCondition(issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({
    ...i,
    path: i.path === '' || i.path === '(root)' ? 'body.condition'
      : /^line \d/.test(i.path) ? `body.condition (${i.path})`
      : `body.condition.${i.path}`.replace('.[', '['),
  }));
}

/** A JSON tree through the engine's own checks (depth, shape), as a definitions file's would be. */
function checkedTree(input: unknown): Condition {
  const r = parseCondition(input, '');
  if (!r.condition) throw new SegmintError(r.errors);
  return r.condition;
}

export function registerQueryRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'post', path: '/api/v1/count', tags: ['segments'], summary: 'Live count of a condition (not saved)',
    description: 'With `"nodes": true`, also the count of every node on its own (each group, each row, the child of each `not`), addressed by its path in the tree (`""` for the root, `conditions[1].conditions[0]`), all in one query.',
    request: jsonBody(z.strictObject({
      condition: ConditionInput,
      nodes: z.boolean().optional().openapi({ description: 'Also count every node of the tree on its own' }),
    })),
    responses: {
      200: json(z.object({
        count: z.number().int(), condition: z.unknown(), dsl: z.string(), ms: z.number(),
        nodes: z.array(z.object({ path: z.string().openapi({ example: 'conditions[0]' }), count: z.number().int() })).optional()
          .openapi({ description: 'With `"nodes": true`: every node, the root first, in document order' }),
      }), 'How many contacts match now'),
      ...commonErrors, 422: unprocessable,
    },
  }), async (c) => {
    const { condition, nodes } = c.req.valid('json');
    return c.json(await live.read(async (ws) => {
      let parsed: Condition;
      let n: number;
      let perNode: { path: string; count: number }[] | undefined;
      const started = performance.now();
      try {
        parsed = typeof condition === 'string' ? ws.parseConditionText(condition) : checkedTree(condition);
        if (nodes) ({ count: n, nodes: perNode } = await nodeCounts(ws, parsed));
        else n = await ws.count(parsed);
      } catch (e) {
        if (e instanceof SegmintError) throw new SegmintError(inCondition(e.issues));
        throw e;
      }
      return { count: n, condition: parsed, dsl: printDsl(parsed), ms: Math.round(performance.now() - started), ...(perNode ? { nodes: perNode } : {}) };
    }), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/check', tags: ['segments'], summary: 'Check segment definitions without saving',
    description: 'One definition or an array, as for PUT /api/v1/segments. Always answers 200: `ok` says whether they would save, `errors` what is wrong and where (paths as in a definitions file).',
    request: jsonBody(z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()).max(1000)]).openapi({ description: 'SegmentInput, or an array of them' })),
    responses: {
      200: json(z.object({ ok: z.boolean(), segments: z.array(z.string()), errors: z.array(IssueSchema) }), 'The verdict'),
      ...commonErrors,
    },
  }), async (c) => {
    const body = c.req.valid('json');
    const r = await live.read((ws) => ws.check(body));
    return c.json({ ok: r.errors.length === 0, segments: r.defs.map((d) => d.alias), errors: r.errors }, 200);
  });
}
