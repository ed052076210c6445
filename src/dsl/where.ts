import type { WhereCondition } from '../condition/types.js';
import type { Cursor } from './cursor.js';
import { parseFieldCondition } from './field.js';
import { parseOr, type LogicGrammar } from './logic.js';

// `where (…)` after an event name: logic over property comparisons. The parentheses are
// required so that an `and` after the block unambiguously belongs to the outer condition.

const whereGrammar: LogicGrammar<WhereCondition> = {
  and: (conditions) => ({ type: 'and', conditions }),
  or: (conditions) => ({ type: 'or', conditions }),
  not: (condition) => ({ type: 'not', condition }),
  primary: (cur) => parseFieldCondition(cur, 'property', 'a property condition'),
};

/** Reads `(…)`; the caller has consumed `where`. */
export function parseWhereBlock(cur: Cursor): WhereCondition {
  const open = cur.peek();
  cur.expectPunct('(');
  const condition = cur.nested(open, () => parseOr(cur, whereGrammar));
  cur.expectPunct(')', ` to close the "(" at ${cur.where(open)}`);
  // A tree nested too deep names the block's "(" when the block itself is the level too many.
  return cur.startOf(condition) ? condition : cur.mark(condition, open);
}
