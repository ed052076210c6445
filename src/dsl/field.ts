import type { FieldCondition, FieldFn, FieldOp, Scalar } from '../condition/types.js';
import type { Cursor } from './cursor.js';
import { DATE_ANCHORS, FN_WORDS, LOWER_IDENT, SYMBOL_OPS, TOP_PRIMARY_WORDS, WHERE_PRIMARY_WORDS } from './vocabulary.js';

// Field comparisons and the values they compare with. The same code reads contact
// fields at the top level and event properties inside `where (…)`; only the naming
// rule differs.

/** `field`: a contact field (lower-case identifier); `property`: an event property key. */
export type NameKind = 'field' | 'property';

/** What a value slot accepts: any scalar, a measure operand (no booleans), or a date. */
export type ValueKind = 'scalar' | 'measure' | 'date';

const VALUE_WORDS: Readonly<Record<ValueKind, string>> = {
  scalar: 'a value',
  measure: 'a number or a date',
  date: 'a date ("2026-01-31", today, -30d, …)',
};

// The overloads carry what each kind can yield: dates are always strings, measure
// operands never booleans.
export function parseValue(cur: Cursor, kind: 'date'): string;
export function parseValue(cur: Cursor, kind: 'measure'): string | number;
export function parseValue(cur: Cursor, kind: 'scalar'): Scalar;
export function parseValue(cur: Cursor, kind: ValueKind): Scalar {
  const t = cur.peek();
  switch (t.kind) {
    case 'string':
      cur.next();
      return t.value;
    case 'number':
      if (kind === 'date') break;
      cur.next();
      return t.value;
    case 'offset':
      cur.next();
      return t.text;
    case 'duration':
      return cur.failWith(`expected ${VALUE_WORDS[kind]}${cur.afterPrevious()} but found "${t.text}" (a relative date needs a sign: -${t.text} or +${t.text})`);
    case 'word': {
      const word = t.text.toLowerCase();
      if (DATE_ANCHORS.has(word)) {
        cur.next();
        const offset = cur.peek();
        if (offset.kind !== 'offset') return word;
        cur.next();
        return word + offset.text;
      }
      if (kind === 'scalar' && (word === 'true' || word === 'false')) {
        cur.next();
        return word === 'true';
      }
      if (kind === 'scalar') {
        return cur.failWith(`expected a value${cur.afterPrevious()} but found "${t.text}" (text values are written in double quotes: "${t.text}")`);
      }
      break;
    }
  }
  return cur.fail(`${VALUE_WORDS[kind]}${cur.afterPrevious()}`);
}

export function parseList(cur: Cursor): Scalar[] {
  const open = cur.peek();
  cur.expectPunct('(');
  const items: Scalar[] = [];
  if (cur.acceptPunct(')')) return items;
  do items.push(parseValue(cur, 'scalar'));
  while (cur.acceptPunct(','));
  if (!cur.acceptPunct(')')) cur.fail(`"," or ")" to close the "(" at ${cur.where(open)}`);
  return items;
}

/** `lo and hi` after `between`. */
export function parseRange<V>(cur: Cursor, value: () => V): [V, V] {
  const lo = value();
  cur.expectWord('and', ' to complete "between … and …"');
  return [lo, value()];
}

/** A field or property name: a bare identifier or, for any other text, a quoted string. */
export function parseName(cur: Cursor, kind: NameKind, expected: string): string {
  const t = cur.peek();
  if (t.kind === 'string') {
    cur.next();
    return t.value;
  }
  if (t.kind === 'word') {
    const reserved = kind === 'field' ? TOP_PRIMARY_WORDS : WHERE_PRIMARY_WORDS;
    if (kind === 'field' && t.text.includes('.')) {
      cur.fail(`${expected}${cur.afterPrevious()} (dotted names are event properties, only allowed inside where (…))`);
    }
    if (kind === 'field' && !LOWER_IDENT.test(t.text)) {
      cur.fail(`${expected}${cur.afterPrevious()} (field names are lower case)`);
    }
    if (!reserved.has(t.text.toLowerCase())) {
      cur.next();
      return t.text;
    }
  }
  return cur.fail(`${expected}${cur.afterPrevious()}`);
}

/** A whole comparison: `[fn(]name[)] op [value] [case sensitive|insensitive]`. */
export function parseFieldCondition(cur: Cursor, kind: NameKind, expected: string): FieldCondition {
  let fn: FieldFn | undefined;
  let name: string;
  const fnWord = cur.peek().kind === 'word' ? FN_WORDS.get(cur.peek().text.toLowerCase()) : undefined;
  if (fnWord !== undefined && cur.isPunct('(', 1)) {
    fn = fnWord;
    cur.next();
    const open = cur.next();
    name = parseName(cur, kind, `a ${kind} name`);
    cur.expectPunct(')', ` to close the "(" at ${cur.where(open)}`);
  } else {
    name = parseName(cur, kind, expected);
  }
  const [op, value] = parseOperation(cur);
  const sensitivity = parseCaseSensitivity(cur);
  return {
    type: 'field',
    field: name,
    ...(fn !== undefined && { fn }),
    op,
    ...(value !== undefined && { value }),
    ...(sensitivity !== undefined && { case_sensitive: sensitivity }),
  };
}

type Operation = [FieldOp, Scalar | Scalar[] | undefined];

function parseOperation(cur: Cursor): Operation {
  const t = cur.peek();
  const symbol = t.kind === 'punct' ? SYMBOL_OPS[t.text] : undefined;
  if (symbol !== undefined) {
    cur.next();
    return [symbol, parseValue(cur, 'scalar')];
  }
  const scalar = (): Scalar => parseValue(cur, 'scalar');
  const word = t.kind === 'word' ? t.text.toLowerCase() : '';
  switch (word) {
    case 'between':
      cur.next();
      return ['between', parseRange(cur, scalar)];
    case 'in':
      cur.next();
      return ['in', parseList(cur)];
    case 'contains':
      cur.next();
      return ['contains', scalar()];
    case 'matches':
      cur.next();
      return ['matches', scalar()];
    case 'starts':
    case 'ends':
      cur.next();
      cur.expectWord('with');
      return [word === 'starts' ? 'starts_with' : 'ends_with', scalar()];
    case 'any':
    case 'all':
    case 'none':
      cur.next();
      cur.expectWord('of');
      return [word === 'any' ? 'any_of' : word === 'all' ? 'all_of' : 'none_of', parseList(cur)];
    case 'not':
      cur.next();
      if (cur.acceptWord('between')) return ['not_between', parseRange(cur, scalar)];
      if (cur.acceptWord('in')) return ['not_in', parseList(cur)];
      if (cur.acceptWord('contains')) return ['not_contains', scalar()];
      if (cur.acceptWord('matches')) return ['not_matches', scalar()];
      return cur.fail('"between", "in", "contains" or "matches" after "not"');
    case 'is':
      cur.next();
      if (cur.acceptWord('set')) return ['is_set', undefined];
      if (cur.acceptWord('true')) return ['is_true', undefined];
      if (cur.acceptWord('false')) return ['is_false', undefined];
      if (cur.acceptWord('not')) {
        cur.expectWord('set');
        return ['is_not_set', undefined];
      }
      return cur.fail('"set", "not set", "true" or "false" after "is"');
  }
  return cur.fail(`an operator such as =, !=, >, between, in, contains, starts with, any of, matches or is set${cur.afterPrevious()}`);
}

function parseCaseSensitivity(cur: Cursor): boolean | undefined {
  if (!cur.acceptWord('case')) return undefined;
  if (cur.acceptWord('sensitive')) return true;
  if (cur.acceptWord('insensitive')) return false;
  return cur.fail('"sensitive" or "insensitive" after "case"');
}
