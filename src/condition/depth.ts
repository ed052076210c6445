import { issue, type Issue } from '../errors.js';

/**
 * How deep a condition may nest: on the way from the root to a leaf, every `and`, `or`,
 * `not` and `where` block counts one level. The schema, the binder, both executors and
 * the printer walk a tree recursively; a tree deeper than this is refused before any of
 * them sees it. Real segments stay far below: the demo's deepest has 4 levels.
 */
export const MAX_DEPTH = 64;

export const DEPTH_MESSAGE = `conditions may nest at most ${MAX_DEPTH} levels deep (each and, or, not and where counts one level)`;

/** Where a tree first goes past MAX_DEPTH: the path and the node found there. */
export interface TooDeep {
  readonly path: string;
  /** The node (or `where` block) that would be level MAX_DEPTH + 1. */
  readonly node: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const key = (base: string, k: string | number): string => (typeof k === 'number' ? `${base}[${k}]` : base ? `${base}.${k}` : k);

/**
 * The first place an unchecked condition (parsed JSON or a parsed DSL tree) nests deeper
 * than MAX_DEPTH, or null. Iterative, and reads only the keys that nest, so any input is
 * safe to give it: shapes it does not know are left to the schema.
 */
export function findTooDeep(input: unknown, basePath = ''): TooDeep | null {
  // `above`: levels counted on the way down to this node.
  const stack: { node: unknown; above: number; path: string }[] = [{ node: input, above: 0, path: basePath }];
  while (stack.length) {
    const { node, above, path } = stack.pop() as (typeof stack)[number];
    if (!isObject(node)) continue;
    const child = (n: unknown, p: string, level: number): void => { stack.push({ node: n, above: level, path: p }); };
    /** `where` blocks in document order: the first past the limit, else all go on the stack. */
    const wheres = (blocks: readonly { where: unknown; path: string }[]): TooDeep | null => {
      const present = blocks.filter((b) => b.where !== undefined);
      if (present.length && above + 1 > MAX_DEPTH) return { path: present[0].path, node: present[0].where };
      for (const b of present.reverse()) child(b.where, b.path, above + 1);
      return null;
    };
    switch (node.type) {
      case 'and':
      case 'or':
      case 'not': {
        if (above + 1 > MAX_DEPTH) return { path: path || '(root)', node };
        if (node.type === 'not') child(node.condition, key(path, 'condition'), above + 1);
        else if (Array.isArray(node.conditions)) {
          // Pushed last to first, so the first deep child in document order is found first.
          for (let i = node.conditions.length - 1; i >= 0; i--) child(node.conditions[i], key(key(path, 'conditions'), i), above + 1);
        }
        break;
      }
      case 'event': {
        const deep = wheres([{ where: node.where, path: key(path, 'where') }]);
        if (deep) return deep;
        break;
      }
      case 'sequence': {
        if (!Array.isArray(node.steps)) break;
        const steps: unknown[] = node.steps;
        const deep = wheres(steps.map((s, i) => ({ where: isObject(s) ? s.where : undefined, path: key(key(key(path, 'steps'), i), 'where') })));
        if (deep) return deep;
        break;
      }
      default:
        break;
    }
  }
  return null;
}

/** `findTooDeep` as an issue for a JSON condition. */
export function depthProblem(input: unknown, basePath = ''): Issue | null {
  const deep = findTooDeep(input, basePath);
  return deep ? issue('invalid_condition', DEPTH_MESSAGE, deep.path) : null;
}
