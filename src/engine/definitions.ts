import { z } from 'zod';
import type { Condition } from '../condition/types.js';
import { parseConditionJson } from '../condition/schema.js';
import { parseDsl } from '../dsl/index.js';
import { SegmintError, issue, type Issue } from '../errors.js';

// Segment definition files: one object or an array of
// {name, alias?, description?, category?, kind?, condition?}; condition is JSON or DSL text.

export const ALIAS = /^[a-z0-9_]+$/;

const definitionSchema = z.strictObject({
  name: z.string().min(1, 'a segment needs a name'),
  alias: z.string().regex(ALIAS, 'must match ^[a-z0-9_]+$').optional(),
  description: z.string().nullable().optional(),
  category: z.string().nullable().optional(),
  kind: z.enum(['dynamic', 'manual']).optional(),
  condition: z.unknown().optional(),
});

export interface ParsedDefinition {
  readonly name: string;
  readonly alias: string | null;
  readonly description: string | null;
  readonly category: string | null;
  readonly kind: 'dynamic' | 'manual';
  readonly condition: Condition | null;
  /** Where this definition sits in its file, for error paths: `[2]`. */
  readonly at: string;
}

/** Parse a definition's condition: DSL text or a JSON tree. */
export function parseCondition(input: unknown, path: string): { condition: Condition | null; errors: Issue[] } {
  if (typeof input === 'string') {
    const r = parseDsl(input);
    if (r.ok) return { condition: r.value, errors: [] };
    return { condition: null, errors: r.errors.map((e) => issue(e.code, e.message, path ? `${path} (${e.path})` : e.path)) };
  }
  const r = parseConditionJson(input, path);
  return r.ok ? { condition: r.value, errors: [] } : { condition: null, errors: [...r.errors] };
}

export function parseDefinitions(input: unknown): { defs: ParsedDefinition[]; errors: Issue[] } {
  const list = Array.isArray(input) ? input : [input];
  const defs: ParsedDefinition[] = [];
  const errors: Issue[] = [];
  list.forEach((raw, i) => {
    const at = Array.isArray(input) ? `[${i}]` : '';
    const r = definitionSchema.safeParse(raw);
    if (!r.success) {
      for (const e of r.error.issues) {
        const path = `${at}${e.path.map((p) => `.${String(p)}`).join('')}`.replace(/^\./, '') || '(root)';
        errors.push(issue('invalid_condition', e.code === 'unrecognized_keys' ? `unknown key ${e.keys.map((k) => JSON.stringify(k)).join(', ')}` : e.message, path));
      }
      return;
    }
    const d = r.data;
    const kind = d.kind ?? (d.condition === undefined ? 'manual' : 'dynamic');
    const condPath = at ? `${at}.condition` : 'condition';
    if (kind === 'manual' && d.condition !== undefined) errors.push(issue('invalid_condition', 'a manual segment has no condition', condPath));
    if (kind === 'dynamic' && d.condition === undefined) errors.push(issue('invalid_condition', 'a dynamic segment needs a condition', condPath));
    let condition: Condition | null = null;
    if (kind === 'dynamic' && d.condition !== undefined) {
      const c = parseCondition(d.condition, condPath);
      errors.push(...c.errors);
      condition = c.condition;
    }
    defs.push({
      name: d.name, alias: d.alias ?? null, description: d.description ?? null, category: d.category ?? null, kind, condition, at,
    });
  });
  return { defs, errors };
}

/** Lower-case ASCII, every other character `_` (SEGMENT-LANGUAGE §7). */
export function aliasFromName(name: string): string {
  const a = name.toLowerCase().replace(/[^a-z0-9]/g, '_');
  return a || 'segment';
}

/** Aliases a condition references, in order of appearance. */
export function referencedSegments(c: Condition | null): string[] {
  const out: string[] = [];
  const walk = (n: Condition): void => {
    switch (n.type) {
      case 'and': case 'or': n.conditions.forEach(walk); return;
      case 'not': walk(n.condition); return;
      case 'segment': if (!out.includes(n.segment)) out.push(n.segment); return;
      case 'all': case 'field': case 'event': case 'sequence': case 'sample': return;
    }
  };
  if (c) walk(c);
  return out;
}

/** A cycle through `start` in the reference graph, as aliases in order (`a → b → a`), or null. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>, start: string): string[] | null {
  const stack: string[] = [];
  const done = new Set<string>();
  const visit = (n: string): string[] | null => {
    const i = stack.indexOf(n);
    if (i >= 0) return [...stack.slice(i), n];
    if (done.has(n)) return null;
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    done.add(n);
    return null;
  };
  return visit(start);
}

/** Aliases with every segment after the ones it references. */
export function topologicalOrder(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const m of graph.get(n) ?? []) if (graph.has(m)) visit(m);
    out.push(n);
  };
  for (const n of graph.keys()) visit(n);
  return out;
}

/** A condition from DSL text or JSON text (a CLI argument, a request field); throws its issues. */
export function parseConditionText(text: string): Condition {
  const trimmed = text.trim();
  let input: unknown = trimmed;
  if (trimmed.startsWith('{')) {
    try {
      input = JSON.parse(trimmed);
    } catch (e) {
      throw new SegmintError(issue('parse_error', `condition is not valid JSON: ${(e as Error).message}`, 'condition'));
    }
  }
  const r = parseCondition(input, '');
  if (!r.condition) throw new SegmintError(r.errors);
  return r.condition;
}
