import { z } from 'zod';
import { FIELD_FNS, FIELD_OPS, MEASURES, MEASURE_OPS, type Condition, type WhereCondition } from './types.js';
import { issue, ok, fail, type Issue, type Result } from '../errors.js';
import { depthProblem } from './depth.js';

// One schema for the shape of a condition tree. Meaning (field types, operator fit,
// date syntax) is checked later by `check` against the field registry.

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const fieldCondition = z.strictObject({
  type: z.literal('field'),
  field: z.string().min(1),
  op: z.enum(FIELD_OPS),
  value: z.union([scalar, z.array(scalar)]).optional(),
  fn: z.enum(FIELD_FNS).optional(),
  case_sensitive: z.boolean().optional(),
});

const window = z.union([
  z.string().min(1),
  z.strictObject({ from: z.string().min(1).optional(), to: z.string().min(1).optional() }),
]);

const where: z.ZodType<WhereCondition> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('and'), conditions: z.array(where) }),
    z.strictObject({ type: z.literal('or'), conditions: z.array(where) }),
    z.strictObject({ type: z.literal('not'), condition: where }),
    fieldCondition,
  ]),
) as z.ZodType<WhereCondition>;

const eventName = z.string().min(1);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('and'), conditions: z.array(conditionSchema) }),
    z.strictObject({ type: z.literal('or'), conditions: z.array(conditionSchema) }),
    z.strictObject({ type: z.literal('not'), condition: conditionSchema }),
    z.strictObject({ type: z.literal('all') }),
    fieldCondition,
    z.strictObject({
      type: z.literal('event'),
      event: eventName,
      where: where.optional(),
      within: window.optional(),
      measure: z.enum(MEASURES).optional(),
      property: z.string().min(1).optional(),
      op: z.enum(MEASURE_OPS).optional(),
      value: z.union([z.number(), z.string(), z.array(z.union([z.number(), z.string()]))]).optional(),
    }),
    z.strictObject({
      type: z.literal('sequence'),
      steps: z.array(z.strictObject({ event: eventName, where: where.optional(), absent: z.boolean().optional() })).min(1),
      within: window.optional(),
      gap: z.string().min(1).optional(),
    }),
    z.strictObject({ type: z.literal('segment'), segment: z.string().min(1), op: z.enum(['in', 'not_in']) }),
    z.strictObject({ type: z.literal('sample'), percent: z.number().min(0).max(100), salt: z.string() }),
  ]),
) as z.ZodType<Condition>;

function renderPath(path: readonly PropertyKey[], base: string): string {
  let out = base;
  for (const k of path) out = typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k);
  return out;
}

/** Validate the shape of an unknown JSON value as a condition tree. */
export function parseConditionJson(input: unknown, basePath = ''): Result<Condition> {
  // The schema is recursive: a tree past the depth limit is refused before it is walked.
  const deep = depthProblem(input, basePath);
  if (deep) return fail(deep);
  const r = conditionSchema.safeParse(input);
  if (r.success) return ok(r.data);
  const issues: Issue[] = r.error.issues.map((i) => {
    const path = renderPath(i.path, basePath);
    let message = i.message;
    if (i.code === 'invalid_union' && 'note' in i && i.note === 'No matching discriminator') {
      message = 'unknown condition type, expected one of and, or, not, all, field, event, sequence, segment, sample';
    } else if (i.code === 'unrecognized_keys') {
      message = `unknown key ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    }
    return issue('invalid_condition', message, path || '(root)');
  });
  return fail(...issues);
}
