import { currentKey, setKey } from './auth';
import type { components, paths } from './api-schema';

// The one place the app talks HTTP to the server. Each request is declared once, next to
// its query hook in a feature's api/ folder, typed from the server's own OpenAPI
// document (api-schema.ts is generated from it). Errors become ApiError: the server's
// {"error": {code, message, path}} with the HTTP status.

export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'put' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Ok<O> = O extends { responses: infer R }
  ? (R extends { 200: infer A } ? JsonOf<A> : R extends { 201: infer B } ? JsonOf<B> : never)
  : never;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The JSON a route answers with on success, from the OpenAPI document. */
export type ApiResponse<P extends keyof paths, M extends Method = 'get'> = M extends keyof paths[P] ? Ok<paths[P][M]> : never;
/** The JSON body a route takes. */
export type ApiBody<P extends keyof paths, M extends Method> = M extends keyof paths[P] ? BodyOf<paths[P][M]> : never;

export interface ApiIssue { code: string; message: string; path: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server has no such route: an older server, or a feature not built yet. */
  get missingRoute(): boolean {
    return this.status === 404 && this.code === 'not_found' && this.message.startsWith('no route ');
  }

  /** Every issue, or the error itself when it has none listed. */
  get all(): readonly ApiIssue[] {
    return this.issues.length ? this.issues : [{ code: this.code, message: this.message, path: this.path }];
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  readonly query?: Query;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as is (a file). */
  readonly body?: BodyInit;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** Use this key instead of the signed-in one (sign-in checks a key before keeping it). */
  readonly key?: string;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A path segment, encoded. */
export const seg = (s: string): string => encodeURIComponent(s);

export function authHeaders(key = currentKey()): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

export async function request<T>(method: Uppercase<Method>, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(opts.key ?? currentKey()), ...opts.headers };
  let body: BodyInit | undefined = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'The server could not be reached. Is `segmint serve` running?', '');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; path?: string; issues?: ApiIssue[] } } | null)?.error;
    const e = new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `The server answered ${res.status} ${res.statusText}`, err?.path ?? '', err?.issues ?? []);
    // A key that stopped working (revoked, server restarted with another workspace): sign in again.
    if (res.status === 401 && !opts.key) setKey(null);
    throw e;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, json?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, json: json ?? {} }),
  put: <T>(path: string, json: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, json }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

/** A message for any error a request can end with. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
