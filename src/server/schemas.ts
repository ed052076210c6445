import { z } from '@hono/zod-openapi';
import { conditionSchema } from '../condition/schema.js';
import { FIELD_TYPES } from '../fields/index.js';

// Schemas shared by several routes. Each one validates requests or describes responses,
// and the OpenAPI document is generated from the same objects.

/** Bounds on what one request may carry (docs/server.md lists them). */
export const LIMITS = {
  /** Bytes of a JSON body. */
  jsonBytes: 1024 * 1024,
  /** Bytes of an NDJSON or CSV import body. */
  importBytes: 100 * 1024 * 1024,
  /** Contacts or events in one POST. */
  records: 1000,
  /** Contact ids in one include, exclude or reset. */
  ids: 10_000,
  /** Characters of an id, an event name, a segment alias or a key name. */
  idChars: 256,
  /** Members in one page. */
  pageSize: 10_000,
  /** Changes in one page. */
  changesPage: 10_000,
  /** Days of history or upcoming changes. */
  days: 366,
} as const;

/**
 * Give a schema a name in the document. Schemas built before @hono/zod-openapi extended
 * zod (the condition schema, depending on import order) lack their own `.openapi`; the
 * extension's method works on them all the same.
 */
function named<T extends z.ZodType>(schema: T, name: string, description: string): T {
  const openapi = (z.ZodType.prototype as unknown as { openapi: (this: T, name: string, meta: { description: string }) => T }).openapi;
  return openapi.call(schema, name, { description });
}

// The condition tree is recursive; naming both recursive parts lets the document refer
// to them instead of unfolding them forever.
const Condition = named(conditionSchema, 'Condition', 'A condition tree (docs/segment-language.md).');
nameWhereSchema();

function nameWhereSchema(): void {
  const union = conditionSchema instanceof z.ZodLazy ? conditionSchema.unwrap() : null;
  if (!(union instanceof z.ZodDiscriminatedUnion)) return;
  for (const option of union.options) {
    if (!(option instanceof z.ZodObject)) continue;
    const where = (option.shape as Record<string, z.ZodType>).where;
    if (where instanceof z.ZodOptional && where.unwrap() instanceof z.ZodLazy) {
      named(where.unwrap() as z.ZodLazy, 'WhereCondition', 'A condition on one event\'s properties.');
      return;
    }
  }
}

export const ConditionInput = z.union([z.string().min(1).openapi({ description: 'DSL text (docs/dsl.md), or JSON text', example: 'points >= 1000' }), Condition])
  .openapi('ConditionInput', { description: 'A condition as a JSON tree or as DSL text.' });

export const ErrorIssue = z.object({
  code: z.string().openapi({ example: 'invalid_request' }),
  message: z.string().openapi({ example: 'Invalid input: expected number, received string' }),
  path: z.string().openapi({ example: 'body.condition.conditions[2].value' }),
}).openapi('ErrorIssue');

export const ErrorBody = z.object({
  error: ErrorIssue.extend({ issues: z.array(ErrorIssue).optional().openapi({ description: 'Every problem found, when there were several.' }) }),
}).openapi('Error');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

/** The refusals every authenticated route may answer. */
export const commonErrors = {
  400: errorResponse('The request could not be read: not JSON, or not the expected shape.'),
  401: errorResponse('No API key, or one that is unknown or revoked.'),
  403: errorResponse('A write key on a route that needs an admin key.'),
  413: errorResponse('The body is over the size limit.'),
} as const;

export const notFoundResponse = errorResponse('No such segment, contact or key.');
export const unprocessable = errorResponse('Read, but refused by the workspace: an unknown field, a value that does not fit, a type mismatch.');
export const conflict = errorResponse('Contradicts what is stored: alias taken, a reference cycle, a segment still referenced.');

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  body: { required: true, description, content: { 'application/json': { schema } } },
});

export const Iso = z.string().openapi({ description: 'An ISO-8601 time (UTC)', example: '2026-03-15T10:00:00.000Z' });
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : iso(ms));

export const Alias = z.string().min(1).max(LIMITS.idChars).regex(/^[a-z0-9_]+$/, 'must match ^[a-z0-9_]+$')
  .openapi({ param: { name: 'alias', in: 'path' }, example: 'vip' });
export const AliasParams = z.object({ alias: Alias });

export const ContactId = z.string().min(1).max(LIMITS.idChars).openapi({ example: 'c42' });

export const FieldDef = z.strictObject({
  key: z.string().openapi({ example: 'city' }),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string()).optional(),
}).openapi('FieldDef');

export const SegmentInput = z.strictObject({
  name: z.string().min(1).max(1000),
  alias: z.string().min(1).max(LIMITS.idChars).regex(/^[a-z0-9_]+$/, 'must match ^[a-z0-9_]+$').optional(),
  description: z.string().max(10_000).nullable().optional(),
  category: z.string().max(1000).nullable().optional(),
  kind: z.enum(['dynamic', 'manual']).optional(),
  condition: ConditionInput.optional(),
}).openapi('SegmentInput');

export const RebuildReport = z.object({
  alias: z.string(), entered: z.number().int(), left: z.number().int(), total: z.number().int(), ms: z.number(), unchanged: z.boolean().optional(),
}).openapi('RebuildReport');

export const Segment = z.object({
  alias: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  kind: z.enum(['dynamic', 'manual']),
  condition: Condition.nullable(),
  dsl: z.string().nullable().openapi({ description: 'The condition as DSL text' }),
  members: z.number().int(),
  computedAt: Iso.nullable().openapi({ description: 'When its membership was last computed' }),
  createdAt: Iso,
  updatedAt: Iso,
}).openapi('Segment');

export const Change = z.object({
  id: z.number().int().openapi({ description: 'The change\'s place in the log; `after` takes it as a cursor', example: 1042 }),
  segment: z.string(),
  contactId: z.string(),
  change: z.enum(['entered', 'left']),
  at: Iso,
  cause: z.enum(['data', 'time', 'manual', 'definition']),
}).openapi('Change');

export const Issue = z.object({ code: z.string(), message: z.string(), path: z.string() }).openapi('Issue');
