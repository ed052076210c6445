import { MAX_DEPTH } from '../condition/depth.js';
import { issue, type Issue } from '../errors.js';
import { lineColumn, type Token } from './lexer.js';

// A position in the token list plus the one way the parser gives up. Recursive descent
// unwinds many frames on the first error, so the parser throws `ParseFailure` internally
// and `parseDsl` turns it back into a value; nothing else ever sees the exception.

export class ParseFailure extends Error {
  readonly issue: Issue;
  constructor(i: Issue) {
    super(i.message);
    this.issue = i;
  }
}

/** How a token is named in "but found …". */
export function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `the string ${t.text.length > 40 ? `${t.text.slice(0, 37)}…"` : t.text}`;
    default:
      return `"${t.text}"`;
  }
}

export class Cursor {
  private pos = 0;
  private depth = 0;
  /** Where each group the parser built began, for errors found in the finished tree. */
  private readonly starts = new WeakMap<object, Token>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: string,
  ) {}

  /** The token `k` ahead; past the end, the final eof/error token. */
  peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  /**
   * Parse one level of nesting opened by token `at` (a parenthesis, `not`, `and(`, `or(`,
   * `where (`). The parser recurses per level, so it refuses the level past MAX_DEPTH
   * before descending: deep text is an error with its place, never a stack overflow.
   */
  nested<T>(at: Token, parse: () => T): T {
    if (this.depth >= MAX_DEPTH) {
      this.failWith(`conditions may nest at most ${MAX_DEPTH} levels deep (each parenthesis, not, and(, or( and where opens one level); this one goes deeper`, at);
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Remember that `node` began at token `at`. */
  mark<T extends object>(node: T, at: Token): T {
    this.starts.set(node, at);
    return node;
  }

  /** Where a node built by this cursor began, if it was marked. */
  startOf(node: unknown): Token | undefined {
    return node !== null && typeof node === 'object' ? this.starts.get(node) : undefined;
  }

  /** The last consumed token, for "after …" in messages. */
  previous(): Token | undefined {
    return this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
  }

  /** Keywords are case-insensitive; dotted words never are keywords. */
  isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  isPunct(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === text;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.next();
    return true;
  }

  expectWord(word: string, context = this.afterPrevious()): void {
    if (!this.acceptWord(word)) this.fail(`"${word}"${context}`);
  }

  expectPunct(text: string, context = this.afterPrevious()): void {
    if (!this.acceptPunct(text)) this.fail(`"${text}"${context}`);
  }

  /** ` after "x"` naming the last consumed token, or nothing at the start. */
  afterPrevious(): string {
    const p = this.previous();
    return p ? ` after ${p.kind === 'string' ? describe(p) : `"${p.text}"`}` : '';
  }

  where(t: Token): string {
    const { line, column } = lineColumn(this.source, t.offset);
    return `line ${line}, column ${column}`;
  }

  /**
   * Stop at token `at` (default: the next one): "expected X but found Y". A lexer error
   * there is the real cause, so its own message wins.
   */
  fail(expected: string, at: Token = this.peek()): never {
    const message = at.kind === 'error' ? at.message : `expected ${expected} but found ${describe(at)}`;
    throw new ParseFailure(issue('parse_error', message, this.where(at)));
  }

  /** A message that is not of the expected/found kind, at token `at`. */
  failWith(message: string, at: Token = this.peek()): never {
    throw new ParseFailure(issue('parse_error', at.kind === 'error' ? at.message : message, this.where(at)));
  }
}
