import assert from 'node:assert/strict';
import type { Condition } from '../../src/condition/types.js';
import { SegmintError, type Issue } from '../../src/errors.js';
import type { Workspace } from '../../src/engine/index.js';
import { membersBoth } from '../workspace-fixture.js';

// Shared by the semantics tests: every expectation is an explicit, sorted list of ids,
// asserted for the SQL compiler, the in-memory evaluator and the preview count alike.

export type { Condition };

export async function expectMembers(ws: Workspace, c: Condition, expected: readonly string[], label = ''): Promise<void> {
  const r = await membersBoth(ws, c);
  const want = [...expected].sort();
  assert.deepEqual(r.sql, want, `SQL compiler ${label}`);
  assert.deepEqual(r.memory, want, `in-memory evaluator ${label}`);
  assert.equal(await ws.count(c), want.length, `preview count ${label}`);
}

/** Await a rejection with a SegmintError and return its issues. */
export async function issuesOf(p: Promise<unknown>): Promise<readonly Issue[]> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SegmintError, `expected a SegmintError, got ${String(e)}`);
    return e.issues;
  }
  assert.fail('expected a SegmintError, but the call succeeded');
}

export const field = (f: string, op: string, value?: unknown, extra: Record<string, unknown> = {}): Condition =>
  ({ type: 'field', field: f, op, ...(value === undefined ? {} : { value }), ...extra }) as Condition;

export const not = (condition: Condition): Condition => ({ type: 'not', condition });
