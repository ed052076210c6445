import { assertNever } from '../condition/types.js';

// Writes of an open transaction held back to reach DuckDB with its COMMIT, kept as rows
// rather than statement text so that the held writes of many transactions can become one
// statement a table: each statement costs DuckDB about a millisecond whatever it holds,
// and a journaled group (see journal.ts) reaches DuckDB merged with the groups after it.
// Texts from outside in them are ones the store found can travel as SQL text; the rest are
// numbers and words the store chose.

/** The change log's columns in the order every insert names them. */
export const CHANGE_COLUMNS = 'changes (segment_id, contact, entered, "at", seq, cause)';

export type Held =
  /** A statement of its own (it is never merged with another). */
  | { readonly kind: 'sql'; readonly text: string }
  /** New contacts: their ids (texts that can travel as SQL text), keys and creation times. */
  | { readonly kind: 'contacts'; readonly ids: readonly string[]; readonly keys: readonly number[]; readonly createdAt: readonly number[] }
  /** Events by column: texts that can travel as SQL text, properties as JSON text. */
  | {
    readonly kind: 'events'; readonly contactIds: readonly string[]; readonly names: readonly string[]; readonly ts: readonly number[];
    readonly properties: readonly string[]; readonly messageIds: readonly (string | null)[];
  }
  /** Changes as words per column (segment_id, contact, entered, at, seq, cause). */
  | { readonly kind: 'changes'; readonly columns: readonly (readonly string[])[] }
  /** Every segment evaluated up to this instant. */
  | { readonly kind: 'evaluated'; readonly at: number };

/** Whether the held writes are rows alone (no statement of their own): what a journal may carry. */
export function rowsOnly(held: readonly Held[]): boolean {
  return held.every((h) => h.kind !== 'sql');
}

/**
 * The statements for these held writes, in order, with the rows of every kind gathered into
 * the statement of its first appearance. Inserts do not depend on each other's order, and
 * `evaluated` only ever moves forward, so gathering changes nothing that lands.
 */
export function statementsOf(held: readonly Held[]): string[] {
  const out: (string | Held['kind'])[] = [];
  const contacts = { ids: [] as string[], keys: [] as number[], createdAt: [] as number[] };
  const events = { contactIds: [] as string[], names: [] as string[], ts: [] as number[], properties: [] as string[], messageIds: [] as (string | null)[] };
  const changes: string[][] = [[], [], [], [], [], []];
  let evaluated = -Infinity;
  for (const h of held) {
    if (h.kind === 'sql') {
      out.push(h.text);
      continue;
    }
    if (!out.includes(h.kind)) out.push(h.kind);
    switch (h.kind) {
      case 'contacts':
        contacts.ids.push(...h.ids);
        contacts.keys.push(...h.keys);
        contacts.createdAt.push(...h.createdAt);
        break;
      case 'events':
        events.contactIds.push(...h.contactIds);
        events.names.push(...h.names);
        events.ts.push(...h.ts);
        events.properties.push(...h.properties);
        events.messageIds.push(...h.messageIds);
        break;
      case 'changes':
        h.columns.forEach((c, i) => changes[i].push(...c));
        break;
      case 'evaluated':
        evaluated = Math.max(evaluated, h.at);
        break;
      default:
        assertNever(h);
    }
  }
  return out.map((x) => {
    switch (x) {
      case 'contacts':
        return insertRows('contacts (id, created_at, _key)',
          [textColumn(contacts.ids), splitColumn(contacts.createdAt.map(integer), 'BIGINT'), splitColumn(contacts.keys.map(integer), 'BIGINT')]);
      case 'events':
        return insertRows('events (contact_id, name, ts, properties, message_id)', [textColumn(events.contactIds), textColumn(events.names),
          splitColumn(events.ts.map(integer), 'BIGINT'), textColumn(events.properties), textColumn(events.messageIds)]);
      case 'changes':
        return insertRows(CHANGE_COLUMNS, changes.map((c, i) => splitColumn(c, CHANGE_TYPES[i])));
      case 'evaluated':
        return `UPDATE segments SET evaluated_at = ${integer(evaluated)} WHERE evaluated_at IS NULL OR evaluated_at < ${integer(evaluated)}`;
      case 'sql':
        throw new Error('unreachable');
      default:
        return x;
    }
  });
}

/** A column of rows to insert: all its values as one SQL literal, and how the rows are unpacked from it. */
interface RowColumn {
  readonly literal: string;
  readonly unpack: (ref: string) => string;
}

/**
 * An insert of columns of rows. Each column's literal is a value of a one-row VALUES list
 * that the SELECT unpacks, not an argument written into the SELECT itself: DuckDB folds a
 * function of constants while it plans, and made each column's text a list value of its
 * own before inserting it (2,400 events of the benchmark's shape on one thread, medians of
 * 50 interleaved runs: 12.8 ms as arguments, 9.8 ms from VALUES, 9.1 ms prepared with the
 * texts as parameters — which would take a call of its own after BEGIN).
 */
function insertRows(into: string, columns: readonly RowColumn[]): string {
  const refs = columns.map((_, i) => `c${i}`);
  return `INSERT INTO ${into} SELECT ${columns.map((c, i) => c.unpack(refs[i])).join(', ')} FROM (VALUES (${
    columns.map((c) => c.literal).join(', ')})) AS v(${refs.join(', ')})`;
}

/**
 * A column of texts (or nulls) to insert, as `unnest` of one JSON text: DuckDB's JSON reader
 * takes a long list far faster than a VALUES list of a row each (1,000 events: 9 ms against 30).
 * JSON escapes quotes, backslashes and control characters, and DuckDB reads them back as given.
 */
function textColumn(texts: readonly (string | null)[]): RowColumn {
  return { literal: `'${JSON.stringify(texts).replaceAll("'", "''")}'`, unpack: (ref) => `unnest(from_json(${ref}, '["VARCHAR"]'))` };
}

const CHANGE_TYPES = ['INTEGER', 'BIGINT', 'BOOLEAN', 'BIGINT', 'BIGINT', 'VARCHAR'] as const;

/** How many rows the held writes carry (what bounds a batch of them). */
export function rowCount(held: readonly Held[]): number {
  let n = 0;
  for (const h of held) {
    if (h.kind === 'contacts') n += h.ids.length;
    else if (h.kind === 'events') n += h.ts.length;
    else if (h.kind === 'changes') n += h.columns[0].length;
    else n++;
  }
  return n;
}

/**
 * A column of rows to insert, as `unnest` of one text of words split and cast: DuckDB reads
 * it ~10× faster than a VALUES list of a row each (250 rows of six numbers: 0.7 ms against 6.5 ms, on the
 * thread a group's COMMIT waits for). Only for words with no comma: numbers, booleans, causes.
 */
function splitColumn(words: readonly string[], type: 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'VARCHAR'): RowColumn {
  return { literal: `'${words.join(',')}'`, unpack: (ref) => `unnest(CAST(string_split(${ref}, ',') AS ${type}[]))` };
}

/** A whole number as SQL text; anything else is a bug upstream, never text for the statement. */
export function integer(n: number | undefined): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${String(n)}`);
  return String(n);
}

