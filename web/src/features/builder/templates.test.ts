import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEMPLATES, buildTemplate, type Workspace } from './templates.js';
import { compile, fromCondition } from './tree.js';

const shop: Workspace = {
  fields: [
    { key: 'email', label: null, type: 'email', options: null },
    { key: 'created_at', label: null, type: 'datetime', options: null },
    { key: 'tags', label: null, type: 'tags', options: null },
    { key: 'town', label: 'Town', type: 'text', options: null },
    { key: 'loyalty_points', label: 'Points', type: 'number', options: null },
    { key: 'dob', label: 'Date of birth', type: 'date', options: null },
    { key: 'topics', label: 'Interests', type: 'multiselect', options: ['shoes', 'bags'] },
    { key: 'level', label: 'Tier', type: 'select', options: ['Silver', 'Gold'] },
  ],
  events: [
    { name: 'Order Completed', count: 50, properties: [{ key: 'sku', types: ['string'], examples: ['a'] }, { key: 'total', types: ['number'], examples: [12.5] }] },
    { name: 'order_viewed', count: 500, properties: [] },
    { name: 'Added to Cart', count: 80, properties: [] },
    { name: 'ticket_opened', count: 3, properties: [] },
  ],
};

const empty: Workspace = { fields: [], events: [] };

test('a dozen templates, each adapted to the workspace', () => {
  assert.ok(TEMPLATES.length >= 12);
  const c = (id: string) => buildTemplate(id, shop)?.condition;
  assert.deepEqual(c('city'), { type: 'field', field: 'town', op: 'eq', value: '' });
  assert.deepEqual(c('big_spenders'), { type: 'event', event: 'Order Completed', measure: 'sum', property: 'total', op: 'gte', value: 1000, within: '1y' });
  assert.deepEqual(c('loyal'), { type: 'event', event: 'Order Completed', within: '1y', op: 'gte', value: 3 });
  assert.deepEqual(c('interested_in_topic'), { type: 'field', field: 'topics', op: 'any_of', value: ['shoes'] });
  assert.deepEqual(c('recent_support_case'), { type: 'event', event: 'ticket_opened', within: '30d' });
  assert.deepEqual(c('over_points'), { type: 'field', field: 'loyalty_points', op: 'gte', value: 1000 });
  assert.deepEqual(c('aged_40_50'), { type: 'field', field: 'dob', op: 'between', value: [40, 50], fn: 'age_years' });
  assert.deepEqual(c('cart_abandoned'), { type: 'sequence', steps: [{ event: 'Added to Cart' }, { event: 'Order Completed', absent: true }], gap: '48h', within: '14d' });
  assert.deepEqual(c('vip_or_gold'), { type: 'or', conditions: [{ type: 'field', field: 'tags', op: 'contains', value: 'vip' }, { type: 'field', field: 'level', op: 'eq', value: 'Gold' }] });
  assert.equal(buildTemplate('nope', shop), null);
});

test('what a workspace lacks is left blank, with a note, and the row waits for it', () => {
  for (const t of TEMPLATES) {
    const d = buildTemplate(t.id, empty);
    assert.ok(d, t.id);
    const compiled = compile(fromCondition(d.condition));
    if (compiled.incomplete.size > 0) assert.ok(d.notes.length > 0, `${t.id} has a blank without a note`);
  }
  assert.match(buildTemplate('big_spenders', empty)!.notes.join(' '), /choose the event/);
});
