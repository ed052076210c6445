// `matches` accepts the regular-expression subset that JavaScript, PostgreSQL and the
// embedded store read the same way. What falls outside is refused when a segment is
// saved, never approximated.

const FORBIDDEN: readonly [RegExp, string][] = [
  [/\(\?<?[=!]/, 'lookaround ((?=, (?!, (?<=, (?<!) is not supported'],
  [/\\[1-9]/, 'backreferences (\\1 …) are not supported'],
  [/\\k</, 'named backreferences are not supported'],
  [/\(\?P?<[A-Za-z]/, 'named groups are not supported; use (…) or (?:…)'],
  [/\(\?>/, 'atomic groups are not supported'],
  [/[*+?}]\+/, 'possessive quantifiers are not supported'],
  [/\\[pPuxcZzAGQE]/, 'escapes \\p, \\u, \\x, \\c, \\A, \\Z, \\z, \\G, \\Q, \\E differ between engines; write the characters themselves'],
  [/\(\?[a-zA-Z]/, 'inline flags are not supported; use case_sensitive'],
  [/\[\[:/, 'POSIX classes ([[:alpha:]]) are not supported'],
];

/** A description of why the pattern is refused, or null when it is portable. */
export function regexProblem(pattern: string): string | null {
  // Escaped backslashes must not hide or fake the constructs above.
  const scrubbed = pattern.replace(/\\\\/g, '');
  for (const [re, why] of FORBIDDEN) if (re.test(scrubbed)) return `regular expression ${JSON.stringify(pattern)}: ${why}`;
  try {
    new RegExp(pattern);
  } catch (e) {
    return `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`;
  }
  return null;
}
