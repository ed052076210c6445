import type { Duration } from '../time/index.js';

/** The handful of places where SQL stores differ. Arguments are SQL expressions. */
export interface Dialect {
  readonly name: string;
  placeholder(index: number): string;
  quoteIdent(name: string): string;
  contains(haystack: string, needle: string): string;
  startsWith(s: string, prefix: string): string;
  endsWith(s: string, suffix: string): string;
  regexMatch(s: string, pattern: string, ci: boolean): string;
  /** Lower-case every element of a text list. */
  listFold(list: string): string;
  listHas(list: string, element: string): string;
  listHasAny(list: string, elements: readonly string[]): string;
  listHasAll(list: string, elements: readonly string[]): string;
  listLength(list: string): string;
  /** Whether the JSON value at `path` has the given JSON type. */
  jsonIs(json: string, path: readonly string[], type: 'text' | 'number' | 'bool' | 'any'): string;
  jsonText(json: string, path: readonly string[]): string;
  /** Local calendar date (DATE) of an epoch-ms expression in the workspace zone. */
  localDate(ms: string, tz: string): string;
  /** Epoch ms plus a duration under the language's rule (calendar units in the session zone). */
  addDuration(ms: string, d: Duration, param: (v: number) => string): string;
  /** First 16 hex digits of SHA-256 of a text expression. */
  sha256Hex16(text: string): string;
  castDate(expr: string): string;
  castBigint(expr: string): string;
  castDouble(expr: string): string;
  /** A numeric text as an exact decimal with 9 places (sums agree to the cent and beyond). */
  toDecimal9(text: string): string;
  tryCastDouble(text: string): string;
}
