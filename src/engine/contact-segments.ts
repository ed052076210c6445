import type { Condition } from '../condition/types.js';
import { explain, type Trace } from '../evaluate/index.js';
import type { Workspace } from './workspace.js';

// One contact against every segment: in or out, and why — the condition tree with each
// node true or false and the values it saw — for a contact page that shows the segments a
// contact is in beside the ones it is not. The contact and its events are read once.

export interface ContactSegment {
  readonly segment: string;
  readonly name: string;
  readonly category: string | null;
  readonly kind: 'dynamic' | 'manual';
  /** Whether the contact is a member now (hand-made decisions included). */
  readonly member: boolean;
  /** Whether the condition holds for it (false for a manual segment). */
  readonly matches: boolean;
  readonly manual: 'include' | 'exclude' | null;
  readonly trace: Trace | null;
  readonly condition: Condition | null;
}

/** Every segment, in list order, for one contact; null when there is no such contact. */
export async function contactSegments(ws: Workspace, contactId: string): Promise<ContactSegment[] | null> {
  const [loaded] = await ws.store.loadContacts([contactId]);
  if (!loaded) return null;
  const segments = await ws.store.listSegments();
  const known = new Set(segments.map((s) => s.alias));
  const memberOf = (await ws.store.membershipsOf([contactId])).get(contactId) ?? new Set<string>();
  const manual = (await ws.store.manualOf([contactId])).get(contactId) ?? new Map<string, 'include' | 'exclude'>();
  const env = {
    contact: loaded.contact, events: loaded.events, now: ws.now, tz: ws.tz,
    isMember: (alias: string) => memberOf.has(alias),
  };
  const out: ContactSegment[] = [];
  for (const s of segments) {
    const trace = s.condition ? explain(await ws.bind(s.condition, (a) => known.has(a)), env) : null;
    out.push({
      segment: s.alias, name: s.name, category: s.category, kind: s.kind, member: memberOf.has(s.alias),
      matches: trace?.result ?? false, manual: manual.get(s.alias) ?? null, trace, condition: s.condition,
    });
  }
  return out;
}
