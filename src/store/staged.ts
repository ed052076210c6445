import type { ContactWrite, EventWrite } from './store.js';

// Checked rows on their way into a store travel as files of one JSON object per line, so
// a store loads them with its own bulk reader (DuckDB's parallel JSON reader, COPY in
// PostgreSQL) instead of row-by-row calls. `_seq` orders rows as the input file did
// (later contact values win, the first event with a message id wins); `_present` flags
// which of the `keys` a contact row carries, since an absent key keeps the stored value
// while null clears it. Meta keys start with "_", which no field key can.

/** JSON text of one value; the import path writes millions, so plain numbers skip stringify. */
function json(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v === null || v === undefined ? 'null' : JSON.stringify(v);
}

/** One staged contact line; `keys` (field keys: no quoting needed) is the order of the `_present` flags. */
export function stagedContact(w: ContactWrite, seq: number, keys: readonly string[]): string {
  let present = '';
  let values = '';
  for (const k of keys) {
    if (Object.hasOwn(w.values, k)) {
      present += '1';
      values += `,"${k}":${json(w.values[k])}`;
    } else present += '0';
  }
  return `{"_seq":${seq},"id":${JSON.stringify(w.id)},"_present":"${present}"${values}}\n`;
}

export function stagedEvent(w: EventWrite, seq: number): string {
  return `{"_seq":${seq},"contact_id":${JSON.stringify(w.contactId)},"name":${JSON.stringify(w.name)},"ts":${w.ts},` +
    `"properties":${JSON.stringify(w.properties)},"message_id":${json(w.messageId)}}\n`;
}
