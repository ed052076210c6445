import { LIMITS } from './limits.js';
import { JsonSyntaxError, isJsonObject, parseJson, stringifyJson, type Json, type JsonObject } from './json.js';
import type { Envelope } from './message.js';

// A /v1 body → the messages it carries. A single call's body is one message; a batch is
// `{"batch": [...], "context"?, "integrations"?, "sentAt"?, "writeKey"?}` (a bare array is read
// as a batch too). What retrying cannot fix refuses the whole request; one bad message
// inside a batch is refused alone.

export interface Item {
  /** Where it stood: `batch[3]`, or `` for a single call. */
  readonly at: string;
  readonly value: Json;
  /** Its text as sent (for the rejections table). */
  readonly text: string;
  /** Refused before reading (too large as sent). */
  readonly refused?: string;
}

export type Split =
  | { readonly ok: true; readonly items: readonly Item[]; readonly envelope: Omit<Envelope, 'receivedAt'>; readonly writeKey: string | null }
  | { readonly ok: false; readonly code: 'invalid_json' | 'too_large' | 'invalid_body'; readonly message: string };

/** Containers deeper than this are not built at all (a batch item sits at depth 3). */
const READ_DEPTH = LIMITS.eventDepth + 3;

/**
 * One message read again from its `text`: the same value for a message within its bounds
 * (no deeper than LIMITS.eventDepth), its write key left out.
 */
export function rereadItem(text: string): Json {
  return parseJson(text, { maxDepth: LIMITS.eventDepth + 1 }).value;
}

export function splitBody(text: string, batch: boolean): Split {
  let parsed;
  try {
    parsed = parseJson(text, { maxDepth: READ_DEPTH, spanDepth: 3 });
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, code: 'invalid_json', message: `the body is not JSON: ${e.message}` };
    throw e;
  }
  const { value, spans } = parsed;
  // As sent, but never with the write key in it: rejected messages are shown to people.
  const textOf = (v: Json): string => {
    if (isJsonObject(v) && Object.hasOwn(v, 'writeKey')) {
      const copy: JsonObject = {};
      for (const k of Object.keys(v)) if (k !== 'writeKey') copy[k] = v[k];
      return stringifyJson(copy);
    }
    const span = v !== null && typeof v === 'object' ? spans.get(v) : undefined;
    return span ? text.slice(span[0], span[1]) : stringifyJson(v);
  };
  const key = (v: Json): string | null => (isJsonObject(v) && typeof v.writeKey === 'string' && v.writeKey !== '' ? v.writeKey : null);

  if (!batch) {
    if (!isJsonObject(value)) return { ok: false, code: 'invalid_body', message: 'the body must be a JSON object' };
    return { ok: true, items: [{ at: '', value, text: textOf(value) }], envelope: {}, writeKey: key(value) };
  }
  const list = Array.isArray(value) ? value : isJsonObject(value) ? value.batch : undefined;
  if (!Array.isArray(list)) return { ok: false, code: 'invalid_body', message: 'batch: required, an array of messages' };
  if (list.length > LIMITS.batchEvents) return { ok: false, code: 'too_large', message: `batch: ${list.length} messages, more than ${LIMITS.batchEvents}` };
  const envelope: Omit<Envelope, 'receivedAt'> = isJsonObject(value) ? { context: value.context, integrations: value.integrations, sentAt: value.sentAt } : {};
  const items = list.map((v, i): Item => {
    const t = textOf(v);
    const bytes = Buffer.byteLength(t, 'utf8');
    return bytes > LIMITS.eventBytes
      ? { at: `batch[${i}]`, value: v, text: t, refused: `message: ${bytes} bytes, larger than ${LIMITS.eventBytes}` }
      : { at: `batch[${i}]`, value: v, text: t };
  });
  return { ok: true, items, envelope, writeKey: key(value) };
}
