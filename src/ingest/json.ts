// A JSON reader for hostile bodies. It accepts exactly what JSON.parse accepts, and differs
// in three ways that matter for /v1:
// - a number whose text is not what JavaScript would print for it ("1.0", "12345678901234567890")
//   keeps its text (`NumberText`), so an id sent as a number becomes exactly its digits and a
//   value that would lose digits can be refused instead of rounded;
// - containers nested past `maxDepth` are skipped and read as `TOO_DEEP`, without recursion,
//   so one deep event cannot exhaust the stack or fail the rest of its batch;
// - a "__proto__" key is dropped: it is no data a JavaScript object can hold, and copied with
//   assignment it would replace an object's prototype.
// It never recurses; `spans` gives the source range of every container down to `spanDepth`.

/** A JSON number whose text differs from JavaScript's own printing of its value. */
export class NumberText {
  constructor(readonly text: string) {}
  get value(): number {
    return Number(this.text);
  }
}

/** What stands in for a container nested deeper than the reader's bound. */
export const TOO_DEEP: unique symbol = Symbol('too deep');

export type Json = null | boolean | number | string | NumberText | typeof TOO_DEEP | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface ParseOptions {
  /** Containers nested deeper than this (the root is 1) read as TOO_DEEP. */
  readonly maxDepth: number;
  /** Record the source range of containers down to this depth (0: none). */
  readonly spanDepth?: number;
}

export interface Parsed {
  readonly value: Json;
  /** [start, end) in the text for containers at depth ≤ spanDepth. */
  readonly spans: WeakMap<object, readonly [number, number]>;
}

interface Frame {
  readonly container: Json[] | JsonObject;
  readonly isArray: boolean;
  readonly start: number;
  key: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

const enum C {
  Tab = 9, Nl = 10, Cr = 13, Space = 32, Quote = 34, Comma = 44, Minus = 45, Slash = 47,
  Zero = 48, Nine = 57, Colon = 58, OpenSq = 91, Backslash = 92, CloseSq = 93,
  OpenCurly = 123, CloseCurly = 125, Bom = 0xfeff,
}

export function parseJson(text: string, opts: ParseOptions): Parsed {
  return new Reader(text, opts).read();
}

class Reader {
  private i = 0;
  private readonly spans = new WeakMap<object, readonly [number, number]>();
  private readonly spanDepth: number;
  constructor(private readonly text: string, private readonly opts: ParseOptions) {
    this.spanDepth = opts.spanDepth ?? 0;
    if (text.charCodeAt(0) === C.Bom) this.i = 1;
  }

  read(): Parsed {
    const stack: Frame[] = [];
    const t = this.text;
    this.ws();
    let value: Json;
    for (;;) {
      // Read one value at this.i, or open a container and go on with its first member.
      const c = t.charCodeAt(this.i);
      if (c === C.OpenCurly || c === C.OpenSq) {
        const isArray = c === C.OpenSq;
        if (stack.length + 1 > this.opts.maxDepth) {
          this.skipContainer();
          value = TOO_DEEP;
        } else {
          const start = this.i++;
          const frame: Frame = { container: isArray ? [] : {}, isArray, start, key: '' };
          stack.push(frame);
          this.ws();
          if (t.charCodeAt(this.i) === (isArray ? C.CloseSq : C.CloseCurly)) {
            this.i++;
            stack.pop();
            value = this.closed(frame, stack.length + 1);
          } else {
            if (!isArray) this.key(frame);
            continue;
          }
        }
      } else {
        value = this.scalar(c);
      }
      // Attach the value to its container; close containers that end here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) {
          this.ws();
          if (this.i !== t.length) throw new JsonSyntaxError('Unexpected text after the JSON value', this.i);
          return { value, spans: this.spans };
        }
        if (top.isArray) (top.container as Json[]).push(value);
        else if (top.key !== '__proto__') (top.container as JsonObject)[top.key] = value;
        this.ws();
        const d = t.charCodeAt(this.i);
        if (d === C.Comma) {
          this.i++;
          this.ws();
          if (!top.isArray) this.key(top);
          break;
        }
        if (d === (top.isArray ? C.CloseSq : C.CloseCurly)) {
          this.i++;
          stack.pop();
          value = this.closed(top, stack.length + 1);
          continue;
        }
        throw new JsonSyntaxError(top.isArray ? 'Expected "," or "]"' : 'Expected "," or "}"', this.i);
      }
    }
  }

  private closed(frame: Frame, depth: number): Json {
    if (depth <= this.spanDepth) this.spans.set(frame.container, [frame.start, this.i]);
    return frame.container;
  }

  private key(frame: Frame): void {
    if (this.text.charCodeAt(this.i) !== C.Quote) throw new JsonSyntaxError('Expected a property name in double quotes', this.i);
    frame.key = this.string();
    this.ws();
    if (this.text.charCodeAt(this.i) !== C.Colon) throw new JsonSyntaxError('Expected ":"', this.i);
    this.i++;
    this.ws();
  }

  private ws(): void {
    const t = this.text;
    let i = this.i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === C.Space || c === C.Nl || c === C.Cr || c === C.Tab) i++;
      else break;
    }
    this.i = i;
  }

  private scalar(c: number): Json {
    const t = this.text;
    if (c === C.Quote) return this.string();
    if (c === C.Minus || (c >= C.Zero && c <= C.Nine)) {
      NUMBER.lastIndex = this.i;
      const m = NUMBER.exec(t);
      if (!m) throw new JsonSyntaxError('Invalid number', this.i);
      this.i += m[0].length;
      const n = Number(m[0]);
      return String(n) === m[0] ? n : new NumberText(m[0]);
    }
    if (t.startsWith('true', this.i)) { this.i += 4; return true; }
    if (t.startsWith('false', this.i)) { this.i += 5; return false; }
    if (t.startsWith('null', this.i)) { this.i += 4; return null; }
    throw new JsonSyntaxError(this.i >= t.length ? 'Unexpected end of JSON' : 'Unexpected character', this.i);
  }

  private string(): string {
    const t = this.text;
    let i = this.i + 1;
    let chunkStart = i;
    let out = '';
    for (;;) {
      if (i >= t.length) throw new JsonSyntaxError('Unterminated string', this.i);
      const c = t.charCodeAt(i);
      if (c === C.Quote) {
        out += t.slice(chunkStart, i);
        this.i = i + 1;
        return out;
      }
      if (c < 0x20) throw new JsonSyntaxError('Bad control character in string', i);
      if (c !== C.Backslash) { i++; continue; }
      out += t.slice(chunkStart, i);
      const e = t.charCodeAt(i + 1);
      switch (e) {
        case C.Quote: out += '"'; break;
        case C.Backslash: out += '\\'; break;
        case C.Slash: out += '/'; break;
        case 98: out += '\b'; break;
        case 102: out += '\f'; break;
        case 110: out += '\n'; break;
        case 114: out += '\r'; break;
        case 116: out += '\t'; break;
        case 117: {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('Bad Unicode escape', i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default: throw new JsonSyntaxError('Bad escaped character', i);
      }
      i += 2;
      chunkStart = i;
    }
  }

  /** Past a container too deep to read: brackets counted, strings stepped over. */
  private skipContainer(): void {
    const t = this.text;
    let depth = 0;
    let i = this.i;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === C.Quote) {
        i++;
        while (i < t.length && t.charCodeAt(i) !== C.Quote) i += t.charCodeAt(i) === C.Backslash ? 2 : 1;
      } else if (c === C.OpenCurly || c === C.OpenSq) depth++;
      else if (c === C.CloseCurly || c === C.CloseSq) {
        depth--;
        if (depth === 0) { this.i = i + 1; return; }
      }
      i++;
    }
    throw new JsonSyntaxError('Unterminated container', this.i);
  }
}

/** JSON text of a parsed value, numbers in the text they were sent as. */
export function stringifyJson(v: Json): string {
  if (v instanceof NumberText) return v.text;
  if (v === TOO_DEEP) return '"[nested too deep]"';
  if (Array.isArray(v)) return `[${v.map(stringifyJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${stringifyJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function isJsonObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof NumberText);
}
