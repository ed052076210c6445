import type { Cursor } from './cursor.js';

// `or` / `and` / `not` / parentheses, shared by whole conditions and by `where (…)`
// blocks, which differ only in their leaves. Parentheses are kept as structure:
// `(a and b) and c` is an `and` inside an `and`, so every tree prints and reads back
// unchanged; only a plain chain `a and b and c` makes one node.

export interface LogicGrammar<T> {
  and(conditions: T[]): T;
  or(conditions: T[]): T;
  not(condition: T): T;
  /** A leaf; called when the next token is not `not`, `(` or `and(`/`or(`. */
  primary(cur: Cursor): T;
  /** After `not`: a leaf that has its own negative form (`not in segment x`), if any. */
  negatedPrimary?(cur: Cursor): T | undefined;
}

// Each parenthesis, `not`, `and(` and `or(` is one level of `Cursor.nested`, the guard
// against text nested past the depth limit; a "(" right after `not` belongs to the `not`,
// so that every tree within the limit prints as text within it.

export function parseOr<T extends object>(cur: Cursor, g: LogicGrammar<T>): T {
  const start = cur.peek();
  const items = [parseAnd(cur, g)];
  while (cur.acceptWord('or')) items.push(parseAnd(cur, g));
  return items.length === 1 ? items[0] : cur.mark(g.or(items), start);
}

function parseAnd<T extends object>(cur: Cursor, g: LogicGrammar<T>): T {
  const start = cur.peek();
  const items = [parseUnary(cur, g)];
  while (cur.acceptWord('and')) items.push(parseUnary(cur, g));
  return items.length === 1 ? items[0] : cur.mark(g.and(items), start);
}

function parseUnary<T extends object>(cur: Cursor, g: LogicGrammar<T>, afterNot = false): T {
  if (cur.isWord('not')) {
    const not = cur.next();
    const negated = g.negatedPrimary?.(cur);
    if (negated !== undefined) return negated;
    return cur.mark(cur.nested(not, () => g.not(parseUnary(cur, g, true))), not);
  }
  if (cur.isPunct('(')) {
    const open = cur.next();
    const inner = afterNot ? parseOr(cur, g) : cur.nested(open, () => parseOr(cur, g));
    cur.expectPunct(')', ` to close the "(" at ${cur.where(open)}`);
    return inner;
  }
  // `and(…)` / `or(…)` is the written form of an empty or one-child group, which the
  // infix form cannot show; more children are allowed, separated by commas.
  if ((cur.isWord('and') || cur.isWord('or')) && cur.isPunct('(', 1)) {
    const open = cur.next();
    const kind = open.text.toLowerCase();
    cur.next();
    const items: T[] = [];
    cur.nested(open, () => {
      if (!cur.isPunct(')')) {
        do items.push(parseOr(cur, g));
        while (cur.acceptPunct(','));
      }
    });
    if (!cur.acceptPunct(')')) cur.fail(`"," or ")" to close the "${kind}(" at ${cur.where(open)}`);
    return cur.mark(kind === 'and' ? g.and(items) : g.or(items), open);
  }
  return g.primary(cur);
}
