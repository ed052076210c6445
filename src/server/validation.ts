import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { loneSurrogateAt, loneSurrogateMessage } from '../fields/index.js';
import { lossyNumberIn, lossyNumberMessage } from '../ingest/exact-numbers.js';
import { HttpError, type ErrorIssue } from './errors.js';

// Requests are read and checked before a handler runs: bodies as JSON with a bounded
// nesting depth, then against the route's schema. A refusal names where the problem is,
// the way a person reads it: `body.condition.conditions[2].value`, `query.limit`.

/** Bodies nested deeper than this are refused before any schema walks them. */
export const MAX_JSON_DEPTH = 256;

type ZodIssue = z.core.$ZodIssue;

const TARGET: Record<string, string> = { json: 'body', query: 'query', param: 'params', header: 'headers', cookie: 'cookies', form: 'body' };

export function renderPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const k of path) out = typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k);
  return out;
}

/** The deepest path among a branch's issues: how far the input got into that branch. */
function reach(issues: readonly ZodIssue[]): number {
  let best = 0;
  for (const i of issues) {
    // A union at the same place got no further; any other complaint than the type means the type fitted.
    const further = i.code === 'invalid_union' ? Math.max(0, ...i.errors.map(reach)) : i.code === 'invalid_type' ? 0 : 1;
    best = Math.max(best, i.path.length + further);
  }
  return best;
}

/**
 * A union's failure, read as the branch the input got furthest into; when no branch got
 * past the first step (a number where text or a list was expected), one issue naming
 * every type that would have fitted. `root` is the input, to say what was received.
 */
function flatten(issue: ZodIssue, prefix: readonly PropertyKey[], root: unknown): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    if ('discriminator' in issue && issue.errors.length === 0) {
      const d = String(issue.discriminator ?? 'type');
      // Zod names the discriminator's own place; older versions named the object's.
      const where = path[path.length - 1] === d ? path : [...path, d];
      const value = at(root, where);
      return [{ path: where, message: value === undefined ? `"${d}" is required` : `unknown ${d} ${JSON.stringify(value)}` }];
    }
    const scored = issue.errors.filter((b) => b.length).map((b) => ({ b, r: reach(b) }));
    const top = Math.max(0, ...scored.map((s) => s.r));
    const deep = scored.filter((s) => s.r === top);
    if (top > 0 && deep.length === 1) return deep[0].b.flatMap((i) => flatten(i, path, root));
    const expected = [...new Set(issue.errors.flatMap((b) => b.flatMap(expectedTypes)))];
    if (expected.length) return [{ path, message: `expected ${orList(expected)}, received ${kindOf(at(root, path))}` }];
    return [{ path, message: issue.message }];
  }
  if (issue.code === 'unrecognized_keys') return [{ path, message: `unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` }];
  if (issue.code === 'invalid_type' && at(root, path) === undefined) return [{ path, message: `required: expected ${issue.expected}` }];
  return [{ path, message: issue.message }];
}

/** The types a union (of unions) would have taken at its own place. */
function expectedTypes(issue: ZodIssue): string[] {
  if (issue.path.length) return [];
  if (issue.code === 'invalid_type') return [issue.expected];
  if (issue.code === 'invalid_union') return issue.errors.flatMap((b) => b.flatMap(expectedTypes));
  return [];
}

/** The value at a path of the input, if there is one. */
function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function orList(xs: readonly string[]): string {
  return xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Zod's issues as ours, with the request part they concern in front of the path. */
export function requestIssues(target: string, issues: readonly ZodIssue[], input: unknown): ErrorIssue[] {
  const base = TARGET[target] ?? target;
  const seen = new Set<string>();
  const out: ErrorIssue[] = [];
  for (const f of issues.flatMap((i) => flatten(i, [], input))) {
    const e = { code: 'invalid_request', message: f.message, path: renderPath(base, f.path) };
    const k = `${e.path}\0${e.message}`;
    if (!seen.has(k)) { seen.add(k); out.push(e); }
  }
  return out;
}

/** The hook every route's validators call: a failed check becomes a 400 naming each place. */
export function validationHook(result: { success: boolean; target: string; data?: unknown; error?: { issues: readonly ZodIssue[] } }, _c: Context): void {
  if (result.success || !result.error) return;
  const issues = requestIssues(result.target, result.error.issues, result.data);
  const first = issues[0];
  throw new HttpError(400, 'invalid_request', first.message, first.path, issues);
}

/** How deep a parsed JSON value nests, walking iteratively (a hostile body must not overflow the stack). */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > stopAt) return max;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === 'object') stack.push([x, d + 1]);
  }
  return max;
}

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\b/i;

/**
 * Read a JSON body once, before the validators: text that is not JSON is a `parse_error`
 * naming where it broke; a body nested past MAX_JSON_DEPTH, or holding a lone surrogate
 * (`"\ud800"`: no UTF-8 store keeps it unchanged) or a number JavaScript would round
 * (12345678901234567890), is refused outright. Hono
 * keeps the text, so the route's validator reads the same body.
 */
export function jsonBody(): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header('content-type');
    if ((c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') && type && JSON_TYPE.test(type)) {
      const text = await c.req.text();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new HttpError(400, 'parse_error', `the body is not valid JSON: ${(e as Error).message}`, 'body');
      }
      if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        throw new HttpError(400, 'invalid_request', `the body nests deeper than ${MAX_JSON_DEPTH} levels`, 'body');
      }
      // Any text of the body may be stored (a name, a label, a setting): none may change on its way in.
      const odd = loneSurrogateAt(value, 'body');
      if (odd !== null) throw new HttpError(400, 'invalid_request', loneSurrogateMessage(odd), odd.path);
      const lossy = lossyNumberIn(text, 'body', MAX_JSON_DEPTH + 1);
      if (lossy !== null) throw new HttpError(400, 'invalid_request', lossyNumberMessage(lossy), lossy.path);
    }
    await next();
  };
}
