import {
  assertNever, type Condition, type EventCondition, type FieldCondition, type Scalar, type SequenceCondition,
  type Window,
} from '../condition/types.js';
import {
  BARE_DATE, DURATION, FIELD_OP_TEXT, FN_TEXT, IDENT, KEYWORDS, LOWER_IDENT, PROPERTY_PATH, RANGE_OPS,
  TIMES_TEXT, TOP_PRIMARY_WORDS, WHERE_PRIMARY_WORDS,
} from './vocabulary.js';

// Canonical text for a condition tree. The promise is the round trip: the text reads back
// as the same tree. Parentheses appear only where precedence or the tree's own nesting
// needs them. A malformed tree (say `between` with one value, or a one-step sequence)
// prints as text that fails to parse, never as text that reads as another tree. Two
// defaults spelled out in JSON have no text and are dropped: `"within": {}` and
// `"absent": false`.

type Names = 'field' | 'property';

export function printDsl(c: Condition): string {
  return print(c, 'field');
}

function print(c: Condition, names: Names): string {
  switch (c.type) {
    case 'and':
    case 'or':
      return printGroup(c.type, c.conditions, names);
    case 'not':
      return `not ${parenthesize(print(c.condition, names), isInfix(c.condition) || (c.condition.type === 'segment' && c.condition.op === 'in'))}`;
    case 'all':
      return 'all';
    case 'field':
      return printField(c, names);
    case 'event':
      return printEvent(c);
    case 'sequence':
      return printSequence(c);
    case 'segment':
      return `${c.op === 'not_in' ? 'not ' : ''}in segment ${LOWER_IDENT.test(c.segment) ? c.segment : quote(c.segment)}`;
    case 'sample':
      return `sample ${printNumber(c.percent)}% salt ${quote(c.salt)}`;
    default:
      return assertNever(c);
  }
}

/** An `and`/`or` written with infix words; fewer than two children use `and(…)` instead. */
function isInfix(c: Condition): boolean {
  return (c.type === 'and' || c.type === 'or') && c.conditions.length >= 2;
}

function printGroup(kind: 'and' | 'or', children: readonly Condition[], names: Names): string {
  if (children.length < 2) return `${kind}(${children.map((ch) => print(ch, names)).join('')})`;
  // Under `and`, any infix child needs parentheses: an `or` for precedence, an `and` to
  // stay a separate node. Under `or`, only a nested `or` does.
  return children
    .map((ch) => parenthesize(print(ch, names), isInfix(ch) && (kind === 'and' || ch.type === 'or')))
    .join(` ${kind} `);
}

function parenthesize(text: string, needed: boolean): string {
  return needed ? `(${text})` : text;
}

function printField(c: FieldCondition, names: Names): string {
  const name = printName(c.field, names);
  const subject = c.fn ? `${FN_TEXT[c.fn]}(${name})` : name;
  const op = FIELD_OP_TEXT[c.op];
  const comparison = c.value === undefined ? op : `${op} ${printOperand(c.value, RANGE_OPS.has(c.op))}`;
  const sensitivity = c.case_sensitive === undefined ? '' : c.case_sensitive ? ' case sensitive' : ' case insensitive';
  return `${subject} ${comparison}${sensitivity}`;
}

/** A value after its operator; a range is `lo and hi`. */
function printOperand(v: Scalar | readonly Scalar[], range: boolean): string {
  return range && typeof v === 'object' && v.length === 2 ? `${printValue(v[0])} and ${printValue(v[1])}` : printValue(v);
}

function printName(name: string, names: Names): string {
  const bare =
    names === 'field'
      ? LOWER_IDENT.test(name) && !TOP_PRIMARY_WORDS.has(name)
      : PROPERTY_PATH.test(name) && !WHERE_PRIMARY_WORDS.has(name.toLowerCase());
  return bare ? name : quote(name);
}

function printEventName(name: string): string {
  if (name === '*') return '*';
  return IDENT.test(name) && !KEYWORDS.has(name.toLowerCase()) ? name : quote(name);
}

function printStep(event: string, where: EventCondition['where']): string {
  // A where tree is a condition tree whose leaves name event properties.
  return where === undefined ? printEventName(event) : `${printEventName(event)} where (${print(where, 'property')})`;
}

function printEvent(c: EventCondition): string {
  const parts = [`performed ${printStep(c.event, c.where)}`];
  const measure = printMeasure(c);
  if (measure) parts.push(measure);
  const within = printWindow(c.within);
  if (within) parts.push(within);
  return parts.join(' ');
}

function printMeasure(c: EventCondition): string {
  const value = c.value === undefined ? '' : ` ${printOperand(c.value, c.op !== undefined && RANGE_OPS.has(c.op))}`;
  if (c.measure === undefined) {
    if (c.op === undefined) return value.trimStart();
    return `${TIMES_TEXT[c.op]}${value} ${c.value === 1 ? 'time' : 'times'}`;
  }
  const subject = c.property === undefined ? c.measure : `${c.measure}(${printName(c.property, 'property')})`;
  return c.op === undefined ? `${subject}${value}` : `${subject} ${FIELD_OP_TEXT[c.op]}${value}`;
}

function printSequence(c: SequenceCondition): string {
  // Malformed sequences must not read back as something else: an absent first step keeps
  // its `not` (which does not parse there), and a lone step gets a dangling `then` rather
  // than turning into an event condition.
  const steps = c.steps.map((s) => `${s.absent ? 'not ' : ''}${printStep(s.event, s.where)}`);
  const parts = [`performed ${steps.join(' then ')}${steps.length < 2 ? ' then' : ''}`];
  if (c.gap !== undefined) parts.push(`gap ${DURATION.test(c.gap) ? c.gap : quote(c.gap)}`);
  const within = printWindow(c.within);
  if (within) parts.push(within);
  return parts.join(' ');
}

function printWindow(w: Window | undefined): string {
  if (w === undefined) return '';
  if (typeof w === 'string') return `within ${DURATION.test(w) ? w : quote(w)}`;
  // `{}` bounds nothing: it is the default spelled out, so it prints as no window.
  if (w.from === undefined) return w.to === undefined ? '' : `within to ${printValue(w.to)}`;
  return `within from ${printValue(w.from)}${w.to === undefined ? '' : ` to ${printValue(w.to)}`}`;
}

function printValue(v: Scalar | readonly Scalar[]): string {
  if (typeof v === 'string') return BARE_DATE.test(v) ? v : quote(v);
  if (typeof v === 'number') return printNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `(${v.map((x) => printValue(x)).join(', ')})`;
}

function printNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Double-quoted with escapes; other invisible characters as `\u{…}` so text stays on one line and visible. */
export function quote(s: string): string {
  const body = s.replace(/["\\\n\r\t]|[\x00-\x1f\x7f\u2028\u2029]/g, (ch) => ESCAPES[ch] ?? `\\u{${ch.codePointAt(0)?.toString(16)}}`);
  return `"${body}"`;
}
