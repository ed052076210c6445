import type {
  Condition, FieldFn, FieldOp, Measure, MeasureOp, Scalar, WhereCondition, Window,
} from './model.js';

// The builder's editing model: the condition tree with a stable id on every group and
// row, so rows can be added, removed, reordered and moved between groups while every
// other row keeps its values (PostHog #29886 blanked them). Rows are drafts: a row still
// being filled in may lack its field or value; it stays in the tree and is left out of
// what is sent for counting until it is complete. Every edit is a pure function from one
// tree to the next.

export type NodeId = string;

export interface GroupNode {
  readonly kind: 'group';
  readonly id: NodeId;
  readonly op: 'and' | 'or';
  readonly negated: boolean;
  readonly children: readonly EditorNode[];
}

export interface RowNode {
  readonly kind: 'row';
  readonly id: NodeId;
  readonly negated: boolean;
  readonly row: RowDraft;
}

export type EditorNode = GroupNode | RowNode;

export type ListValue = readonly Scalar[];

export interface FieldDraft {
  readonly type: 'field';
  readonly field: string;
  readonly op: FieldOp;
  readonly value?: Scalar | ListValue;
  readonly fn?: FieldFn;
  readonly case_sensitive?: boolean;
}

export interface EventDraft {
  readonly type: 'event';
  readonly event: string;
  /** Property filters: a tree of field rows over the event's properties. */
  readonly where: GroupNode | null;
  readonly within?: Window;
  readonly measure?: Measure;
  readonly property?: string;
  readonly op?: MeasureOp;
  readonly value?: number | string | readonly (number | string)[];
}

export interface StepDraft {
  readonly id: NodeId;
  readonly event: string;
  readonly where: GroupNode | null;
  readonly absent: boolean;
}

export interface SequenceDraft {
  readonly type: 'sequence';
  readonly steps: readonly StepDraft[];
  readonly within?: Window;
  readonly gap?: string;
}

export interface SegmentDraft { readonly type: 'segment'; readonly segment: string; readonly op: 'in' | 'not_in' }
export interface SampleDraft { readonly type: 'sample'; readonly percent: number | undefined; readonly salt: string }
export interface AllDraft { readonly type: 'all' }

export type RowDraft = FieldDraft | EventDraft | SequenceDraft | SegmentDraft | SampleDraft | AllDraft;
export type RowType = RowDraft['type'];

export const ROW_TYPES: readonly RowType[] = ['field', 'event', 'sequence', 'segment', 'sample', 'all'];

// ── ids ──────────────────────────────────────────────────────────────────────

let counter = 0;
/** A fresh id, unique within this page's lifetime. */
export function newId(): NodeId {
  counter += 1;
  return `n${counter.toString(36)}`;
}

// ── construction ─────────────────────────────────────────────────────────────

export function group(op: 'and' | 'or' = 'and', children: readonly EditorNode[] = [], negated = false): GroupNode {
  return { kind: 'group', id: newId(), op, negated, children };
}

export function rowNode(row: RowDraft, negated = false): RowNode {
  return { kind: 'row', id: newId(), negated, row };
}

export function step(event = '', absent = false, where: GroupNode | null = null): StepDraft {
  return { id: newId(), event, where, absent };
}

/** An empty row of each type, as "+ Add condition" makes it. */
export function blankRow(type: RowType): RowDraft {
  switch (type) {
    case 'field': return { type: 'field', field: '', op: 'eq' };
    case 'event': return { type: 'event', event: '', where: null };
    case 'sequence': return { type: 'sequence', steps: [step(), step('', true)], gap: '48h' };
    case 'segment': return { type: 'segment', segment: '', op: 'in' };
    case 'sample': return { type: 'sample', percent: 10, salt: '' };
    case 'all': return { type: 'all' };
  }
}

// ── JSON → tree ──────────────────────────────────────────────────────────────

/** The editing tree of a condition. The root is always a group. */
export function fromCondition(c: Condition | null | undefined): GroupNode {
  if (!c) return group('and');
  if (c.type === 'and' || c.type === 'or') return group(c.type, c.conditions.map(toNode));
  if (c.type === 'not' && (c.condition.type === 'and' || c.condition.type === 'or')) {
    return group(c.condition.type, c.condition.conditions.map(toNode), true);
  }
  return group('and', [toNode(c)]);
}

function toNode(c: Condition): EditorNode {
  switch (c.type) {
    case 'and': case 'or': return group(c.type, c.conditions.map(toNode));
    case 'not': {
      const inner = toNode(c.condition);
      // `not not x` keeps its meaning as a negated group around a negated row.
      return inner.negated ? group('and', [inner], true) : { ...inner, negated: true };
    }
    case 'all': return rowNode({ type: 'all' });
    case 'field': return rowNode(fieldDraft(c));
    case 'event': return rowNode({
      type: 'event', event: c.event, where: whereGroup(c.where),
      ...defined({ within: c.within, measure: c.measure, property: c.property, op: c.op, value: c.value }),
    });
    case 'sequence': return rowNode({
      type: 'sequence',
      steps: c.steps.map((s) => step(s.event, s.absent === true, whereGroup(s.where))),
      ...defined({ within: c.within, gap: c.gap }),
    });
    case 'segment': return rowNode({ type: 'segment', segment: c.segment, op: c.op });
    case 'sample': return rowNode({ type: 'sample', percent: c.percent, salt: c.salt });
  }
}

function fieldDraft(c: { field: string; op: FieldOp; value?: Scalar | readonly Scalar[]; fn?: FieldFn; case_sensitive?: boolean }): FieldDraft {
  return { type: 'field', field: c.field, op: c.op, ...defined({ value: c.value, fn: c.fn, case_sensitive: c.case_sensitive }) };
}

/** Property filters as an editing group (null when there are none). */
export function whereGroup(w: WhereCondition | undefined): GroupNode | null {
  if (!w) return null;
  if (w.type === 'and' || w.type === 'or') return group(w.type, w.conditions.map(whereNode));
  if (w.type === 'not' && (w.condition.type === 'and' || w.condition.type === 'or')) {
    return group(w.condition.type, w.condition.conditions.map(whereNode), true);
  }
  return group('and', [whereNode(w)]);
}

function whereNode(w: WhereCondition): EditorNode {
  switch (w.type) {
    case 'and': case 'or': return group(w.type, w.conditions.map(whereNode));
    case 'not': {
      const inner = whereNode(w.condition);
      return inner.negated ? group('and', [inner], true) : { ...inner, negated: true };
    }
    case 'field': return rowNode(fieldDraft(w));
  }
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

// ── finding ──────────────────────────────────────────────────────────────────

export interface Located {
  readonly node: EditorNode;
  readonly parent: GroupNode | null;
  readonly index: number;
  /** Ids from the root down to the node's parent. */
  readonly ancestors: readonly NodeId[];
}

export function locate(root: GroupNode, id: NodeId): Located | null {
  if (root.id === id) return { node: root, parent: null, index: 0, ancestors: [] };
  const walk = (g: GroupNode, ancestors: NodeId[]): Located | null => {
    const up = [...ancestors, g.id];
    for (let i = 0; i < g.children.length; i++) {
      const c = g.children[i];
      if (c.id === id) return { node: c, parent: g, index: i, ancestors: up };
      if (c.kind === 'group') {
        const found = walk(c, up);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(root, []);
}

export function contains(node: EditorNode, id: NodeId): boolean {
  if (node.id === id) return true;
  return node.kind === 'group' && node.children.some((c) => contains(c, id));
}

/** Every group in document order, numbered from 1 (the root), with its depth. */
export function groupsInOrder(root: GroupNode): { group: GroupNode; number: number; depth: number }[] {
  const out: { group: GroupNode; number: number; depth: number }[] = [];
  const walk = (g: GroupNode, depth: number): void => {
    out.push({ group: g, number: out.length + 1, depth });
    for (const c of g.children) if (c.kind === 'group') walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}

export function groupNumber(root: GroupNode, id: NodeId): number {
  return groupsInOrder(root).find((g) => g.group.id === id)?.number ?? 0;
}

/** What a screen reader hears for a group: "Group 2, all of" / "Group 1, not any of". */
export function groupLabel(root: GroupNode, g: GroupNode): string {
  return `Group ${groupNumber(root, g.id)}, ${g.negated ? 'not ' : ''}${g.op === 'and' ? 'all of' : 'any of'}`;
}

// ── editing ──────────────────────────────────────────────────────────────────

/** Replace the node with `id` by `f(node)` (or drop it when `f` returns null). */
function mapNode(root: GroupNode, id: NodeId, f: (n: EditorNode) => EditorNode | null): GroupNode {
  if (root.id === id) {
    const r = f(root);
    if (!r || r.kind !== 'group') throw new Error('the root stays a group');
    return r;
  }
  const walk = (g: GroupNode): GroupNode => {
    let changed = false;
    const children: EditorNode[] = [];
    for (const c of g.children) {
      if (c.id === id) {
        changed = true;
        const r = f(c);
        if (r) children.push(r);
      } else if (c.kind === 'group') {
        const w = walk(c);
        if (w !== c) changed = true;
        children.push(w);
      } else {
        children.push(c);
      }
    }
    return changed ? { ...g, children } : g;
  };
  return walk(root);
}

function withChildren(root: GroupNode, groupId: NodeId, f: (children: readonly EditorNode[]) => readonly EditorNode[]): GroupNode {
  return mapNode(root, groupId, (n) => {
    if (n.kind !== 'group') throw new Error(`${groupId} is not a group`);
    return { ...n, children: f(n.children) };
  });
}

function insertAt<T>(list: readonly T[], index: number, item: T): T[] {
  const i = Math.max(0, Math.min(index, list.length));
  return [...list.slice(0, i), item, ...list.slice(i)];
}

/** Add a node to a group, at the end unless an index is given. */
export function addNode(root: GroupNode, groupId: NodeId, node: EditorNode, index?: number): GroupNode {
  return withChildren(root, groupId, (cs) => insertAt(cs, index ?? cs.length, node));
}

export function addRow(root: GroupNode, groupId: NodeId, row: RowDraft, index?: number): GroupNode {
  return addNode(root, groupId, rowNode(row), index);
}

/** Remove a node; its siblings and everything else stay as they were. The root cannot go. */
export function removeNode(root: GroupNode, id: NodeId): GroupNode {
  if (root.id === id) return root;
  return mapNode(root, id, () => null);
}

export function updateRow(root: GroupNode, id: NodeId, f: (row: RowDraft) => RowDraft): GroupNode {
  return mapNode(root, id, (n) => (n.kind === 'row' ? { ...n, row: f(n.row) } : n));
}

export function setGroupOp(root: GroupNode, id: NodeId, op: 'and' | 'or'): GroupNode {
  return mapNode(root, id, (n) => (n.kind === 'group' ? { ...n, op } : n));
}

export function toggleNegated(root: GroupNode, id: NodeId): GroupNode {
  return mapNode(root, id, (n) => ({ ...n, negated: !n.negated }));
}

/**
 * Move a node into a group at an index (the index counts the group's children before
 * the node is taken out). Refused (the tree unchanged) for the root or into the node's
 * own subtree.
 */
export function moveNode(root: GroupNode, id: NodeId, targetGroupId: NodeId, index: number): GroupNode {
  const from = locate(root, id);
  const target = locate(root, targetGroupId);
  if (!from || !from.parent || !target || target.node.kind !== 'group' || contains(from.node, targetGroupId)) return root;
  let at = index;
  if (from.parent.id === targetGroupId && from.index < index) at -= 1;
  const without = removeNode(root, id);
  return addNode(without, targetGroupId, from.node, at);
}

/** Swap with the previous (-1) or next (+1) sibling; at either end nothing moves. */
export function reorder(root: GroupNode, id: NodeId, delta: -1 | 1): GroupNode {
  const at = locate(root, id);
  if (!at || !at.parent) return root;
  const to = at.index + delta;
  if (to < 0 || to >= at.parent.children.length) return root;
  return withChildren(root, at.parent.id, (cs) => {
    const next = [...cs];
    [next[at.index], next[to]] = [next[to], next[at.index]];
    return next;
  });
}

/** Move out of the node's group, to just after that group in its parent. */
export function outdent(root: GroupNode, id: NodeId): GroupNode {
  const at = locate(root, id);
  if (!at || !at.parent || at.parent.id === root.id) return root;
  const grand = locate(root, at.parent.id);
  if (!grand || !grand.parent) return root;
  return moveNode(root, id, grand.parent.id, grand.index + 1);
}

/** Move into the sibling group just before the node (at its end); nothing when there is none. */
export function indent(root: GroupNode, id: NodeId): GroupNode {
  const at = locate(root, id);
  if (!at || !at.parent || at.index === 0) return root;
  const prev = at.parent.children[at.index - 1];
  if (prev.kind !== 'group') return root;
  return moveNode(root, id, prev.id, prev.children.length);
}

/** Put a node inside a new group of its own, in its place. */
export function wrapInGroup(root: GroupNode, id: NodeId, op: 'and' | 'or' = 'and'): GroupNode {
  if (root.id === id) return group(op, [root]);
  return mapNode(root, id, (n) => group(op, [n]));
}

/** Replace a group by its children, in its place (its NOT, if any, is dropped with it). */
export function ungroup(root: GroupNode, id: NodeId): GroupNode {
  const at = locate(root, id);
  if (!at || !at.parent || at.node.kind !== 'group') return root;
  const inner = at.node.children;
  return withChildren(root, at.parent.id, (cs) => [...cs.slice(0, at.index), ...inner, ...cs.slice(at.index + 1)]);
}

/** A copy with fresh ids, placed right after the original. */
export function duplicate(root: GroupNode, id: NodeId): GroupNode {
  const at = locate(root, id);
  if (!at || !at.parent) return root;
  return addNode(root, at.parent.id, cloneNode(at.node), at.index + 1);
}

export function cloneNode<T extends EditorNode>(n: T): T {
  if (n.kind === 'group') return { ...n, id: newId(), children: n.children.map(cloneNode) };
  return { ...n, id: newId(), row: cloneRow(n.row) };
}

function cloneRow(r: RowDraft): RowDraft {
  if (r.type === 'event') return { ...r, where: r.where && cloneNode(r.where) };
  if (r.type === 'sequence') return { ...r, steps: r.steps.map((s) => ({ ...s, id: newId(), where: s.where && cloneNode(s.where) })) };
  return r;
}

// ── sequences ────────────────────────────────────────────────────────────────

export function updateStep(r: SequenceDraft, stepId: NodeId, f: (s: StepDraft) => StepDraft): SequenceDraft {
  return { ...r, steps: r.steps.map((s) => (s.id === stepId ? f(s) : s)) };
}

/** Add a step before the absent last step (if there is one), else at the end. */
export function addStep(r: SequenceDraft): SequenceDraft {
  const last = r.steps[r.steps.length - 1];
  const at = last?.absent ? r.steps.length - 1 : r.steps.length;
  return { ...r, steps: insertAt(r.steps, at, step()) };
}

export function removeStep(r: SequenceDraft, stepId: NodeId): SequenceDraft {
  return { ...r, steps: r.steps.filter((s) => s.id !== stepId) };
}

/** Only the last step may be absent: marking one absent moves it last. */
export function setStepAbsent(r: SequenceDraft, stepId: NodeId, absent: boolean): SequenceDraft {
  const s = r.steps.find((x) => x.id === stepId);
  if (!s) return r;
  const others = r.steps.filter((x) => x.id !== stepId).map((x) => (absent ? { ...x, absent: false } : x));
  return absent ? { ...r, steps: [...others, { ...s, absent: true }] } : { ...r, steps: r.steps.map((x) => (x.id === stepId ? { ...x, absent: false } : x)) };
}

export function moveStep(r: SequenceDraft, stepId: NodeId, delta: -1 | 1): SequenceDraft {
  const i = r.steps.findIndex((s) => s.id === stepId);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= r.steps.length) return r;
  const steps = [...r.steps];
  [steps[i], steps[j]] = [steps[j], steps[i]];
  // An absent step that is no longer last becomes a plain one.
  return { ...r, steps: steps.map((s, k) => (s.absent && k !== steps.length - 1 ? { ...s, absent: false } : s)) };
}

// ── checks of drafts ─────────────────────────────────────────────────────────

const NO_VALUE: ReadonlySet<FieldOp> = new Set(['is_set', 'is_not_set', 'is_true', 'is_false']);
const PAIR: ReadonlySet<string> = new Set(['between', 'not_between']);
const LIST: ReadonlySet<FieldOp> = new Set(['in', 'not_in', 'any_of', 'none_of', 'all_of']);
const PROPERTY_MEASURES: ReadonlySet<Measure> = new Set(['sum', 'avg', 'min', 'max', 'distinct']);

export type Arity = 'none' | 'one' | 'pair' | 'list';

export function arity(op: FieldOp | MeasureOp): Arity {
  if (NO_VALUE.has(op as FieldOp)) return 'none';
  if (PAIR.has(op)) return 'pair';
  if (LIST.has(op as FieldOp)) return 'list';
  return 'one';
}

export function measureNeedsProperty(m: Measure | undefined): boolean {
  return m !== undefined && PROPERTY_MEASURES.has(m);
}

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && Number.isNaN(v));

function valueProblem(op: FieldOp | MeasureOp, value: unknown): string | null {
  switch (arity(op)) {
    case 'none': return null;
    case 'pair':
      if (!Array.isArray(value) || value.length !== 2 || value.some(blank)) return 'enter both ends of the range';
      return null;
    case 'list':
      if (!Array.isArray(value) || value.length === 0 || value.some(blank)) return 'add at least one value';
      return null;
    case 'one':
      if (Array.isArray(value) || blank(value)) return 'enter a value';
      return null;
  }
}

function fieldProblem(r: FieldDraft, what: 'field' | 'property'): string | null {
  if (!r.field.trim()) return `choose a ${what}`;
  return valueProblem(r.op, r.value);
}

function whereProblem(w: GroupNode | null): string | null {
  if (!w) return null;
  for (const c of w.children) {
    const p = c.kind === 'group' ? whereProblem(c) : c.row.type === 'field' ? fieldProblem(c.row, 'property') : 'only property filters belong here';
    if (p) return `property filter: ${p}`;
  }
  return null;
}

function windowProblem(w: Window | undefined): string | null {
  if (w === undefined) return null;
  if (typeof w === 'string') return /^\d+(s|m|h|d|w|mo|y)$/.test(w) ? null : 'the window needs a number of minutes, hours, days, weeks, months or years';
  if (w.from === undefined && w.to === undefined) return null;
  return null;
}

/** What a row still lacks before it can be counted, in words; null when complete. */
export function rowProblem(r: RowDraft): string | null {
  switch (r.type) {
    case 'all': return null;
    case 'field': return fieldProblem(r, 'field');
    case 'segment': return r.segment ? null : 'choose a segment';
    case 'sample':
      if (r.percent === undefined || Number.isNaN(r.percent) || r.percent < 0 || r.percent > 100) return 'the percentage must be between 0 and 100';
      return null;
    case 'event': {
      if (!r.event.trim()) return 'choose an event';
      if (measureNeedsProperty(r.measure) && !r.property?.trim()) return `choose the property to take the ${r.measure} of`;
      if (r.op !== undefined) {
        const p = valueProblem(r.op, r.value);
        if (p) return p;
      }
      return whereProblem(r.where) ?? windowProblem(r.within);
    }
    case 'sequence': {
      if (r.steps.length < 2) return 'a sequence needs at least two steps';
      const i = r.steps.findIndex((s) => !s.event.trim());
      if (i >= 0) return `choose the event of step ${i + 1}`;
      if (r.steps.slice(0, -1).some((s) => s.absent)) return 'only the last step can be "did not"';
      if (r.steps[r.steps.length - 1].absent && !r.gap) return 'a "did not" step needs a time limit (gap)';
      for (const s of r.steps) {
        const p = whereProblem(s.where);
        if (p) return p;
      }
      if (r.gap !== undefined && !/^\d+(s|m|h|d|w|mo|y)$/.test(r.gap)) return 'the time between steps needs a number and a unit';
      return windowProblem(r.within);
    }
  }
}

// ── tree → JSON ──────────────────────────────────────────────────────────────

function rowCondition(r: RowDraft): Condition {
  switch (r.type) {
    case 'all': return { type: 'all' };
    case 'field': return fieldCondition(r);
    case 'segment': return { type: 'segment', segment: r.segment, op: r.op };
    case 'sample': return { type: 'sample', percent: r.percent ?? 0, salt: r.salt };
    case 'event': {
      const where = whereCondition(r.where);
      return {
        type: 'event', event: r.event,
        ...defined({ where, within: r.within, measure: r.measure, property: measureNeedsProperty(r.measure) ? r.property : undefined, op: r.op, value: r.op === undefined ? undefined : r.value }),
      };
    }
    case 'sequence': return {
      type: 'sequence',
      steps: r.steps.map((s) => ({ event: s.event, ...defined({ where: whereCondition(s.where), absent: s.absent ? true : undefined }) })),
      ...defined({ within: r.within, gap: r.gap }),
    };
  }
}

function fieldCondition(r: FieldDraft): { type: 'field'; field: string; op: FieldOp; value?: Scalar | readonly Scalar[]; fn?: FieldFn; case_sensitive?: boolean } {
  return {
    type: 'field', field: r.field, op: r.op,
    ...defined({ fn: r.fn, value: arity(r.op) === 'none' ? undefined : r.value, case_sensitive: r.case_sensitive }),
  };
}

/** Property filters as JSON (undefined when there are none). Incomplete filters are left out. */
export function whereCondition(g: GroupNode | null): WhereCondition | undefined {
  if (!g) return undefined;
  const parts = whereChildren(g);
  if (parts.length === 0 && !g.negated) return undefined;
  const inner: WhereCondition = parts.length === 1 && !g.negated ? parts[0] : { type: g.op, conditions: parts };
  return g.negated ? { type: 'not', condition: inner } : inner;
}

function whereChildren(g: GroupNode): WhereCondition[] {
  const out: WhereCondition[] = [];
  for (const c of g.children) {
    let w: WhereCondition | undefined;
    if (c.kind === 'group') w = { type: c.op, conditions: whereChildren(c) };
    else if (c.row.type === 'field' && !fieldProblem(c.row, 'property')) w = fieldCondition(c.row);
    if (w) out.push(c.negated ? { type: 'not', condition: w } : w);
  }
  return out;
}

export interface Compiled {
  /** The tree as JSON, incomplete rows left out. */
  readonly condition: Condition;
  /** Each node's place in `condition` (a path as the server writes it: `conditions[1].condition`; the root is ""). */
  readonly paths: ReadonlyMap<NodeId, string>;
  /** Rows that are not complete yet, with what they lack. */
  readonly incomplete: ReadonlyMap<NodeId, string>;
  /** Groups with an incomplete row somewhere inside: their count would not be theirs. */
  readonly partial: ReadonlySet<NodeId>;
  readonly rootId: NodeId;
}

const join = (base: string, key: string): string => (base ? `${base}.${key}` : key);

/**
 * The JSON of the whole tree, and where each node lands in it. Rows that are incomplete,
 * or that the server refused (`refused`), are left out. A root group with a single
 * member and no NOT is that member alone (and both have the path ""); other groups keep
 * their shape, one member or none.
 */
export function compile(root: GroupNode, refused: ReadonlyMap<NodeId, string> = new Map()): Compiled {
  const paths = new Map<NodeId, string>();
  const incomplete = new Map<NodeId, string>();
  const partial = new Set<NodeId>();

  const hasIncomplete = (n: EditorNode): boolean => {
    if (n.kind === 'row') {
      const p = refused.get(n.id) ?? rowProblem(n.row);
      if (p) incomplete.set(n.id, p);
      return p !== null;
    }
    let any = false;
    for (const c of n.children) if (hasIncomplete(c)) any = true;
    if (any) partial.add(n.id);
    return any;
  };
  hasIncomplete(root);

  const emit = (n: EditorNode, path: string): Condition => {
    paths.set(n.id, path);
    const innerPath = n.negated ? join(path, 'condition') : path;
    let inner: Condition;
    if (n.kind === 'row') {
      inner = rowCondition(n.row);
    } else {
      const kept = n.children.filter((c) => !incomplete.has(c.id));
      inner = { type: n.op, conditions: kept.map((c, i) => emit(c, `${join(innerPath, 'conditions')}[${i}]`)) };
    }
    return n.negated ? { type: 'not', condition: inner } : inner;
  };

  const kept = root.children.filter((c) => !incomplete.has(c.id));
  let condition: Condition;
  if (!root.negated && kept.length === 1 && root.children.length === 1) {
    paths.set(root.id, '');
    condition = emit(kept[0], '');
  } else {
    condition = emit(root, '');
  }
  return { condition, paths, incomplete, partial, rootId: root.id };
}

/** The node a server path points into: the deepest node whose path is a prefix of it. */
export function nodeAtPath(compiled: Compiled, path: string): NodeId | null {
  const p = normalisePath(path);
  let best: NodeId | null = null;
  let bestLen = -1;
  for (const [id, np] of compiled.paths) {
    const fits = np === '' || p === np || p.startsWith(`${np}.`) || p.startsWith(`${np}[`);
    // On a tie (the root and its only member share ""), the member is the deeper one.
    if (fits && (np.length > bestLen || (np.length === bestLen && best === compiled.rootId))) {
      best = id;
      bestLen = np.length;
    }
  }
  return best;
}

/**
 * A path as the server writes it, reduced to a place inside the condition: the prefixes
 * `body.condition`, `condition` and a trailing `(line …)` are dropped.
 */
export function normalisePath(path: string): string {
  let p = path.trim().replace(/\s*\(line \d+, column \d+\)$/, '');
  p = p.replace(/^body\.?/, '').replace(/^condition(?=$|[.[])/, '').replace(/^\./, '');
  return p === '(root)' ? '' : p;
}

/** The line and column a DSL parse error names, if it names one. */
export function lineColumn(text: string): { line: number; column: number } | null {
  const m = /line (\d+), column (\d+)/.exec(text);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

/** Every row in document order (for summaries and focus). */
export function rowsInOrder(root: GroupNode): RowNode[] {
  const out: RowNode[] = [];
  const walk = (g: GroupNode): void => {
    for (const c of g.children) if (c.kind === 'row') out.push(c); else walk(c);
  };
  walk(root);
  return out;
}

/** Structural equality of two trees' meaning (ids ignored). */
export function sameCondition(a: GroupNode, b: GroupNode): boolean {
  return JSON.stringify(compile(a).condition) === JSON.stringify(compile(b).condition);
}
