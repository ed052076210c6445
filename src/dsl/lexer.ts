// Turns DSL text into tokens. The lexer never throws: a problem becomes a final `error`
// token, so the parser reports whichever comes first in the text — its own expectation
// or the lexer's complaint — at the right place.

import { digitsKept } from '../fields/number-text.js';

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly offset: number }
  | { readonly kind: 'string'; readonly text: string; readonly value: string; readonly offset: number }
  | { readonly kind: 'number'; readonly text: string; readonly value: number; readonly offset: number }
  /** Unsigned duration such as `30d` (windows, gaps). */
  | { readonly kind: 'duration'; readonly text: string; readonly offset: number }
  /** Signed duration such as `-30d` or `+2w` (relative dates). */
  | { readonly kind: 'offset'; readonly text: string; readonly offset: number }
  | { readonly kind: 'punct'; readonly text: string; readonly offset: number }
  | { readonly kind: 'eof'; readonly text: ''; readonly offset: number }
  | { readonly kind: 'error'; readonly text: string; readonly message: string; readonly offset: number };

export const DURATION_UNITS: ReadonlySet<string> = new Set(['s', 'm', 'h', 'd', 'w', 'mo', 'y']);

const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '>', '>=', '<', '<=']);

// Operators people bring from other languages; naming the right one saves a trip to the docs.
const OPERATOR_HINTS: Readonly<Record<string, string>> = { '==': '=', '<>': '!=', '=>': '>=', '=<': '<=', '!': '!=' };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

const STRING_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  const fail = (message: string, offset: number, text: string): Token[] => {
    tokens.push({ kind: 'error', text, message, offset });
    return tokens;
  };

  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;

    if (isWordStart(c)) {
      i++;
      while (isWordChar(source[i])) i++;
      // Dotted paths (`page.url`, `items.0.price`) are one token; the parser decides
      // where they are allowed.
      while (source[i] === '.' && isWordChar(source[i + 1])) {
        i += 2;
        while (isWordChar(source[i])) i++;
      }
      tokens.push({ kind: 'word', text: source.slice(start, i), offset: start });
      continue;
    }

    if (c === '"') {
      i++;
      let value = '';
      for (;;) {
        const ch = source[i];
        if (ch === undefined || ch === '\n' || ch === '\r') {
          return fail('unterminated string: expected a closing " before the end of the line', start, '"');
        }
        if (ch === '"') {
          i++;
          break;
        }
        if (ch !== '\\') {
          value += ch;
          i++;
          continue;
        }
        const esc = source[i + 1];
        const simple = esc === undefined ? undefined : STRING_ESCAPES[esc];
        if (simple !== undefined) {
          value += simple;
          i += 2;
          continue;
        }
        const hex = esc === 'u' ? /^\{([0-9A-Fa-f]{1,6})\}/.exec(source.slice(i + 2)) : null;
        const code = hex ? parseInt(hex[1], 16) : NaN;
        if (!hex || code > 0x10ffff) {
          const shown = esc === undefined || esc === '\n' || esc === '\r' ? '\\' : `\\${esc}`;
          return fail(`unknown escape "${shown}" in string: expected \\" \\\\ \\n \\r \\t or \\u{…}`, i, shown);
        }
        value += String.fromCodePoint(code);
        i += 2 + hex[0].length;
      }
      tokens.push({ kind: 'string', text: source.slice(start, i), value, offset: start });
      continue;
    }

    if (isDigit(c) || ((c === '-' || c === '+') && isDigit(source[i + 1]))) {
      if (c === '-' || c === '+') i++;
      while (isDigit(source[i])) i++;
      let plainInteger = true;
      if (source[i] === '.' && isDigit(source[i + 1])) {
        plainInteger = false;
        i++;
        while (isDigit(source[i])) i++;
      }
      if ((source[i] === 'e' || source[i] === 'E') && (isDigit(source[i + 1]) || (/[+-]/.test(source[i + 1] ?? '') && isDigit(source[i + 2])))) {
        plainInteger = false;
        i += 2;
        while (isDigit(source[i])) i++;
      }
      if (isWordChar(source[i])) {
        const numberEnd = i;
        while (isWordChar(source[i])) i++;
        const unit = source.slice(numberEnd, i);
        const text = source.slice(start, i);
        if (!plainInteger || !DURATION_UNITS.has(unit)) {
          return fail(`"${text}" is neither a number nor a duration: a duration is a whole number and a unit s, m, h, d, w, mo or y (30d)`, start, text);
        }
        tokens.push({ kind: c === '-' || c === '+' ? 'offset' : 'duration', text, offset: start });
        continue;
      }
      const text = source.slice(start, i);
      // A value must not change on its way in: 9007199254740993 would read as …992, 1e400 as Infinity.
      if (!digitsKept(text)) {
        return fail(`${text} cannot be held exactly: a number keeps about 15 significant digits and reaches at most 1.7976931348623157e308`, start, text);
      }
      tokens.push({ kind: 'number', text, value: Number(text), offset: start });
      continue;
    }

    if (c === '=' || c === '!' || c === '<' || c === '>') {
      while (/[=!<>]/.test(source[i] ?? '')) i++;
      const text = source.slice(start, i);
      if (!COMPARISONS.has(text)) {
        const hint = OPERATOR_HINTS[text];
        return fail(`unknown operator "${text}"${hint ? `: use "${hint}"` : ''}`, start, text);
      }
      tokens.push({ kind: 'punct', text, offset: start });
      continue;
    }

    if (c === '(' || c === ')' || c === ',' || c === '*' || c === '%') {
      i++;
      tokens.push({ kind: 'punct', text: c, offset: start });
      continue;
    }

    const ch = String.fromCodePoint(source.codePointAt(i) ?? 0);
    const hint =
      c === "'" ? ': strings use double quotes'
      : c === '-' || c === '+' ? `: write a number or offset right after the sign, without a space (${c}30d)`
      : /[^\x00-\x7f]/.test(ch) ? ': put names with such characters in double quotes' : '';
    return fail(`unexpected character "${ch}"${hint}`, start, ch);
  }

  // End of input is reported right after the last written character, not after
  // trailing blank lines, so "found end of input" points where the text stops.
  tokens.push({ kind: 'eof', text: '', offset: source.trimEnd().length });
  return tokens;
}

/** 1-based line and column (in code points) of an offset, as people count them in an editor. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}
