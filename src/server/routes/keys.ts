import { createRoute, z } from '@hono/zod-openapi';
import { KEY_ROLES, type ApiKey } from '../../store/keys.js';
import type { App, AppContext } from '../context.js';
import { notFound } from '../errors.js';
import { Iso, LIMITS, commonErrors, iso, isoOrNull, json, jsonBody, notFoundResponse } from '../schemas.js';

// API keys, managed with an admin key. A new key's secret is in the answer that creates
// it and nowhere else: the store keeps its hash.

const Key = z.object({
  id: z.string(), name: z.string().nullable(), role: z.enum(['admin', 'write']),
  createdAt: Iso, revokedAt: Iso.nullable(), lastUsedAt: Iso.nullable(),
}).openapi('ApiKey');

export const keyView = (k: ApiKey) => ({
  id: k.id, name: k.name, role: k.role, createdAt: iso(k.createdAt), revokedAt: isoOrNull(k.revokedAt), lastUsedAt: isoOrNull(k.lastUsedAt),
});

export function registerKeyRoutes(app: App, { keys }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/keys', tags: ['keys'], summary: 'Every API key (never the secrets)',
    responses: { 200: json(z.array(Key), 'The keys, oldest first, revoked ones included'), ...commonErrors },
  }), (c) => c.json(keys.list().map(keyView), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/keys', tags: ['keys'], summary: 'Create an API key',
    description: 'The secret (`key`) is shown in this answer only. A write key may send contacts and events and nothing else.',
    request: jsonBody(z.strictObject({ role: z.enum(KEY_ROLES as ['admin', 'write']), name: z.string().min(1).max(LIMITS.idChars).optional() })),
    responses: { 201: json(Key.extend({ key: z.string().openapi({ example: 'sk_write_0123456789abcdefghijABCDEFGHIJ01' }) }), 'The new key, with its secret'), ...commonErrors },
  }), async (c) => {
    const { role, name } = c.req.valid('json');
    const { key, secret } = await keys.create(role, name ?? null);
    return c.json({ ...keyView(key), key: secret }, 201);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/api/v1/keys/{id}', tags: ['keys'], summary: 'Revoke an API key',
    request: { params: z.object({ id: z.string().min(1).max(LIMITS.idChars).openapi({ param: { name: 'id', in: 'path' } }) }) },
    responses: { 200: json(Key, 'Revoked'), ...commonErrors, 404: notFoundResponse },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const k = await keys.revoke(id);
    if (!k) throw notFound(`no API key with id "${id}"`, 'params.id');
    return c.json(keyView(k), 200);
  });
}
