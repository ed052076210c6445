import type { ContactWrite, EventWrite } from './store.js';

// Checked rows on their way into a store travel as files of one JSON object per line, so
// a store loads them with its own bulk reader (DuckDB's parallel JSON reader, COPY in
// PostgreSQL) instead of row-by-row calls. `_seq` orders rows as the input file did
// (later contact values win, the first event with a message id wins); `_present` flags
// which of the `keys` a contact row carries, since an absent key keeps the stored value
// while null clears it. Meta keys start with "_", which no field key can.

/** One staged contact line; `keys` is the order of the `_present` flags. */
export function stagedContact(w: ContactWrite, seq: number, keys: readonly string[]): string {
  let present = '';
  const out: Record<string, unknown> = { _seq: seq, id: w.id, _present: '' };
  for (const k of keys) {
    if (k in w.values) {
      present += '1';
      out[k] = w.values[k];
    } else present += '0';
  }
  out._present = present;
  return `${JSON.stringify(out)}\n`;
}

export function stagedEvent(w: EventWrite, seq: number): string {
  return `${JSON.stringify({ _seq: seq, contact_id: w.contactId, name: w.name, ts: w.ts, properties: w.properties, message_id: w.messageId })}\n`;
}
