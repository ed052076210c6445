import { assertNever, type Condition } from '../../src/condition/types.js';
import type { FieldInfo } from '../../src/fields/index.js';

// Baseline (2), the floor: one DuckDB pass over just the columns a segment reads. No
// filter, join or grouping can be cheaper than reading its inputs once.

export interface Touched {
  readonly contacts: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
  readonly memberships: ReadonlySet<string>;
}

/** The stored columns a condition reads; every segment reads contacts.id (members are contacts). */
export function touchedColumns(c: Condition): Touched {
  const contacts = new Set<string>(['id']);
  const events = new Set<string>();
  const memberships = new Set<string>();
  const walk = (n: Condition): void => {
    switch (n.type) {
      case 'and': case 'or': n.conditions.forEach(walk); return;
      case 'not': walk(n.condition); return;
      case 'all': case 'sample': return;
      case 'field':
        if (n.field === 'last_active_at') ['contact_id', 'ts'].forEach((x) => events.add(x));
        else contacts.add(n.field);
        return;
      case 'event':
        ['contact_id', 'ts'].forEach((x) => events.add(x));
        if (n.event !== '*') events.add('name');
        if (n.where || n.property) events.add('properties');
        return;
      case 'sequence':
        ['contact_id', 'ts'].forEach((x) => events.add(x));
        if (n.steps.some((s) => s.event !== '*')) events.add('name');
        if (n.steps.some((s) => s.where)) events.add('properties');
        return;
      case 'segment':
        ['segment_id', 'contact'].forEach((x) => memberships.add(x));
        contacts.add('_key');
        return;
      default:
        assertNever(n);
    }
  };
  walk(c);
  return { contacts, events, memberships };
}

type ColumnKind = 'text' | 'list' | 'scalar';

const EVENT_KINDS: Record<string, ColumnKind> = { contact_id: 'text', name: 'text', ts: 'scalar', properties: 'text', message_id: 'text' };

/**
 * A query that reads every touched column in full. Each column is aggregated through an
 * expression (byte length, list length, max) so that DuckDB cannot answer it from its
 * min/max statistics, and the outer filter keeps every aggregate from being pruned.
 * Returns one `id` row, for the store's `countQuery`.
 */
export function floorSql(t: Touched, fieldKind: (key: string) => ColumnKind): string {
  const parts: string[] = [];
  const refs: string[] = [];
  const scan = (table: string, cols: ReadonlySet<string>, kind: (c: string) => ColumnKind): void => {
    if (!cols.size) return;
    const aggs = [...cols].sort().map((c) => {
      const ref = `f${refs.length}`;
      refs.push(ref);
      const q = `"${c.replace(/"/g, '""')}"`;
      const k = kind(c);
      const expr = k === 'text' ? `max(strlen(${q}))` : k === 'list' ? `max(len(${q}))` : `max(${q})`;
      return `${expr} AS ${ref}`;
    });
    parts.push(`(SELECT ${aggs.join(', ')} FROM ${table}) t${parts.length}`);
  };
  scan('contacts', t.contacts, (c) => (c === '_key' ? 'scalar' : fieldKind(c)));
  scan('events', t.events, (c) => EVENT_KINDS[c] ?? 'text');
  scan('memberships', t.memberships, () => 'scalar');
  return `SELECT 1 AS id FROM ${parts.join(', ')} WHERE ${refs.map((r) => `${r} IS NOT NULL`).join(' OR ')}`;
}

export function columnKind(f: FieldInfo | undefined): ColumnKind {
  if (!f) return 'text';
  if (f.kind === 'set') return 'list';
  return f.kind === 'text' ? 'text' : 'scalar';
}

export function describeTouched(t: Touched): string[] {
  return [
    ...[...t.contacts].sort().map((c) => `contacts.${c}`),
    ...[...t.events].sort().map((c) => `events.${c}`),
    ...[...t.memberships].sort().map((c) => `memberships.${c}`),
  ];
}
