import { FIELD_KEY, coerceValue, hasLoneSurrogate, normalizeName, LONE_SURROGATE_REASON, loneSurrogateAt, loneSurrogateMessage, type FieldRegistry, type FieldValue } from '../fields/index.js';
import { datetimeExpected, parseIsoDateTime } from '../time/index.js';
import type { ContactWrite, EventWrite } from '../store/index.js';

// One record in, a write or the reasons it was refused out. A refused record changes
// nothing: no partial update of a contact, no event without its fields.

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reasons: string[] };

/** An id exactly as written (as /v1 takes it: " c1" and "\uFEFFc1" are not "c1"); blank is missing. */
function idOf(v: unknown): string | null {
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** Why a key that names no field was refused, and what would make it one. */
function unknownKey(key: string): string {
  if (FIELD_KEY.test(key)) return `${key}: unknown field (declare it with "segmint fields apply", or import with --create-fields)`;
  // No field can be named so (a spreadsheet's "Zip Code"): --create-fields cannot help.
  const named = normalizeName(key);
  const rename = FIELD_KEY.test(named) ? `rename the column to a key such as "${named}"` : 'rename the column';
  return `${key}: not a field key (a lower-case letter, then lower-case letters, digits or _): ${rename}, or map it to a field in the web app's import`;
}

export function checkContact(record: Record<string, unknown>, fields: FieldRegistry, tz: string): Checked<ContactWrite> {
  const reasons: string[] = [];
  const id = idOf(record.id);
  if (!id) reasons.push('id: required, a non-empty text');
  else if (hasLoneSurrogate(id)) reasons.push(`id: ${LONE_SURROGATE_REASON}`);
  const values: Record<string, FieldValue | null> = {};
  for (const [key, raw] of Object.entries(record)) {
    if (key === 'id') continue;
    const f = fields.get(key);
    if (!f) { reasons.push(unknownKey(key)); continue; }
    if (f.computed) { reasons.push(`${key}: computed from events and cannot be written`); continue; }
    const c = coerceValue(f, raw, tz);
    if (c.ok) values[key] = c.value;
    else reasons.push(c.reason);
  }
  return reasons.length ? { ok: false, reasons } : { ok: true, value: { id: id as string, values } };
}

const ASCII = /^[\x00-\x7f]*$/;

/** Most property objects are plain ASCII: one scan of their keys and text values decides. */
function hasNonAscii(v: unknown): boolean {
  if (typeof v === 'string') return !ASCII.test(v);
  if (Array.isArray(v)) return v.some(hasNonAscii);
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (!ASCII.test(k) || hasNonAscii(x)) return true;
  }
  return false;
}

/** Property text in NFC, like contact text, so comparisons see one spelling of each letter. */
function nfc(v: unknown): unknown {
  if (typeof v === 'string') return ASCII.test(v) ? v : v.normalize('NFC');
  if (Array.isArray(v)) return v.map(nfc);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nfc(x)]));
  return v;
}

const EVENT_KEYS = new Set(['contact_id', 'name', 'ts', 'properties', 'message_id']);

export function checkEvent(record: Record<string, unknown>, tz: string): Checked<EventWrite> {
  const reasons: string[] = [];
  for (const k of Object.keys(record)) if (!EVENT_KEYS.has(k)) reasons.push(`${k}: unknown key (expected contact_id, name, ts, properties, message_id)`);
  const contactId = idOf(record.contact_id);
  if (!contactId) reasons.push('contact_id: required, a non-empty text');
  const name = typeof record.name === 'string' && record.name.trim() !== '' ? record.name : null;
  if (!name) reasons.push('name: required, a non-empty text');
  const ts = typeof record.ts === 'string' ? parseIsoDateTime(record.ts, tz) : null;
  if (ts === null) reasons.push(`ts: ${JSON.stringify(record.ts ?? null)} is not ${datetimeExpected(record.ts)}`);
  let properties: Record<string, unknown> = {};
  const rawProps = record.properties;
  if (typeof rawProps === 'string' && rawProps.trim() !== '') {
    // CSV carries properties as a JSON text.
    try {
      const parsed: unknown = JSON.parse(rawProps);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) properties = parsed as Record<string, unknown>;
      else reasons.push('properties: must be a JSON object');
    } catch {
      reasons.push('properties: not valid JSON');
    }
  } else if (rawProps && typeof rawProps === 'object' && !Array.isArray(rawProps)) {
    properties = rawProps as Record<string, unknown>;
  } else if (rawProps !== undefined && rawProps !== null && rawProps !== '') {
    reasons.push('properties: must be a JSON object');
  }
  const mid = record.message_id;
  const messageId = mid === undefined || mid === null || mid === '' ? null : idOf(mid);
  if (mid !== undefined && mid !== null && mid !== '' && messageId === null) reasons.push('message_id: must be a text');
  for (const [key, text] of [['contact_id', contactId], ['name', name], ['message_id', messageId]] as const) {
    if (text !== null && hasLoneSurrogate(text)) reasons.push(`${key}: ${LONE_SURROGATE_REASON}`);
  }
  // Plain ASCII (most rows of an import) holds no surrogate: the walk runs only past that scan.
  const nonAscii = hasNonAscii(properties);
  const odd = nonAscii ? loneSurrogateAt(properties, 'properties') : null;
  if (odd !== null) reasons.push(loneSurrogateMessage(odd));
  if (reasons.length) return { ok: false, reasons };
  return { ok: true, value: { contactId: contactId as string, name: name as string, ts: ts as number, properties: nonAscii ? (nfc(properties) as Record<string, unknown>) : properties, messageId } };
}
