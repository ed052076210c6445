// "Unicode lower case" means the simple, per-character mapping that the SQL stores use
// (DuckDB's utf8proc, PostgreSQL's lower()): no final-sigma context, İ → i.
const CONTEXTUAL = /[\u03A3\u0130]/;

export function fold(s: string): string {
  if (!CONTEXTUAL.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
  return out;
}

/** Condition constants are compared in NFC, the form stored text is kept in. */
export function nfc(s: string): string {
  return s.normalize('NFC');
}
