import { MEASURES, MEASURE_OPS, type EventCondition, type MeasureOp, type SequenceCondition, type SequenceStep, type Window } from '../condition/types.js';
import type { Cursor } from './cursor.js';
import { parseName, parseRange, parseValue } from './field.js';
import { IDENT, KEYWORDS, SYMBOL_OPS, TIMES_TEXT } from './vocabulary.js';
import { parseWhereBlock } from './where.js';

// `performed …`: a single event condition, or a sequence when `then` follows the first
// step. Only what is written becomes a key, so the tree prints back exactly.

type MeasurePart = Pick<EventCondition, 'measure' | 'property' | 'op' | 'value'>;

/** The caller has consumed `performed`. */
export function parseEventOrSequence(cur: Cursor): EventCondition | SequenceCondition {
  const first = parseStep(cur);
  return cur.isWord('then') ? parseSequence(cur, first) : parseEvent(cur, first);
}

function parseEventName(cur: Cursor): string {
  const t = cur.peek();
  if (t.kind === 'punct' && t.text === '*') {
    cur.next();
    return '*';
  }
  if (t.kind === 'string' || (t.kind === 'word' && IDENT.test(t.text) && !KEYWORDS.has(t.text.toLowerCase()))) {
    cur.next();
    return t.kind === 'string' ? t.value : t.text;
  }
  return cur.fail(`an event name (a word, * or a name in double quotes)${cur.afterPrevious()}`);
}

function parseStep(cur: Cursor): SequenceStep {
  const event = parseEventName(cur);
  if (!cur.acceptWord('where')) return { event };
  return { event, where: parseWhereBlock(cur) };
}

function parseEvent(cur: Cursor, step: SequenceStep): EventCondition {
  let measure: MeasurePart | undefined;
  let within: Window | undefined;
  // Measure and window read naturally in either order, so both are accepted.
  for (;;) {
    if (within === undefined && cur.acceptWord('within')) {
      within = parseWindow(cur);
      continue;
    }
    if (measure === undefined) {
      measure = parseMeasure(cur);
      if (measure !== undefined) continue;
    }
    break;
  }
  if (cur.isWord('gap')) {
    cur.failWith('expected "and", "or" or end of input but found "gap" (a gap belongs to a sequence: performed a then b gap 2h)');
  }
  if (cur.isWord('then')) {
    cur.failWith('expected "and", "or" or end of input but found "then" (steps of a sequence have no measure or "within": write "within" after the last step)');
  }
  return { type: 'event', event: step.event, ...(step.where && { where: step.where }), ...(within !== undefined && { within }), ...measure };
}

function parseSequence(cur: Cursor, first: SequenceStep): SequenceCondition {
  const steps: SequenceStep[] = [first];
  while (cur.isWord('then')) {
    const last = steps[steps.length - 1];
    if (last.absent) {
      cur.failWith(`expected the end of the sequence after the absent step "then not ${last.event}" but found "then" (only the last step may be absent)`);
    }
    cur.next();
    const absent = cur.acceptWord('not');
    const step = parseStep(cur);
    steps.push(absent ? { ...step, absent: true } : step);
  }
  let gap: string | undefined;
  let within: Window | undefined;
  for (;;) {
    if (gap === undefined && cur.acceptWord('gap')) gap = parseDuration(cur);
    else if (within === undefined && cur.acceptWord('within')) within = parseWindow(cur);
    else break;
  }
  return { type: 'sequence', steps, ...(gap !== undefined && { gap }), ...(within !== undefined && { within }) };
}

function parseDuration(cur: Cursor): string {
  const t = cur.peek();
  if (t.kind !== 'duration') return cur.fail(`a duration such as 30d or 48h${cur.afterPrevious()}`);
  cur.next();
  return t.text;
}

/** The caller has consumed `within`: `30d`, or `from A [to B]`, or `to B`. */
function parseWindow(cur: Cursor): Window {
  if (cur.peek().kind === 'duration') return parseDuration(cur);
  if (cur.acceptWord('from')) {
    const from = parseValue(cur, 'date');
    return cur.acceptWord('to') ? { from, to: parseValue(cur, 'date') } : { from };
  }
  if (cur.acceptWord('to')) return { to: parseValue(cur, 'date') };
  return cur.fail(`a duration such as 30d, or "from" or "to"${cur.afterPrevious()}`);
}

// The printer's wording for counts, plus one synonym people write.
const TIMES_FORMS: readonly (readonly [MeasureOp, readonly string[]])[] = [
  ...MEASURE_OPS.map((op) => [op, TIMES_TEXT[op].split(' ')] as const),
  ['lt', ['less', 'than']],
];

function parseMeasure(cur: Cursor): MeasurePart | undefined {
  const form = TIMES_FORMS.find(([, words]) => words.every((w, k) => cur.isWord(w, k)));
  if (form !== undefined) {
    const [op, words] = form;
    words.forEach(() => cur.next());
    const value = op === 'between' || op === 'not_between' ? parseRange(cur, () => parseCount(cur)) : parseCount(cur);
    if (!cur.acceptWord('times') && !cur.acceptWord('time')) cur.fail(`"times"${cur.afterPrevious()}`);
    return { op, value };
  }
  if (cur.isWord('at')) return cur.fail('"least" or "most" after "at"', cur.peek(1));
  const word = cur.peek().kind === 'word' ? cur.peek().text.toLowerCase() : '';
  const measure = MEASURES.find((m) => m === word);
  if (measure === undefined) return undefined;
  cur.next();
  let property: string | undefined;
  if (cur.isPunct('(')) {
    const open = cur.next();
    property = parseName(cur, 'property', 'a property name');
    cur.expectPunct(')', ` to close the "(" at ${cur.where(open)}`);
  }
  const comparison = parseMeasureComparison(cur);
  return { measure, ...(property !== undefined && { property }), ...comparison };
}

function parseMeasureComparison(cur: Cursor): Pick<EventCondition, 'op' | 'value'> {
  const t = cur.peek();
  const symbol = t.kind === 'punct' ? SYMBOL_OPS[t.text] : undefined;
  const operand = (): string | number => parseValue(cur, 'measure');
  if (symbol !== undefined) {
    cur.next();
    return { op: symbol, value: operand() };
  }
  if (cur.acceptWord('between')) return { op: 'between', value: parseRange(cur, operand) };
  if (cur.isWord('not') && cur.isWord('between', 1)) {
    cur.next();
    cur.next();
    return { op: 'not_between', value: parseRange(cur, operand) };
  }
  return {};
}

function parseCount(cur: Cursor): number {
  const t = cur.peek();
  if (t.kind !== 'number') return cur.fail(`a number${cur.afterPrevious()}`);
  cur.next();
  return t.value;
}
