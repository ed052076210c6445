import type { FieldInfo, FieldValue } from './types.js';
import { datetimeExpected, isValidIsoDate, localDate, parseIsoDateTime } from '../time/index.js';
import { LONE_SURROGATE_REASON, loneSurrogateAt } from './unicode.js';
import { digitsKept, isDecimalText } from './number-text.js';

// Writing a value that does not fit its field is refused with the field, the value and
// the expected type (SEGMENT-LANGUAGE §1). Empty strings mean "missing". Text is stored in
// Unicode NFC, so a decomposed "Zu\u0308rich" and a composed "Zürich" are the same value.

export type Coerced = { readonly ok: true; readonly value: FieldValue | null } | { readonly ok: false; readonly reason: string };

const ASCII = /^[\x00-\x7f]*$/;
const nfc = (s: string): string => (ASCII.test(s) ? s : s.normalize('NFC'));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{3,}[0-9]$/;

const bad = (field: FieldInfo, raw: unknown, expected: string): Coerced =>
  ({ ok: false, reason: `${field.key}: ${JSON.stringify(raw)} is not ${expected}` });

function canonicalOption(options: readonly string[], v: string): string | undefined {
  const lower = v.toLowerCase();
  return options.find((o) => o === v) ?? options.find((o) => o.toLowerCase() === lower);
}

function listOf(raw: unknown): unknown[] | null {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') return raw.split(';').map((s) => s.trim()).filter((s) => s !== '');
  return null;
}

export function coerceValue(field: FieldInfo, input: unknown, tz: string): Coerced {
  const raw = typeof input === 'string' ? nfc(input) : Array.isArray(input) ? input.map((x: unknown) => (typeof x === 'string' ? nfc(x) : x)) : input;
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  if (loneSurrogateAt(raw, field.key) !== null) return { ok: false, reason: `${field.key}: ${LONE_SURROGATE_REASON}` };
  switch (field.type) {
    case 'text':
      return typeof raw === 'string' || typeof raw === 'number' ? { ok: true, value: String(raw) } : bad(field, raw, 'text');
    case 'email':
      return typeof raw === 'string' && EMAIL.test(raw.trim()) ? { ok: true, value: raw.trim() } : bad(field, raw, 'an email address');
    case 'phone': {
      const s = typeof raw === 'number' ? String(raw) : raw;
      return typeof s === 'string' && PHONE.test(s.trim()) ? { ok: true, value: s.trim() } : bad(field, raw, 'a phone number');
    }
    case 'url': {
      if (typeof raw !== 'string') return bad(field, raw, 'a URL');
      try {
        const u = new URL(raw.trim());
        return u.protocol === 'http:' || u.protocol === 'https:' ? { ok: true, value: raw.trim() } : bad(field, raw, 'an http(s) URL');
      } catch {
        return bad(field, raw, 'a URL');
      }
    }
    case 'number': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? { ok: true, value: raw } : bad(field, raw, 'a number');
      if (typeof raw !== 'string') return bad(field, raw, 'a number');
      // Decimal text only ("0x10" and "0b11" are no numbers a person writes in a file), and
      // only with digits a number keeps: "9007199254740993" is refused, never rounded.
      const t = raw.trim();
      if (!isDecimalText(t)) return bad(field, raw, 'a number');
      return digitsKept(t) ? { ok: true, value: Number(t) } : { ok: false, reason: `${field.key}: ${JSON.stringify(raw)} has more digits than a number keeps` };
    }
    case 'boolean': {
      if (raw === true || raw === 1 || raw === 'true' || raw === '1' || raw === 'TRUE' || raw === 'True') return { ok: true, value: true };
      if (raw === false || raw === 0 || raw === 'false' || raw === '0' || raw === 'FALSE' || raw === 'False') return { ok: true, value: false };
      return bad(field, raw, 'a boolean (true/false/1/0)');
    }
    case 'date': {
      if (typeof raw !== 'string') return bad(field, raw, 'an ISO-8601 date');
      const t = raw.trim();
      if (isValidIsoDate(t)) return { ok: true, value: t };
      const ms = parseIsoDateTime(t, tz);
      return ms === null ? bad(field, raw, 'an ISO-8601 date') : { ok: true, value: localDate(ms, tz) };
    }
    case 'datetime': {
      if (typeof raw !== 'string') return bad(field, raw, 'an ISO-8601 datetime');
      const t = raw.trim();
      const ms = isValidIsoDate(t) ? parseIsoDateTime(`${t}T00:00:00`, tz) : parseIsoDateTime(t, tz);
      return ms === null ? bad(field, raw, datetimeExpected(t)) : { ok: true, value: ms };
    }
    case 'select': {
      if (typeof raw !== 'string') return bad(field, raw, `one of ${field.options?.join(', ')}`);
      const o = canonicalOption(field.options ?? [], raw.trim());
      return o === undefined ? bad(field, raw, `one of ${field.options?.join(', ')}`) : { ok: true, value: o };
    }
    case 'multiselect':
    case 'tags': {
      const items = listOf(raw);
      if (!items) return bad(field, raw, 'a list');
      const out: string[] = [];
      for (const item of items) {
        if (typeof item !== 'string' || item.trim() === '') return bad(field, raw, field.type === 'tags' ? 'a list of tags' : `a list of ${field.options?.join(', ')}`);
        const v = field.type === 'tags' ? item.trim() : canonicalOption(field.options ?? [], item.trim());
        if (v === undefined) return bad(field, raw, `a list of ${field.options?.join(', ')}`);
        if (!out.includes(v)) out.push(v);
      }
      return { ok: true, value: out.length ? out : null };
    }
  }
}
