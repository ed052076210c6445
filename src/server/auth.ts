import type { MiddlewareHandler } from 'hono';
import type { ApiKey, KeyStore } from '../store/keys.js';
import { HttpError } from './errors.js';

// Every route but /healthz needs a key, as `Authorization: Bearer KEY`. An admin key may
// use every route; a write key only the routes that take data in, so a key shipped inside
// a web page or an app can send contacts and events and read nothing back.

export type AuthVariables = { key: ApiKey };

/** Routes a write key may use, as `METHOD path` with the route's own path pattern. */
export const WRITE_ROUTES: ReadonlySet<string> = new Set(['POST /api/v1/contacts', 'POST /api/v1/events']);

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key a request carries, or a 401 naming what is missing. */
export function bearerKey(keys: KeyStore, header: string | undefined): ApiKey {
  const challenge = { 'www-authenticate': 'Bearer realm="segmint"' };
  if (!header) throw new HttpError(401, 'unauthorized', 'an API key is required: send "Authorization: Bearer KEY"', 'headers.authorization', undefined, challenge);
  const m = BEARER.exec(header);
  if (!m) throw new HttpError(401, 'unauthorized', 'the Authorization header must be "Bearer KEY"', 'headers.authorization', undefined, challenge);
  const key = keys.authenticate(m[1]);
  if (!key) throw new HttpError(401, 'unauthorized', 'the API key is not valid (unknown or revoked)', 'headers.authorization', undefined, challenge);
  return key;
}

/**
 * Check the key of every request it guards. `allowWrite` says whether a write key may use
 * the request; anything else needs an admin key (403 for a write key).
 */
export function requireKey(keys: KeyStore, allowWrite: (method: string, path: string) => boolean): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const key = bearerKey(keys, c.req.header('authorization'));
    if (key.role !== 'admin' && !allowWrite(c.req.method, c.req.path)) {
      throw new HttpError(403, 'forbidden', `a ${key.role} key may only send contacts and events; this route needs an admin key`, 'headers.authorization');
    }
    c.set('key', key);
    await next();
  };
}

/** Whether a write key may make this request: only the write routes, matched exactly. */
export function isWriteRoute(method: string, path: string): boolean {
  return WRITE_ROUTES.has(`${method.toUpperCase()} ${path.replace(/\/+$/, '')}`);
}
