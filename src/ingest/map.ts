import type { FieldValue } from '../fields/index.js';
import type { WriteBatch } from '../realtime/live.js';
import type { ContactWrite, EventWrite } from '../store/index.js';
import { anonContact, type Message } from './message.js';

// Checked messages → one write. Identity: `identify` with both a userId and an anonymousId
// merges `anon:<anonymousId>` into the userId's contact; `alias` merges the contact of its
// previousId — `anon:<previousId>` and a known contact `<previousId>`, whichever exist — into
// the userId's. Inside one request, a merged id's other messages go straight to the contact it
// merged into, so the result does not depend on the order the store applies the parts in.
// Several identifies of one contact become one write, later traits winning.

export interface Merge {
  readonly from: string;
  readonly into: string;
}

/** The merges a message asks for, in order. */
export function mergesOf(m: Message): Merge[] {
  if (m.type === 'identify' && m.userId && m.anonymousId) return [{ from: anonContact(m.anonymousId), into: m.userId }];
  if (m.type === 'alias' && m.userId && m.previousId) {
    const out = [{ from: anonContact(m.previousId), into: m.userId }];
    if (m.previousId !== m.userId) out.push({ from: m.previousId, into: m.userId });
    return out;
  }
  return [];
}

/** Where a contact id's messages of this request go: follows merges, stops at a cycle. */
function resolver(merges: readonly Merge[]): (id: string) => string {
  const next = new Map<string, string>();
  for (const m of merges) if (m.from !== m.into && !next.has(m.from)) next.set(m.from, m.into);
  return (id) => {
    const seen = new Set<string>([id]);
    let at = id;
    for (let to = next.get(at); to !== undefined && !seen.has(to); to = next.get(at)) {
      seen.add(to);
      at = to;
    }
    return at;
  };
}

/** One message with the field values its traits gave (identify only). */
export interface Planned {
  readonly message: Message;
  readonly values?: Readonly<Record<string, FieldValue | null>>;
}

export function buildWrite(planned: readonly Planned[]): Required<WriteBatch> {
  const merges: Merge[] = [];
  const seenMerge = new Set<string>();
  for (const { message } of planned) {
    for (const m of mergesOf(message)) {
      const k = JSON.stringify([m.from, m.into]);
      if (!seenMerge.has(k)) { seenMerge.add(k); merges.push(m); }
    }
  }
  const to = resolver(merges);
  const contacts = new Map<string, Record<string, FieldValue | null>>();
  const contactOf = (id: string): Record<string, FieldValue | null> => {
    let c = contacts.get(id);
    if (!c) { c = {}; contacts.set(id, c); }
    return c;
  };
  const events: EventWrite[] = [];
  for (const { message: m, values } of planned) {
    const id = to(m.contactId);
    if (m.type === 'identify') Object.assign(contactOf(id), values ?? {});
    // The contact a merge goes into exists once the merge is applied, even with no data of its own yet.
    if (m.type === 'alias') contactOf(id);
    if (m.event) events.push({ contactId: id, name: m.event.name, ts: m.ts, properties: m.event.properties, messageId: m.messageId });
  }
  const contactWrites: ContactWrite[] = [...contacts].map(([id, values]) => ({ id, values }));
  return { contacts: contactWrites, events, merges };
}
