import assert from 'node:assert/strict';
import { test } from 'node:test';
import { propertyKeys } from '../../src/realtime/contact-cache.js';

test('the event properties kept are exactly the top-level keys and dotted paths segments read', () => {
  const keys = propertyKeys([{
    alias: 'a', name: 'A', description: null, category: null, kind: 'dynamic', createdAt: 0, updatedAt: 0,
    condition: { type: 'and', conditions: [
      { type: 'event', event: 'purchase', measure: 'sum', property: 'amount', op: 'gt', value: 1 },
      { type: 'event', event: 'view', where: { type: 'field', field: 'page.path', op: 'eq', value: '/' } },
    ] },
  }]);
  assert.deepEqual(keys.sort(), ['amount', 'page', 'page.path']);
});
