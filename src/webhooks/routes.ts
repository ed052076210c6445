import { createRoute, z } from '@hono/zod-openapi';
import { SegmintError } from '../errors.js';
import type { Live } from '../realtime/live.js';
import type { App } from '../server/context.js';
import { Iso, LIMITS, commonErrors, json, jsonBody, notFoundResponse, unprocessable } from '../server/schemas.js';
import {
  createWebhook, deleteWebhook, getWebhook, listWebhooks, sendTestDelivery, webhookDeliveries, MAX_DELIVERIES_PAGE, MAX_URL_LENGTH,
} from './subscriptions.js';

// /api/v1/webhooks: subscriptions, their delivery log, and a test delivery on demand.

export interface WebhookRouteDeps {
  readonly live: Live;
  /** The running delivery worker, told at once of a new subscription. */
  readonly worker?: { kick(): void };
  /** The time limit of a test delivery (the worker's own by default). */
  readonly timeoutMs?: number;
}

export const MAX_WEBHOOK_SEGMENTS = 100;

const Id = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'wh_3f9c2a7b1d04e8a6' }) });

const Segments = z.array(z.string().min(1).max(LIMITS.idChars)).min(1).max(MAX_WEBHOOK_SEGMENTS).nullable()
  .openapi({ description: 'Aliases of the segments whose changes are sent; null (or left out): every segment', example: ['loyal', 'cart_abandoners'] });

const CreateBody = z.strictObject({
  url: z.string().min(1).max(MAX_URL_LENGTH).openapi({ description: 'The receiver: an absolute http or https URL', example: 'https://example.com/hooks/segmint' }),
  segments: Segments.optional(),
}).openapi('WebhookCreate');

const Created = z.object({
  id: z.string(),
  url: z.string(),
  segments: Segments,
  secret: z.string().openapi({ description: 'The signing secret (Standard Webhooks, `whsec_` and base64): shown only in this answer', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwCmXqGk3T2hE=' }),
  createdAt: Iso,
}).openapi('WebhookCreated');

const WebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  segments: Segments,
  createdAt: Iso,
  disabled: z.boolean(),
  pending: z.number().int().openapi({ description: 'Changes not yet delivered or given up' }),
}).openapi('Webhook');

const DeliverySchema = z.object({
  id: z.number().int(),
  webhookId: z.string(),
  changeId: z.number().int().nullable().openapi({ description: 'The change delivered (`id` of /api/v1/changes); null for a test delivery' }),
  messageId: z.string().openapi({ description: 'The `webhook-id` header: the same on every attempt of one change' }),
  attempt: z.number().int(),
  status: z.enum(['delivered', 'retrying', 'failed']).openapi({ description: '`retrying`: failed, another attempt follows at `nextAttemptAt`; `failed`: the last attempt failed, or a test delivery failed' }),
  responseCode: z.number().int().nullable(),
  error: z.string().nullable().openapi({ example: 'answered 500: Internal Server Error' }),
  durationMs: z.number().int(),
  at: Iso,
  nextAttemptAt: Iso.nullable(),
}).openapi('WebhookDelivery');

const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_DELIVERIES_PAGE).optional().openapi({ description: `At most this many attempts (default 50, at most ${MAX_DELIVERIES_PAGE})` }),
  cursor: z.coerce.number().int().min(0).optional().openapi({ description: 'The `next` of the previous page' }),
});

const tags = ['webhooks'];
const missing = { 404: notFoundResponse };

const list = createRoute({
  method: 'get', path: '/api/v1/webhooks', tags, summary: 'Webhook subscriptions (without their secrets)',
  responses: { 200: json(z.object({ webhooks: z.array(WebhookSchema) }), 'The subscriptions, oldest first'), ...commonErrors },
});
const create = createRoute({
  method: 'post', path: '/api/v1/webhooks', tags, summary: 'Subscribe a URL to segment.entered and segment.left',
  description: 'Only changes logged from now on are sent. Deliveries follow the Standard Webhooks specification, signed with the secret in the answer (shown only there).',
  request: jsonBody(CreateBody),
  responses: { 201: json(Created, 'The subscription, with its secret'), ...commonErrors, 422: unprocessable },
});
const show = createRoute({
  method: 'get', path: '/api/v1/webhooks/{id}', tags, summary: 'One subscription', request: { params: Id },
  responses: { 200: json(WebhookSchema, 'The subscription'), ...commonErrors, ...missing },
});
const remove = createRoute({
  method: 'delete', path: '/api/v1/webhooks/{id}', tags, summary: 'Delete a subscription: nothing more is sent, its delivery log goes too', request: { params: Id },
  responses: { 204: { description: 'Deleted' }, ...commonErrors, ...missing },
});
const deliveries = createRoute({
  method: 'get', path: '/api/v1/webhooks/{id}/deliveries', tags, summary: 'Delivery attempts, newest first', request: { params: Id, query: DeliveriesQuery },
  responses: { 200: json(z.object({ deliveries: z.array(DeliverySchema), next: z.number().int().nullable() }), 'A page of attempts; `next` is the cursor of the following page (null: no more)'), ...commonErrors, ...missing },
});
const test = createRoute({
  method: 'post', path: '/api/v1/webhooks/{id}/test', tags, summary: 'Send a signed `webhook.test` message now',
  description: 'One attempt, no retry, logged with the deliveries. The answer says how it went; a receiver that fails still gets a 200 here, with `status` failed.',
  request: { params: Id },
  responses: { 200: json(DeliverySchema, 'The attempt'), ...commonErrors, ...missing },
});

/** Engine paths (`url`, `segments[1]`, `id`) as places in the request. */
async function at<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SegmintError) throw new SegmintError(e.issues.map((i) => ({ ...i, path: i.path === 'id' ? 'params.id' : i.path ? `${prefix}.${i.path}` : prefix })));
    throw e;
  }
}

export function registerWebhookRoutes(app: App, deps: WebhookRouteDeps): void {
  const { live } = deps;
  app.openapi(list, async (c) => c.json({ webhooks: await listWebhooks(live) }, 200));
  app.openapi(create, async (c) => {
    const created = await at('body', () => createWebhook(live, c.req.valid('json')));
    deps.worker?.kick();
    return c.json(created, 201);
  });
  app.openapi(show, async (c) => c.json(await at('params', () => getWebhook(live, c.req.valid('param').id)), 200));
  app.openapi(remove, async (c) => {
    await at('params', () => deleteWebhook(live, c.req.valid('param').id));
    return c.body(null, 204);
  });
  app.openapi(deliveries, async (c) => {
    const q = c.req.valid('query');
    return c.json(await at('params', () => webhookDeliveries(live, c.req.valid('param').id, { limit: q.limit, before: q.cursor })), 200);
  });
  app.openapi(test, async (c) => c.json(await at('params', () => sendTestDelivery(live, c.req.valid('param').id, { timeoutMs: deps.timeoutMs })), 200));
}
