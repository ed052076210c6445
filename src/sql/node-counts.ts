import type { BindContext, Bound } from '../plan/bound.js';
import { compileMembers, type CompiledQuery } from './compiler.js';
import type { Dialect } from './dialect.js';

// Per-node counts of a condition in one pass over the contacts: every leaf of the tree
// (a field, event, sequence, segment or sample test, or `all`) is compiled once as a
// boolean column, and every node — leaf or group — is counted with
// `count(*) FILTER (WHERE …)` over those columns. A group's predicate is its children's
// columns combined by AND, OR or NOT, exactly as the compiler combines them (each leaf is
// TRUE or FALSE, never NULL), so each count is the count of that subtree on its own.

export interface NodeCountQuery extends CompiledQuery {
  /** Paths of the counted nodes, in the order of the result columns `n0`, `n1`, …. */
  readonly paths: readonly string[];
}

/** The nodes a person sees in the tree: groups are `and`/`or`/`not` written as such. */
function isGroup(b: Bound): b is Extract<Bound, { kind: 'and' | 'or' | 'not' }> {
  return (b.kind === 'and' || b.kind === 'or' || b.kind === 'not') && b.source.type === b.kind;
}

/** How many nodes `compileNodeCounts` would count. */
export function countNodes(b: Bound): number {
  if (!isGroup(b)) return 1;
  return 1 + (b.kind === 'not' ? countNodes(b.child) : b.children.reduce((n, c) => n + countNodes(c), 0));
}

const PREFIX = 'SELECT c.id, c._key FROM contacts c WHERE ';

export function compileNodeCounts(root: Bound, d: Dialect, ctx: BindContext): NodeCountQuery {
  const params: (string | number | boolean)[] = [];
  const leaves: string[] = [];
  const counted: { path: string; expr: string }[] = [];

  /** A leaf compiled by the compiler itself, its placeholders numbered after those taken. */
  const leaf = (b: Bound): string => {
    const offset = params.length;
    const q = compileMembers(b, { ...d, placeholder: (i) => d.placeholder(offset + i) }, ctx);
    params.push(...q.params);
    // The compiler's query is `SELECT … FROM contacts c WHERE <predicate>`; the predicate
    // reads the row `c` and is used in place. Any other shape is used as a subquery.
    return q.sql.startsWith(PREFIX) ? `(${q.sql.slice(PREFIX.length)})` : `(c._key IN (SELECT _key FROM (${q.sql})))`;
  };

  const visit = (b: Bound): string => {
    const slot = counted.length;
    counted.push({ path: b.path, expr: '' });
    let expr: string;
    if (!isGroup(b)) {
      leaves.push(leaf(b));
      expr = `l${leaves.length - 1}`;
    } else if (b.kind === 'not') {
      expr = `(NOT ${visit(b.child)})`;
    } else {
      const parts = b.children.map(visit);
      expr = parts.length ? `(${parts.join(b.kind === 'and' ? ' AND ' : ' OR ')})` : b.kind === 'and' ? 'TRUE' : 'FALSE';
    }
    counted[slot] = { path: b.path, expr };
    return expr;
  };
  visit(root);

  const columns = leaves.map((l, i) => `${l} AS l${i}`);
  const counts = counted.map((n, i) => `count(*) FILTER (WHERE ${n.expr}) AS n${i}`);
  const sql = `SELECT ${counts.join(', ')} FROM (SELECT ${columns.length ? columns.join(', ') : 'TRUE AS l'} FROM contacts c) t`;
  return { sql, params, paths: counted.map((n) => n.path) };
}
