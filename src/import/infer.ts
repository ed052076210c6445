import type { FieldDef } from '../fields/index.js';
import { isValidIsoDate, parseIsoDateTime } from '../time/index.js';

// `--create-fields` declares each unknown key with a type inferred from every value the
// file holds for it. The rule: an inferred type never changes a value. A column becomes
// a number, boolean, date or datetime only when that type stores every one of its values
// and gives it back unchanged; one value that would change — "08123" read as 8123, "+41 44…"
// as 41, "2026-01-05T10:00:00+02:00" as 08:00 UTC — keeps the whole column text.

type Inferred = Extract<FieldDef['type'], 'boolean' | 'number' | 'date' | 'datetime'>;

/** Tried in this order; the first type every value fits wins. */
const ORDER: readonly Inferred[] = ['boolean', 'number', 'date', 'datetime'];

/**
 * A decimal written the way a number prints back: an optional minus, no leading zero, no
 * `+`, no thousands separator, no exponent, no trailing zero after the point.
 */
const PLAIN_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** A UTC instant: stored and printed back in UTC, so no offset is lost. */
const UTC_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

const FITS: Readonly<Record<Inferred, (v: unknown) => boolean>> = {
  // "1"/"0", "yes", "TRUE" stay what they are: numbers or text.
  boolean: (v) => typeof v === 'boolean' || v === 'true' || v === 'false',
  // The text must be the number's own printing: that also refuses digits a double cannot
  // hold ("9007199254740993", "0.1000000000000000055511151231257827") and "-0".
  number: (v) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && PLAIN_DECIMAL.test(v) && String(Number(v)) === v),
  date: (v) => typeof v === 'string' && isValidIsoDate(v),
  datetime: (v) => typeof v === 'string' && UTC_DATETIME.test(v) && parseIsoDateTime(v, 'UTC') !== null,
};

/** The type of one column, from its values one at a time (memory does not grow with the file). */
export class TypeGuess {
  private readonly left = new Set<Inferred>(ORDER);
  private present = 0;

  add(v: unknown): void {
    if (v === null || v === undefined || v === '') return;
    this.present++;
    for (const t of this.left) if (!FITS[t](v)) this.left.delete(t);
  }

  /** Text when the column is empty or any value would change under every other type. */
  type(): FieldDef['type'] {
    if (this.present === 0) return 'text';
    return ORDER.find((t) => this.left.has(t)) ?? 'text';
  }
}

export function inferType(values: Iterable<unknown>): FieldDef['type'] {
  const g = new TypeGuess();
  for (const v of values) g.add(v);
  return g.type();
}
