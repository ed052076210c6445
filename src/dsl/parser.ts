import { DEPTH_MESSAGE, findTooDeep } from '../condition/depth.js';
import type { Condition, SampleCondition, SegmentCondition } from '../condition/types.js';
import { fail, ok, type Result } from '../errors.js';
import { Cursor, ParseFailure } from './cursor.js';
import { parseEventOrSequence } from './event.js';
import { parseFieldCondition } from './field.js';
import { tokenize } from './lexer.js';
import { parseOr, type LogicGrammar } from './logic.js';
import { LOWER_IDENT } from './vocabulary.js';

// The top level of the DSL: what a condition can start with, and the whole-input rule.

const grammar: LogicGrammar<Condition> = {
  and: (conditions) => ({ type: 'and', conditions }),
  or: (conditions) => ({ type: 'or', conditions }),
  not: (condition) => ({ type: 'not', condition }),
  primary(cur) {
    if (cur.acceptWord('performed')) return parseEventOrSequence(cur);
    if (cur.acceptWord('in')) return parseSegment(cur, 'in');
    if (cur.acceptWord('sample')) return parseSample(cur);
    if (cur.acceptWord('all') || cur.acceptWord('everyone')) return { type: 'all' };
    return parseFieldCondition(cur, 'field', 'a condition');
  },
  // `not in segment x` is the segment node's own `not_in`, the form the JSON uses; a
  // negated `in` node is written `not (in segment x)`.
  negatedPrimary(cur) {
    if (!(cur.isWord('in') && cur.isWord('segment', 1))) return undefined;
    cur.next();
    return parseSegment(cur, 'not_in');
  },
};

/** The caller has consumed `in`. */
function parseSegment(cur: Cursor, op: SegmentCondition['op']): SegmentCondition {
  cur.expectWord('segment');
  const t = cur.peek();
  if (t.kind === 'string' || (t.kind === 'word' && LOWER_IDENT.test(t.text))) {
    cur.next();
    return { type: 'segment', segment: t.kind === 'string' ? t.value : t.text, op };
  }
  return cur.fail('a segment alias (lower-case letters, digits and _, or a name in double quotes) after "segment"');
}

/** The caller has consumed `sample`. */
function parseSample(cur: Cursor): SampleCondition {
  const percent = cur.peek();
  if (percent.kind !== 'number') return cur.fail('a percentage such as 10% after "sample"');
  cur.next();
  cur.expectPunct('%');
  cur.expectWord('salt');
  const salt = cur.peek();
  if (salt.kind !== 'string') return cur.fail('the salt in double quotes after "salt"');
  cur.next();
  return { type: 'sample', percent: percent.value, salt: salt.value };
}

export function parseDsl(text: string): Result<Condition> {
  const cur = new Cursor(tokenize(text), text);
  try {
    const condition = parseOr(cur, grammar);
    if (cur.peek().kind !== 'eof') cur.fail('"and", "or" or end of input');
    // Chains like `a or b and (…)` make two levels of tree per parenthesis: the finished
    // tree is held to the same limit as a JSON one, at the place its too-deep group began.
    const deep = findTooDeep(condition);
    if (deep) cur.failWith(DEPTH_MESSAGE, cur.startOf(deep.node) ?? cur.peek());
    return ok(condition);
  } catch (e) {
    if (e instanceof ParseFailure) return fail(e.issue);
    throw e;
  }
}
