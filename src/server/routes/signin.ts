import { createRoute, z } from '@hono/zod-openapi';
import { SignInError, TOKEN_TTL_MS, signInTokens } from '../../web-api/signin.js';
import type { App, AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { commonErrors, iso, Iso, json, jsonBody } from '../schemas.js';
import { keyView } from './keys.js';

// One-time sign-in for the web app: an admin asks for a token (or `segmint demo` mints one
// in the server's process and prints a URL holding it); the browser exchanges it, once,
// for an admin key named "browser sign-in" that it keeps for the session.

/** The one route under /api/v1 that needs no key. */
export const SIGNIN_PATH = '/api/v1/signin';

const ErrorSchema = commonErrors[401];

export function registerSignInRoutes(app: App, { keys }: AppContext): void {
  const tokens = signInTokens(keys);

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/signin/tokens', tags: ['keys'], summary: 'Create a one-time sign-in token (admin key)',
    description: `The token is exchanged once at POST ${SIGNIN_PATH} for a new admin key; it is valid for ${TOKEN_TTL_MS / 60_000} minutes and held in the server's memory only.`,
    responses: { 201: json(z.object({ token: z.string().openapi({ example: 'st_0123456789abcdefghijABCDEFGHIJ01' }), expiresAt: Iso }), 'The token'), ...commonErrors },
  }), (c) => {
    const t = tokens.mint();
    return c.json({ token: t.token, expiresAt: iso(t.expiresAt) }, 201);
  });

  app.openapi(createRoute({
    method: 'post', path: SIGNIN_PATH, tags: ['keys'], summary: 'Exchange a one-time sign-in token for an admin key (no key needed)', security: [],
    description: 'Answers a new admin key named "browser sign-in", its secret shown in this answer only. A token works once and only until it expires.',
    request: jsonBody(z.strictObject({ token: z.string().min(1).max(200) })),
    responses: {
      201: json(z.object({
        id: z.string(), name: z.string().nullable(), role: z.enum(['admin', 'write']), createdAt: Iso, revokedAt: Iso.nullable(), lastUsedAt: Iso.nullable(),
        key: z.string().openapi({ example: 'sk_admin_0123456789abcdefghijABCDEFGHIJ01' }),
      }), 'The new key, with its secret'),
      400: commonErrors[400], 401: ErrorSchema, 413: commonErrors[413],
    },
  }), async (c) => {
    const { token } = c.req.valid('json');
    try {
      const { key, secret } = await tokens.exchange(token);
      return c.json({ ...keyView(key), key: secret }, 201);
    } catch (e) {
      if (e instanceof SignInError) throw new HttpError(401, 'unauthorized', e.message, 'body.token');
      throw e;
    }
  });
}
