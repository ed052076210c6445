import { hasLoneSurrogate, LONE_SURROGATE_REASON } from '../fields/index.js';
import { LIMITS } from './limits.js';
import { NumberText, isJsonObject, type Json, type JsonObject } from './json.js';
import { eventTime } from './time.js';
import { boundsOf, mergeUnder, toPlain } from './values.js';

// One tracking-API message, as a client sent it, checked and read into what Segmint stores.
// Needs no workspace: traits are matched to fields later (traits.ts).

export const CALL_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type CallType = (typeof CALL_TYPES)[number];

/**
 * A message with only an `anonymousId` belongs to the contact `anon:<anonymousId>`. A
 * `userId` may not begin with this prefix, so the two kinds of id never meet.
 */
export const ANON_PREFIX = 'anon:';
export const anonContact = (anonymousId: string): string => `${ANON_PREFIX}${anonymousId}`;

/** The event names page, screen and group calls are stored under. */
export const EVENT_OF: Readonly<Record<'page' | 'screen' | 'group', string>> = { page: 'page_view', screen: 'screen_view', group: 'group' };

/** What a page call takes from `context.page` (its own properties win). */
const PAGE_CONTEXT_KEYS = ['url', 'path', 'title', 'referrer', 'search'] as const;

export interface Message {
  readonly type: CallType;
  /** The contact the message is about: its userId, else `anon:<anonymousId>`; for alias, the userId. */
  readonly contactId: string;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** alias: the id the user had before. */
  readonly previousId: string | null;
  readonly messageId: string | null;
  readonly ts: number;
  /** The event recorded (track: `event`; page_view, screen_view, group); none for identify and alias. */
  readonly event: { readonly name: string; readonly properties: Readonly<Record<string, unknown>> } | null;
  /** identify: `context.traits` under `traits`, numbers in the text they were sent as. */
  readonly traits: JsonObject;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reasons: readonly string[] };

/** What a batch gives each of its events: its context and integrations (merged under the event's own), its sentAt. */
export interface Envelope {
  readonly receivedAt: number;
  readonly context?: Json;
  readonly integrations?: Json;
  readonly sentAt?: Json;
}

/** An id as text: a number becomes exactly the digits it was sent as; blank is missing. */
function idText(v: Json | undefined, key: string, reasons: string[]): string | null {
  if (v === undefined || v === null) return null;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number') s = String(v);
  else if (v instanceof NumberText) s = v.text;
  else { reasons.push(`${key}: must be a text or a number`); return null; }
  if (s.trim() === '') return null;
  if (s.length > LIMITS.idChars) { reasons.push(`${key}: ${s.length} characters, longer than ${LIMITS.idChars}`); return null; }
  if (hasLoneSurrogate(s)) { reasons.push(`${key}: ${LONE_SURROGATE_REASON}`); return null; }
  return s;
}

function objectAt(v: Json | undefined, key: string, reasons: string[]): JsonObject {
  if (v === undefined || v === null) return {};
  if (isJsonObject(v)) return v;
  reasons.push(`${key}: must be a JSON object`);
  return {};
}

/** A copy of `raw` with the envelope's context and integrations merged under its own. */
function withEnvelope(raw: JsonObject, env: Envelope): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(raw)) out[k] = raw[k];
  const context = mergeUnder(env.context, raw.context);
  const integrations = mergeUnder(env.integrations, raw.integrations);
  if (context !== undefined) out.context = context;
  if (integrations !== undefined) out.integrations = integrations;
  return out;
}

/**
 * Check one message and read it. `pathType` is the call the URL names (/v1/track); a batch
 * item names its own `type`.
 */
export function readMessage(input: Json, pathType: CallType | null, env: Envelope): Checked<Message> {
  if (!isJsonObject(input)) return { ok: false, reasons: ['message: must be a JSON object'] };
  const raw = withEnvelope(input, env);
  const bounds = boundsOf(raw);
  if (bounds.length) return { ok: false, reasons: bounds };
  const reasons: string[] = [];

  const type = pathType ?? raw.type;
  if (typeof type !== 'string' || !(CALL_TYPES as readonly string[]).includes(type)) {
    return { ok: false, reasons: [`type: ${JSON.stringify(typeof type === 'string' ? type : null)} is not one of ${CALL_TYPES.join(', ')}`] };
  }
  const call = type as CallType;

  const userId = idText(raw.userId, 'userId', reasons);
  const anonymousId = idText(raw.anonymousId, 'anonymousId', reasons);
  const previousId = call === 'alias' ? idText(raw.previousId, 'previousId', reasons) : null;
  const messageId = idText(raw.messageId, 'messageId', reasons);
  if (userId?.startsWith(ANON_PREFIX)) reasons.push(`userId: ids beginning with "${ANON_PREFIX}" are kept for anonymous contacts`);
  if (call === 'alias') {
    if (!userId) reasons.push('userId: required for alias');
    if (!previousId) reasons.push('previousId: required for alias');
  } else if (!userId && !anonymousId && !reasons.some((r) => r.startsWith('userId') || r.startsWith('anonymousId'))) {
    reasons.push('userId or anonymousId: one is required');
  }

  const time = eventTime({ timestamp: raw.timestamp, originalTimestamp: raw.originalTimestamp, sentAt: raw.sentAt ?? env.sentAt, receivedAt: env.receivedAt });
  if (!time.ok) reasons.push(time.reason);

  const context = objectAt(raw.context, 'context', reasons);
  let event: Message['event'] = null;
  let traits: JsonObject = {};
  switch (call) {
    case 'track': {
      const name = raw.event;
      if (typeof name !== 'string' || name.trim() === '') reasons.push('event: required, a non-empty text');
      else if (name.length > LIMITS.idChars) reasons.push(`event: ${name.length} characters, longer than ${LIMITS.idChars}`);
      else if (hasLoneSurrogate(name)) reasons.push(`event: ${LONE_SURROGATE_REASON}`);
      const properties = toPlain(objectAt(raw.properties, 'properties', reasons), 'properties', reasons) as Record<string, unknown>;
      if (typeof name === 'string') event = { name, properties };
      break;
    }
    case 'page':
    case 'screen': {
      const properties: Record<string, unknown> = {};
      if (call === 'page') {
        const page = objectAt(context.page, 'context.page', reasons);
        for (const k of PAGE_CONTEXT_KEYS) if (Object.hasOwn(page, k) && page[k] !== null) properties[k] = toPlain(page[k], `context.page.${k}`, reasons);
      }
      Object.assign(properties, toPlain(objectAt(raw.properties, 'properties', reasons), 'properties', reasons));
      for (const k of ['name', 'category'] as const) {
        if (raw[k] !== undefined && raw[k] !== null) properties[k] = toPlain(raw[k], k, reasons);
      }
      event = { name: EVENT_OF[call], properties };
      break;
    }
    case 'group': {
      const groupId = idText(raw.groupId, 'groupId', reasons);
      if (!groupId && !reasons.some((r) => r.startsWith('groupId'))) reasons.push('groupId: required for group');
      const properties = toPlain(objectAt(raw.traits, 'traits', reasons), 'traits', reasons) as Record<string, unknown>;
      event = { name: EVENT_OF.group, properties: { ...properties, group_id: groupId } };
      break;
    }
    case 'identify':
      traits = mergeUnder(objectAt(context.traits, 'context.traits', reasons), objectAt(raw.traits, 'traits', reasons)) as JsonObject;
      break;
    case 'alias':
      break;
  }

  if (reasons.length || !time.ok) return { ok: false, reasons };
  const contactId = userId ?? anonContact(anonymousId as string);
  return { ok: true, value: { type: call, contactId, userId, anonymousId, previousId, messageId, ts: time.ts, event, traits } };
}
