// Text is stored as UTF-8, where half of a UTF-16 surrogate pair has no encoding: DuckDB
// would keep U+FFFD in its place (a value changed on its way in) or refuse the whole write
// (one message failing the group it was committed with). Such text is refused where it
// enters, with the field or key it was found in.

// With the u flag a surrogate pair is one code point: only a lone surrogate is \p{Cs}.
const LONE_SURROGATE = /\p{Cs}/u;

export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);

export const LONE_SURROGATE_REASON = 'holds a lone surrogate (half of a UTF-16 pair, not Unicode text), which cannot be stored unchanged';

/** Where a lone surrogate was found: the path of the text holding it, or of the object one of whose keys holds it. */
export interface LoneSurrogate {
  readonly path: string;
  readonly inKey: boolean;
}

/**
 * The first key or text within `v` (in document order) that holds a lone surrogate, or
 * null. Walked with a stack of its own: a hostile file may nest deeper than the call
 * stack, and its depth is refused elsewhere with a clearer message.
 */
export function loneSurrogateAt(v: unknown, path: string): LoneSurrogate | null {
  const stack: [unknown, string][] = [[v, path]];
  while (stack.length) {
    const [x, p] = stack.pop() as [unknown, string];
    if (typeof x === 'string') {
      if (hasLoneSurrogate(x)) return { path: p, inKey: false };
    } else if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push([x[i], `${p}[${i}]`]);
    } else if (x !== null && typeof x === 'object') {
      const entries = Object.entries(x);
      for (const [k] of entries) if (hasLoneSurrogate(k)) return { path: p, inKey: true };
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i][1], `${p}.${entries[i][0]}`]);
    }
  }
  return null;
}

/** The message for a lone surrogate found at `at`: its path, whether a key held it, and why it is refused. */
export const loneSurrogateMessage = (at: LoneSurrogate): string => `${at.path}${at.inKey ? ' (a key)' : ''}: ${LONE_SURROGATE_REASON}`;
