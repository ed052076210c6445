import assert from 'node:assert/strict';
import { test } from 'node:test';
import { propertyKeys, propertyProjection } from '../../src/realtime/contact-cache.js';

test('the projection keeps exactly the top-level keys and dotted paths segments read', () => {
  const keys = propertyKeys([{
    alias: 'a', name: 'A', description: null, category: null, kind: 'dynamic', createdAt: 0, updatedAt: 0,
    condition: { type: 'and', conditions: [
      { type: 'event', event: 'purchase', measure: 'sum', property: 'amount', op: 'gt', value: 1 },
      { type: 'event', event: 'view', where: { type: 'field', field: 'page.path', op: 'eq', value: '/' } },
    ] },
  }]);
  assert.deepEqual(keys.sort(), ['amount', 'page', 'page.path']);
  const project = propertyProjection(keys);
  assert.deepEqual(project({ amount: 3, other: 'x', page: { path: '/' }, 'page.path': 1 }), { amount: 3, page: { path: '/' }, 'page.path': 1 });
  assert.deepEqual(project({ other: 'x' }), {});
  // Equal kept values share one object; different ones do not.
  const a = project({ amount: 3, other: 'x' });
  assert.equal(project({ amount: 3, other: 'y', more: [1] }), a);
  assert.notEqual(project({ amount: 4 }), a);
  assert.deepEqual(project({ amount: 4 }), { amount: 4 });
  assert.notEqual(project({ amount: '3' }), a, 'the text "3" is not the number 3');
});
