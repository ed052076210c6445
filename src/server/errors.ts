import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SegmintError, type ErrorCode, type Issue } from '../errors.js';

// One error type for the HTTP surface. It knows its status and renders itself as
// {"error": {"code", "message", "path", "issues"?}}; engine errors become one of these
// in one place (`fromSegmintError`), so every route answers a refusal the same way.

export type HttpErrorCode =
  | ErrorCode
  | 'invalid_request'        // the request does not fit the route's schema (a wrong type, a missing key)
  | 'unauthorized'
  | 'forbidden'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal_error';

export interface ErrorIssue {
  readonly code: string;
  readonly message: string;
  readonly path: string;
}

export interface ErrorBody {
  readonly error: ErrorIssue & { readonly issues?: readonly ErrorIssue[] };
}

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: HttpErrorCode,
    message: string,
    readonly path = '',
    /** Every problem found, when there were several; the first is the error itself. */
    readonly issues?: readonly ErrorIssue[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  body(): ErrorBody {
    const error = { code: this.code, message: this.message, path: this.path };
    return { error: this.issues && this.issues.length > 1 ? { ...error, issues: this.issues } : error };
  }

  response(): Response {
    return new Response(JSON.stringify(this.body()), {
      status: this.status,
      // A body refused for its size is not read to its end, so the server closes the
      // connection after the answer: saying so keeps a client from sending its next request
      // on a connection about to close (it failed with "other side closed").
      headers: { 'content-type': 'application/json; charset=utf-8', ...(this.status === 413 ? { connection: 'close' } : {}), ...this.headers },
    });
  }
}

/**
 * What each engine code means for a client: the request could not be read (400), it was
 * read but the workspace refuses its content (422), it names nothing that exists (404),
 * it contradicts what is stored (409), or the server is too busy to take it now (503).
 */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  parse_error: 400,
  invalid_argument: 400,
  invalid_condition: 422,
  unknown_field: 422,
  unknown_segment: 422,
  type_mismatch: 422,
  invalid_value: 422,
  invalid_regex: 422,
  not_found: 404,
  cycle: 409,
  referenced: 409,
  conflict: 409,
  locked: 409,
  busy: 503,
};

export function fromIssues(issues: readonly Issue[], status?: ContentfulStatusCode): HttpError {
  const first = issues[0] ?? { code: 'invalid_argument' as const, message: 'invalid request', path: '' };
  // Too much waiting is worth retrying: say when.
  const headers: Record<string, string> = first.code === 'busy' ? { 'retry-after': '1' } : {};
  return new HttpError(status ?? STATUS[first.code], first.code, first.message, first.path, issues, headers);
}

export function fromSegmintError(e: SegmintError): HttpError {
  return fromIssues(e.issues);
}

export const notFound = (what: string, path = ''): HttpError => new HttpError(404, 'not_found', what, path);

/** Run `fn`; engine errors it raises get their paths rewritten as places in the request. */
export async function withPaths<T>(fn: () => Promise<T>, map: (path: string) => string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SegmintError) throw new SegmintError(e.issues.map((i) => ({ ...i, path: map(i.path) })));
    throw e;
  }
}
