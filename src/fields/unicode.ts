// Text is stored as UTF-8, where half of a UTF-16 surrogate pair has no encoding: DuckDB
// would keep U+FFFD in its place (a value changed on its way in) or refuse the whole write
// (one message failing the group it was committed with). Such text is refused where it
// enters, with the field or key it was found in.

// With the u flag a surrogate pair is one code point: only a lone surrogate is \p{Cs}.
const LONE_SURROGATE = /\p{Cs}/u;

export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);

export const LONE_SURROGATE_REASON = 'holds a lone surrogate (half of a UTF-16 pair, not Unicode text), which cannot be stored unchanged';

/** The path of the first key or text within `v` that holds a lone surrogate, or null. */
export function loneSurrogateAt(v: unknown, path: string): string | null {
  if (typeof v === 'string') return hasLoneSurrogate(v) ? path : null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = loneSurrogateAt(v[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (hasLoneSurrogate(k)) return `${path} (a key)`;
      const p = loneSurrogateAt(x, `${path}.${k}`);
      if (p !== null) return p;
    }
  }
  return null;
}
