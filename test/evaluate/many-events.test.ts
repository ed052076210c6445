import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type EventRecord } from '../../src/evaluate/index.js';
import { FieldRegistry } from '../../src/fields/index.js';
import { bindCondition } from '../../src/plan/index.js';
import type { Condition } from '../../src/condition/types.js';

// A very active contact: more events than a function call can take as arguments.
test('min, max, first_at and last_at over 300,000 events of one contact', () => {
  const now = Date.parse('2026-10-25T09:00:00Z');
  const events: EventRecord[] = Array.from({ length: 300_000 }, (_, i) => ({ name: 'view', ts: now - 300_000 + i, properties: { n: i } }));
  const holds = (c: Condition): boolean => {
    const b = bindCondition(c, { fields: new FieldRegistry([]), now, tz: 'UTC', segmentExists: () => false });
    assert.ok(b.ok);
    return evaluate(b.value, { contact: { id: 'x', values: {} }, events, now, tz: 'UTC', isMember: () => false });
  };
  assert.equal(holds({ type: 'event', event: 'view', measure: 'min', property: 'n', op: 'eq', value: 0 }), true);
  assert.equal(holds({ type: 'event', event: 'view', measure: 'max', property: 'n', op: 'eq', value: 299_999 }), true);
  assert.equal(holds({ type: 'event', event: 'view', measure: 'first_at', op: 'eq', value: new Date(now - 300_000).toISOString() }), true);
  assert.equal(holds({ type: 'event', event: 'view', measure: 'last_at', op: 'eq', value: new Date(now - 1).toISOString() }), true);
});
