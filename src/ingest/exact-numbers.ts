import { digitsKept } from '../fields/index.js';
import { NumberText, isJsonObject, parseJson, type Json } from './json.js';

// JSON.parse reads 12345678901234567890 as 12345678901234567000 and 1e400 as Infinity, and
// says nothing: an id or a code sent as a bare number would be stored with other digits.
// Bodies and lines read with JSON.parse (the API, NDJSON imports) are checked here: a
// number whose digits a JavaScript number cannot keep is refused at its place. Only text
// that could hold one (a run of 16 digits or points, a three-digit exponent) is read
// again, by the reader that keeps a number's text.

// `[0-9.]{16}|[eE][+-]?[0-9]{3}`, with its repetitions written out: V8's engine then scans
// a line 2.3× faster (M's 10M event lines: ~2 s of an import's checking saved).
const MAYBE_LOSSY = new RegExp(`${'[0-9.]'.repeat(16)}|[eE][+-]?[0-9][0-9][0-9]`);

export interface LossyNumber {
  /** Where it is: `root.key[2].key`. */
  readonly path: string;
  /** The number as written. */
  readonly text: string;
}

/** The first number in a JSON text that would not come back with its digits, if any. */
export function lossyNumberIn(text: string, root: string, maxDepth: number): LossyNumber | null {
  if (!MAYBE_LOSSY.test(text)) return null;
  let value: Json;
  try {
    value = parseJson(text, { maxDepth }).value;
  } catch {
    return null; // not JSON: the caller's own parse says where
  }
  const stack: [Json, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (v instanceof NumberText) {
      if (!digitsKept(v.text)) return { path, text: v.text };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (isJsonObject(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push([v[keys[i]], path ? `${path}.${keys[i]}` : keys[i]]);
    }
  }
  return null;
}

export const lossyNumberMessage = (n: LossyNumber): string =>
  `${n.path}: ${n.text} has more digits than a number keeps (send it as a text, in quotes)`;
