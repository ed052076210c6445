// Contact lines for the two import formats (DESIGN.md "Surfaces"): NDJSON with absent
// keys for missing values, CSV with empty cells for them and `;` inside list cells.

import type { DemoContact } from './contact.js';
import { DEMO_FIELDS } from './fields.js';

export const CONTACT_COLUMNS: readonly (keyof DemoContact)[] = [
  'id', 'email', 'phone', 'first_name', 'last_name', 'tags',
  ...DEMO_FIELDS.map((f) => f.key as keyof DemoContact),
];

export const CONTACTS_CSV_HEADER = `${CONTACT_COLUMNS.join(',')}\n`;

const KEY_PREFIX = CONTACT_COLUMNS.map((k, i) => `${i === 0 ? '' : ','}"${k}":`);
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** Generated text rarely needs escaping; checking first is cheaper than JSON.stringify on every value. */
function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** Hand-built rather than JSON.stringify(c): this runs a million times for the M size. Same text either way. */
export function contactJsonLine(c: DemoContact): string {
  // `id` is column 0 and always present, so every later key can carry its leading comma.
  let line = '{';
  for (let i = 0; i < CONTACT_COLUMNS.length; i++) {
    const v = c[CONTACT_COLUMNS[i]];
    if (v === undefined) continue;
    line += KEY_PREFIX[i];
    if (typeof v === 'string') line += jsonString(v);
    else if (Array.isArray(v)) line += `[${v.map(jsonString).join(',')}]`;
    else line += String(v);
  }
  return `${line}}\n`;
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function contactCsvLine(c: DemoContact): string {
  let line = '';
  for (let i = 0; i < CONTACT_COLUMNS.length; i++) {
    const v = c[CONTACT_COLUMNS[i]];
    if (i > 0) line += ',';
    if (v === undefined) continue;
    line += Array.isArray(v) ? csvCell(v.join(';')) : csvCell(String(v));
  }
  return `${line}\n`;
}
