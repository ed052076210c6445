// Conditions in words, for places that show a definition rather than edit it: the
// "why" tree of a contact, a segment's definition and the diff between two versions.
// The wording follows the DSL (docs/dsl.md) so what a marketer reads here is what they
// would type.

export type Node = { readonly type: string } & Readonly<Record<string, unknown>>;

const FIELD_OPS: Record<string, string> = {
  eq: '=', neq: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=',
  between: 'between', not_between: 'not between', in: 'in', not_in: 'not in',
  contains: 'contains', not_contains: 'not contains', starts_with: 'starts with', ends_with: 'ends with',
  any_of: 'any of', none_of: 'none of', all_of: 'all of', matches: 'matches', not_matches: 'not matches',
  is_set: 'is set', is_not_set: 'is not set', is_true: 'is true', is_false: 'is false',
};

const FNS: Record<string, string> = { age_years: 'age', days_since: 'days_since', days_until_anniversary: 'days_until_anniversary' };

const CMP: Record<string, string> = { eq: '=', neq: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export function literal(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `(${v.map(literal).join(', ')})`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A relative date stays as written (-30d, today); an absolute one is quoted. */
function dateLiteral(v: unknown): string {
  if (typeof v === 'string' && /^(now|today|start_of_(week|month|year))?([+-]\d+(s|m|h|d|w|mo|y))*$/.test(v) && v !== '') return v;
  return literal(v);
}

function fieldText(n: Node, prefix = ''): string {
  const name = `${prefix}${String(n.field)}`;
  const subject = typeof n.fn === 'string' ? `${FNS[n.fn] ?? n.fn}(${name})` : name;
  const op = String(n.op);
  const word = FIELD_OPS[op] ?? op;
  const cs = n.case_sensitive ? ' (case-sensitive)' : '';
  if (['is_set', 'is_not_set', 'is_true', 'is_false'].includes(op)) return `${subject} ${word}`;
  if ((op === 'between' || op === 'not_between') && Array.isArray(n.value)) {
    return `${subject} ${word} ${dateLiteral(n.value[0])} and ${dateLiteral(n.value[1])}`;
  }
  return `${subject} ${word} ${Array.isArray(n.value) ? literal(n.value) : dateLiteral(n.value)}${cs}`;
}

/** A `where` tree over event properties, on one line. */
export function whereText(n: Node): string {
  switch (n.type) {
    case 'and':
    case 'or': {
      const parts = (n.conditions as Node[]).map((c) => (c.type === 'and' || c.type === 'or' ? `(${whereText(c)})` : whereText(c)));
      return parts.join(` ${n.type} `) || (n.type === 'and' ? 'true' : 'false');
    }
    case 'not':
      return `not (${whereText(n.condition as Node)})`;
    case 'field':
      return fieldText(n);
    default:
      return n.type;
  }
}

function windowText(w: unknown): string {
  if (typeof w === 'string') return ` within ${w}`;
  if (w && typeof w === 'object') {
    const { from, to } = w as { from?: unknown; to?: unknown };
    return ` between ${from === undefined ? 'the start' : dateLiteral(from)} and ${to === undefined ? 'now' : dateLiteral(to)}`;
  }
  return '';
}

function measureText(n: Node): string {
  const measure = (n.measure as string | undefined) ?? 'count';
  const op = (n.op as string | undefined) ?? 'gte';
  const value = n.value ?? 1;
  if (measure === 'count') {
    if (op === 'gte' && value === 1) return '';
    if (op === 'eq' && value === 0) return ' 0 times';
    if (op === 'gte') return ` at least ${String(value)} times`;
    if (op === 'lte') return ` at most ${String(value)} times`;
    if (op === 'eq') return ` exactly ${String(value)} times`;
    return ` count ${CMP[op] ?? op} ${String(value)}`;
  }
  const subject = measure === 'first_at' || measure === 'last_at' ? measure : `${measure}(${String(n.property)})`;
  const v = op === 'between' || op === 'not_between'
    ? `${dateLiteral((value as unknown[])[0])} and ${dateLiteral((value as unknown[])[1])}`
    : measure.endsWith('_at') ? dateLiteral(value) : literal(value);
  return ` ${subject} ${CMP[op] ?? FIELD_OPS[op] ?? op} ${v}`;
}

/** One node on its own: a leaf in full, a group by its connective. */
export function nodeText(n: Node, names?: ReadonlyMap<string, string>): string {
  switch (n.type) {
    case 'and': return 'all of';
    case 'or': return 'any of';
    case 'not': return 'not';
    case 'all': return 'every contact';
    case 'field': return fieldText(n);
    case 'event': {
      const where = n.where ? ` where (${whereText(n.where as Node)})` : '';
      const none = (n.measure ?? 'count') === 'count' && n.op === 'eq' && n.value === 0;
      return `${none ? 'not performed' : 'performed'} ${String(n.event)}${where}${none ? '' : measureText(n)}${windowText(n.within)}`;
    }
    case 'sequence': {
      const steps = (n.steps as Node[]).map((s) => `${s.absent ? 'not ' : ''}${String(s.event)}${s.where ? ` where (${whereText(s.where as Node)})` : ''}`);
      return `performed ${steps.join(' then ')}${n.gap ? ` gap ${String(n.gap)}` : ''}${windowText(n.within)}`;
    }
    case 'segment': {
      const name = names?.get(String(n.segment));
      return `${n.op === 'not_in' ? 'not in' : 'in'} segment ${String(n.segment)}${name && name !== n.segment ? ` (“${name}”)` : ''}`;
    }
    case 'sample': return `sample ${String(n.percent)}%${n.salt ? ` salt ${literal(n.salt)}` : ''}`;
    default: return n.type;
  }
}

/** The node at an engine path such as `conditions[1].condition` ('' is the root). */
export function nodeAt(root: Node | null | undefined, path: string): Node | null {
  let cur: unknown = root;
  if (!path) return (cur as Node) ?? null;
  for (const part of path.split('.')) {
    const m = /^([a-z_]+)(?:\[(\d+)\])?$/i.exec(part);
    if (!m || cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[m[1]];
    if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
  }
  return cur && typeof cur === 'object' && 'type' in cur ? (cur as Node) : null;
}

/** The tree as indented lines (two spaces a level): readable, and diffable line by line. */
export function outline(n: Node | null | undefined, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  if (!n) return [`${pad}(no condition)`];
  if (n.type === 'and' || n.type === 'or') {
    const kids = n.conditions as Node[];
    if (!kids.length) return [`${pad}${n.type === 'and' ? 'every contact' : 'no contact'}`];
    return [`${pad}${nodeText(n)}:`, ...kids.flatMap((c) => outline(c, depth + 1))];
  }
  if (n.type === 'not') return [`${pad}not:`, ...outline(n.condition as Node, depth + 1)];
  return [`${pad}${nodeText(n)}`];
}
