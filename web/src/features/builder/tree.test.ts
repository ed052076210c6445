import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Condition, FieldCondition } from './model.js';
import {
  addNode, addRow, addStep, blankRow, compile, duplicate, fromCondition, group, groupLabel, groupsInOrder, indent,
  locate, moveNode, moveStep, nodeAtPath, normalisePath, outdent, removeNode, reorder, rowNode, rowProblem, rowsInOrder,
  setGroupOp, setStepAbsent, toggleNegated, ungroup, updateRow, wrapInGroup, lineColumn,
  type EditorNode, type GroupNode, type RowNode, type SequenceDraft,
} from './tree.js';

// The builder's tree editing as pure functions: every edit returns a new tree, every
// other row keeps its values, and the JSON sent for counting says where each node is.

const json = (root: GroupNode): Condition => compile(root).condition;
const roundTrip = (c: Condition): Condition => json(fromCondition(c));

const F = (field: string, value: string | number): FieldCondition => ({ type: 'field', field, op: 'eq', value });
/** The members of an and/or node. */
function kids(c: Condition): readonly Condition[] {
  assert.ok(c.type === 'and' || c.type === 'or', `expected a group, got ${c.type}`);
  return c.conditions;
}

const EVERY_TYPE: Condition = {
  type: 'and', conditions: [
    { type: 'field', field: 'country', op: 'eq', value: 'CH' },
    { type: 'field', field: 'birth_date', fn: 'age_years', op: 'between', value: [40, 50] },
    { type: 'field', field: 'last_name', op: 'eq', value: 'McDonald', case_sensitive: true },
    { type: 'field', field: 'email', op: 'is_set' },
    { type: 'field', field: 'tags', op: 'any_of', value: ['vip', 'press'] },
    {
      type: 'or', conditions: [
        { type: 'event', event: 'purchase', where: { type: 'field', field: 'category', op: 'eq', value: 'shoes' }, within: '30d', op: 'gte', value: 2 },
        { type: 'event', event: 'purchase', measure: 'sum', property: 'amount', op: 'gt', value: 200, within: { from: '-1y', to: '-90d' } },
        { type: 'not', condition: { type: 'event', event: '*', within: '60d' } },
      ],
    },
    { type: 'sequence', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }], gap: '48h', within: '14d' },
    {
      type: 'sequence',
      steps: [{ event: 'view', where: { type: 'and', conditions: [F('sku', 'a'), { type: 'not', condition: F('page.url', '/x') }] } }, { event: 'purchase' }],
    },
    { type: 'segment', segment: 'newsletter', op: 'in' },
    { type: 'segment', segment: 'churned', op: 'not_in' },
    { type: 'not', condition: { type: 'segment', segment: 'vip', op: 'in' } },
    { type: 'not', condition: { type: 'sample', percent: 10, salt: 'holdout-q4' } },
    { type: 'all' },
    { type: 'not', condition: { type: 'or', conditions: [F('a', 1), { type: 'and', conditions: [] }, { type: 'or', conditions: [F('b', 2)] }] } },
  ],
};

test('every node type reads into the tree and back to the same JSON', () => {
  assert.deepEqual(roundTrip(EVERY_TYPE), EVERY_TYPE);
  for (const c of kids(EVERY_TYPE)) assert.deepEqual(roundTrip(c), c, JSON.stringify(c));
  assert.deepEqual(roundTrip({ type: 'or', conditions: [F('a', 1), F('b', 2)] }), { type: 'or', conditions: [F('a', 1), F('b', 2)] });
  assert.deepEqual(roundTrip({ type: 'not', condition: { type: 'and', conditions: [F('a', 1), F('b', 2)] } }), { type: 'not', condition: { type: 'and', conditions: [F('a', 1), F('b', 2)] } });
  // `not not x` keeps its meaning.
  assert.deepEqual(roundTrip({ type: 'not', condition: { type: 'not', condition: F('a', 1) } }),
    { type: 'not', condition: { type: 'and', conditions: [{ type: 'not', condition: F('a', 1) }] } });
});

test('a root with one member is that member; an empty root is and()', () => {
  const root = fromCondition(F('a', 1));
  assert.equal(root.kind, 'group');
  assert.equal(root.children.length, 1);
  assert.deepEqual(json(root), F('a', 1));
  assert.deepEqual(json(fromCondition(null)), { type: 'and', conditions: [] });
});

test('negation is per row and per group', () => {
  let root = fromCondition({ type: 'and', conditions: [F('a', 1), { type: 'or', conditions: [F('b', 2), F('c', 3)] }] });
  const [a, g] = root.children;
  root = toggleNegated(root, a.id);
  root = toggleNegated(root, g.id);
  assert.deepEqual(json(root), {
    type: 'and', conditions: [{ type: 'not', condition: F('a', 1) }, { type: 'not', condition: { type: 'or', conditions: [F('b', 2), F('c', 3)] } }],
  });
  root = toggleNegated(root, root.id);
  assert.equal(json(root).type, 'not');
  root = toggleNegated(toggleNegated(root, a.id), root.id);
  assert.deepEqual(kids(json(root))[0], F('a', 1));
});

test('and/or per group', () => {
  let root = fromCondition({ type: 'and', conditions: [F('a', 1), { type: 'or', conditions: [F('b', 2), F('c', 3)] }] });
  const inner = root.children[1];
  root = setGroupOp(root, inner.id, 'and');
  root = setGroupOp(root, root.id, 'or');
  assert.deepEqual(json(root), { type: 'or', conditions: [F('a', 1), { type: 'and', conditions: [F('b', 2), F('c', 3)] }] });
});

test('removing a row keeps every other row, nested ones included', () => {
  const root = fromCondition(EVERY_TYPE);
  const before = kids(json(root));
  for (let i = 0; i < root.children.length; i++) {
    const after = kids(json(removeNode(root, root.children[i].id)));
    assert.deepEqual(after, [...before.slice(0, i), ...before.slice(i + 1)]);
  }
  // A row deep inside a nested group: its group loses it, nothing else changes.
  const orGroup = root.children[5] as GroupNode;
  const after = kids(json(removeNode(root, orGroup.children[1].id)));
  const expectedOr = kids(before[5]);
  assert.deepEqual(after[5], { type: 'or', conditions: [expectedOr[0], expectedOr[2]] });
  assert.deepEqual([...after.slice(0, 5), ...after.slice(6)], [...before.slice(0, 5), ...before.slice(6)]);
  // The root itself cannot be removed.
  assert.equal(removeNode(root, root.id), root);
});

test('editing one row leaves the others as the same objects', () => {
  const root = fromCondition(EVERY_TYPE);
  const target = (root.children[5] as GroupNode).children[0];
  const next = updateRow(root, target.id, (r) => (r.type === 'event' ? { ...r, value: 5 } : r));
  assert.equal((kids(kids(json(next))[5])[0] as { value?: unknown }).value, 5);
  next.children.forEach((c, i) => { if (i !== 5) assert.equal(c, root.children[i]); });
  const [, second, third] = (next.children[5] as GroupNode).children;
  assert.equal(second, (root.children[5] as GroupNode).children[1]);
  assert.equal(third, (root.children[5] as GroupNode).children[2]);
});

test('reorder within a group, stopping at the ends', () => {
  let root = fromCondition({ type: 'and', conditions: [F('a', 1), F('b', 2), F('c', 3)] });
  const [a, b, c] = root.children;
  root = reorder(root, c.id, -1);
  assert.deepEqual(json(root), { type: 'and', conditions: [F('a', 1), F('c', 3), F('b', 2)] });
  assert.equal(reorder(root, a.id, -1), root);
  assert.equal(reorder(root, b.id, 1), root);
  root = reorder(root, a.id, 1);
  assert.deepEqual(json(root), { type: 'and', conditions: [F('c', 3), F('a', 1), F('b', 2)] });
});

test('moving rows between groups, at any depth, keeps every value', () => {
  const start: Condition = {
    type: 'and', conditions: [
      F('a', 1),
      { type: 'or', conditions: [F('b', 2), { type: 'and', conditions: [F('c', 3), F('d', 4)] }] },
      { type: 'sequence', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }], gap: '48h' },
    ],
  };
  let root = fromCondition(start);
  const a = root.children[0];
  const orG = root.children[1] as GroupNode;
  const deep = orG.children[1] as GroupNode;
  const seq = root.children[2];
  // a into the deepest group, between c and d.
  root = moveNode(root, a.id, deep.id, 1);
  // the sequence into the or group, first.
  root = moveNode(root, seq.id, orG.id, 0);
  // The root is left with one member, the or group: the JSON is that group alone.
  assert.deepEqual(json(root), {
    type: 'or', conditions: [
      { type: 'sequence', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }], gap: '48h' },
      F('b', 2),
      { type: 'and', conditions: [F('c', 3), F('a', 1), F('d', 4)] },
    ],
  });
  // d out of the deep group, to the root: it lands just after the or group... one level up first.
  const d = (locate(root, deep.id)!.node as GroupNode).children[2];
  root = outdent(root, d.id);
  assert.deepEqual(json(root), {
    type: 'or', conditions: [
      { type: 'sequence', steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }], gap: '48h' },
      F('b', 2), { type: 'and', conditions: [F('c', 3), F('a', 1)] }, F('d', 4),
    ],
  });
  root = outdent(root, d.id);
  assert.deepEqual(kids(json(root))[1], F('d', 4));
  // The root's members cannot go further out.
  assert.equal(outdent(root, d.id), root);
  // Moving a group into itself or its own descendants is refused.
  assert.equal(moveNode(root, orG.id, deep.id, 0), root);
  assert.equal(moveNode(root, orG.id, orG.id, 0), root);
  assert.equal(moveNode(root, root.id, orG.id, 0), root);
});

test('moving forward within the same group counts the index before the move', () => {
  let root = fromCondition({ type: 'and', conditions: [F('a', 1), F('b', 2), F('c', 3)] });
  root = moveNode(root, root.children[0].id, root.id, 3);
  assert.deepEqual(json(root), { type: 'and', conditions: [F('b', 2), F('c', 3), F('a', 1)] });
  root = moveNode(root, root.children[2].id, root.id, 0);
  assert.deepEqual(json(root), { type: 'and', conditions: [F('a', 1), F('b', 2), F('c', 3)] });
});

test('indent into the group before, wrap in a group, ungroup', () => {
  let root = fromCondition({ type: 'and', conditions: [F('a', 1), { type: 'or', conditions: [F('b', 2)] }, F('c', 3)] });
  const [a, g, c] = root.children;
  assert.equal(indent(root, a.id), root); // nothing before it
  assert.equal(indent(root, g.id), root); // the row before is not a group
  root = indent(root, c.id);
  assert.deepEqual(json(root), { type: 'and', conditions: [F('a', 1), { type: 'or', conditions: [F('b', 2), F('c', 3)] }] });
  root = wrapInGroup(root, a.id, 'or');
  assert.deepEqual(json(root), { type: 'and', conditions: [{ type: 'or', conditions: [F('a', 1)] }, { type: 'or', conditions: [F('b', 2), F('c', 3)] }] });
  root = ungroup(root, g.id);
  assert.deepEqual(json(root), { type: 'and', conditions: [{ type: 'or', conditions: [F('a', 1)] }, F('b', 2), F('c', 3)] });
});

test('add rows of every type and groups; blank rows wait until complete', () => {
  let root = group('and');
  for (const t of ['field', 'event', 'sequence', 'segment', 'sample', 'all'] as const) root = addRow(root, root.id, blankRow(t));
  const inner = group('or');
  root = addNode(root, root.id, inner);
  root = addRow(root, inner.id, { type: 'field', field: 'city', op: 'eq', value: 'Zürich' });
  const compiled = compile(root);
  const problems = rowsInOrder(root).map((r) => compiled.incomplete.get(r.id) ?? null);
  assert.deepEqual(problems, ['choose a field', 'choose an event', 'choose the event of step 1', 'choose a segment', null, null, null]);
  assert.ok(compiled.partial.has(root.id));
  assert.ok(!compiled.partial.has(inner.id));
  // Incomplete rows are left out of the counted JSON; the complete ones keep their paths.
  assert.deepEqual(compiled.condition, {
    type: 'and', conditions: [{ type: 'sample', percent: 10, salt: '' }, { type: 'all' }, { type: 'or', conditions: [{ type: 'field', field: 'city', op: 'eq', value: 'Zürich' }] }],
  });
  assert.equal(compiled.paths.get(inner.id), 'conditions[2]');
  const city = (locate(root, inner.id)!.node as GroupNode).children[0];
  assert.equal(compiled.paths.get(city.id), 'conditions[2].conditions[0]');
});

test('what a row lacks, in words', () => {
  assert.equal(rowProblem({ type: 'field', field: 'points', op: 'between', value: [1] }), 'enter both ends of the range');
  assert.equal(rowProblem({ type: 'field', field: 'points', op: 'between', value: [1, 5] }), null);
  assert.equal(rowProblem({ type: 'field', field: 'country', op: 'in', value: [] }), 'add at least one value');
  assert.equal(rowProblem({ type: 'field', field: 'country', op: 'eq', value: '  ' }), 'enter a value');
  assert.equal(rowProblem({ type: 'field', field: 'email', op: 'is_set' }), null);
  assert.equal(rowProblem({ type: 'event', event: 'purchase', where: null, measure: 'sum' }), 'choose the property to take the sum of');
  assert.equal(rowProblem({ type: 'event', event: 'purchase', where: null, op: 'gte' }), 'enter a value');
  assert.equal(rowProblem({ type: 'event', event: 'purchase', where: null, within: '30x' }), 'the window needs a number of minutes, hours, days, weeks, months or years');
  const where = group('and', [rowNode({ type: 'field', field: 'amount', op: 'gt' })]);
  assert.equal(rowProblem({ type: 'event', event: 'purchase', where }), 'property filter: enter a value');
  assert.equal(rowProblem({ type: 'sample', percent: 120, salt: 'x' }), 'the percentage must be between 0 and 100');
  const seq = blankRow('sequence') as SequenceDraft;
  assert.equal(rowProblem({ ...seq, steps: seq.steps.map((s) => ({ ...s, event: 'x' })), gap: undefined }), 'a "did not" step needs a time limit (gap)');
});

test('paths of every node for per-node counts, negations and nesting included', () => {
  const root = fromCondition({
    type: 'or', conditions: [
      { type: 'not', condition: F('a', 1) },
      { type: 'not', condition: { type: 'and', conditions: [F('b', 2), { type: 'or', conditions: [F('c', 3)] }] } },
    ],
  });
  const c = compile(root);
  const [na, ng] = root.children as [RowNode, GroupNode];
  const [b, inner] = ng.children as [RowNode, GroupNode];
  assert.equal(c.paths.get(root.id), '');
  assert.equal(c.paths.get(na.id), 'conditions[0]');
  assert.equal(c.paths.get(ng.id), 'conditions[1]');
  assert.equal(c.paths.get(b.id), 'conditions[1].condition.conditions[0]');
  assert.equal(c.paths.get(inner.id), 'conditions[1].condition.conditions[1]');
  assert.equal(c.paths.get(inner.children[0].id), 'conditions[1].condition.conditions[1].conditions[0]');
  // Paths with a row left out are of the JSON actually sent.
  const withBlank = addRow(root, ng.id, blankRow('field'), 0);
  assert.equal(compile(withBlank).paths.get(b.id), 'conditions[1].condition.conditions[0]');
  // A single member of the root shares the root's path.
  const single = fromCondition({ type: 'or', conditions: [F('a', 1), F('b', 2)] });
  const wrapped = group('and', [single]);
  assert.equal(compile(wrapped).paths.get(single.id), '');
});

test('a server path finds the node it points into', () => {
  const root = fromCondition({
    type: 'and', conditions: [
      F('a', 1),
      { type: 'or', conditions: [F('b', 2), { type: 'event', event: 'purchase', where: { type: 'field', field: 'amount', op: 'gt', value: 'x' } }] },
      F('c', 3), F('d', 4), F('e', 5), F('f', 6), F('g', 7), F('h', 8), F('i', 9), F('j', 10), F('k', 11),
    ],
  });
  const c = compile(root);
  const orG = root.children[1] as GroupNode;
  assert.equal(nodeAtPath(c, 'body.condition.conditions[1].conditions[1].where.value'), orG.children[1].id);
  assert.equal(nodeAtPath(c, 'condition.conditions[1].conditions[0].value'), orG.children[0].id);
  assert.equal(nodeAtPath(c, 'conditions[10].field'), root.children[10].id);
  assert.equal(nodeAtPath(c, 'conditions[1]'), orG.id);
  assert.equal(nodeAtPath(c, 'body.condition'), root.id);
  const single = fromCondition(F('a', 1));
  assert.equal(nodeAtPath(compile(single), 'body.condition.value'), single.children[0].id);
});

test('server paths and DSL positions are read', () => {
  assert.equal(normalisePath('body.condition.conditions[2].value'), 'conditions[2].value');
  assert.equal(normalisePath('body.condition'), '');
  assert.equal(normalisePath('(root)'), '');
  assert.equal(normalisePath('conditions[0]'), 'conditions[0]');
  assert.equal(normalisePath('body.condition (line 2, column 11)'), '');
  assert.deepEqual(lineColumn('body.condition (line 2, column 11)'), { line: 2, column: 11 });
  assert.equal(lineColumn('conditions[0]'), null);
});

test('groups are numbered in document order with labels for screen readers', () => {
  const root = fromCondition({ type: 'and', conditions: [{ type: 'or', conditions: [{ type: 'not', condition: { type: 'and', conditions: [F('a', 1)] } }] }, { type: 'or', conditions: [] }] });
  const groups = groupsInOrder(root);
  assert.deepEqual(groups.map((g) => [g.number, g.depth]), [[1, 0], [2, 1], [3, 2], [4, 1]]);
  assert.deepEqual(groups.map((g) => groupLabel(root, g.group)), ['Group 1, all of', 'Group 2, any of', 'Group 3, not all of', 'Group 4, any of']);
});

test('duplicate copies with fresh ids, next to the original', () => {
  let root = fromCondition({ type: 'and', conditions: [F('a', 1), { type: 'or', conditions: [F('b', 2)] }] });
  const g = root.children[1];
  root = duplicate(root, g.id);
  assert.deepEqual(json(root), { type: 'and', conditions: [F('a', 1), { type: 'or', conditions: [F('b', 2)] }, { type: 'or', conditions: [F('b', 2)] }] });
  const ids = new Set<string>();
  const walk = (n: EditorNode): void => { assert.ok(!ids.has(n.id)); ids.add(n.id); if (n.kind === 'group') n.children.forEach(walk); };
  walk(root);
});

test('sequence steps: add before the absent last step, only the last may be absent', () => {
  let seq = blankRow('sequence') as SequenceDraft;
  seq = { ...seq, steps: seq.steps.map((s, i) => ({ ...s, event: ['cart_add', 'purchase'][i] })) };
  seq = addStep(seq);
  assert.deepEqual(seq.steps.map((s) => [s.event, s.absent]), [['cart_add', false], ['', false], ['purchase', true]]);
  seq = setStepAbsent(seq, seq.steps[0].id, true);
  assert.deepEqual(seq.steps.map((s) => [s.event, s.absent]), [['', false], ['purchase', false], ['cart_add', true]]);
  seq = moveStep(seq, seq.steps[2].id, -1);
  assert.deepEqual(seq.steps.map((s) => [s.event, s.absent]), [['', false], ['cart_add', false], ['purchase', false]]);
});
