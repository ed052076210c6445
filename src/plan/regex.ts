import { RE2JS } from 're2js';

// `matches` accepts the regular-expression subset that JavaScript, PostgreSQL and the
// embedded store read the same way. What falls outside is refused when a segment is
// saved, never approximated.
//
// Both executors run a pattern with RE2 semantics: the embedded store's regexp_matches is
// RE2, and the in-memory evaluator uses RE2JS, a port of it. RE2 matches in time linear
// in the text, so no pattern (`^(a+)+$` and its kin) can make either executor backtrack
// for minutes. Case-insensitive matching is RE2's own (the `i` flag in SQL, the
// CASE_INSENSITIVE flag here), on the stored text, in both.

const FORBIDDEN: readonly [RegExp, string][] = [
  [/\(\?<?[=!]/, 'lookaround ((?=, (?!, (?<=, (?<!) is not supported'],
  [/\\[1-9]/, 'backreferences (\\1 …) are not supported'],
  [/\\k</, 'named backreferences are not supported'],
  [/\(\?P?<[A-Za-z]/, 'named groups are not supported; use (…) or (?:…)'],
  [/\(\?>/, 'atomic groups are not supported'],
  [/[*+?}]\+/, 'possessive quantifiers are not supported'],
  [/\\[pPuxcCZzAGQE]/, 'escapes \\p, \\u, \\x, \\c, \\C, \\A, \\Z, \\z, \\G, \\Q, \\E differ between engines; write the characters themselves'],
  [/\(\?[a-zA-Z]/, 'inline flags are not supported; use case_sensitive'],
  [/\[\[:/, 'POSIX classes ([[:alpha:]]) are not supported'],
];

/**
 * Patterns read and compiled, by pattern (and case): a segment's tree is bound again at
 * every clock the live path decides at (each write group), and compiling its patterns each
 * time was a hundredth of all its work. Bounded, since patterns come from every preview too.
 */
const MEMO_LIMIT = 512;
const problems = new Map<string, string | null>();
const tests = new Map<string, RegexTest>();

function remember<T>(memo: Map<string, T>, key: string, make: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  const v = make();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, v);
  return v;
}

/** A description of why the pattern is refused, or null when it is portable. */
export function regexProblem(pattern: string): string | null {
  return remember(problems, pattern, () => problemOf(pattern));
}

function problemOf(pattern: string): string | null {
  // Escaped backslashes must not hide or fake the constructs above.
  const scrubbed = pattern.replace(/\\\\/g, '');
  for (const [re, why] of FORBIDDEN) if (re.test(scrubbed)) return `regular expression ${JSON.stringify(pattern)}: ${why}`;
  try {
    // The engine both executors run: what RE2 cannot read (a repeat count over 1000, a
    // nested repetition, an unbalanced group) is refused here rather than at the first query.
    RE2JS.compile(pattern);
  } catch (e) {
    return `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`;
  }
  try {
    // Only read, never run: the pattern must also mean something to JavaScript.
    new RegExp(pattern);
  } catch (e) {
    return `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`;
  }
  return null;
}

/** A test for a pattern `regexProblem` accepted: true when it matches somewhere in the text. */
export type RegexTest = (text: string) => boolean;

/** Compile once; the test runs in time linear in the text. */
export function compileRegex(pattern: string, ci: boolean): RegexTest {
  return remember(tests, `${ci ? 'i' : 'c'}${pattern}`, () => {
    const re = RE2JS.compile(pattern, ci ? RE2JS.CASE_INSENSITIVE : 0);
    return (text) => re.test(text);
  });
}
