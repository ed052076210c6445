import { FieldRegistry } from '../fields/index.js';
import { SegmintError, issue } from '../errors.js';
import type { MembershipChange, Store } from '../store/index.js';
import type { UpcomingChange } from './live.js';
import { SegmentPlan, type ContactData } from './segment-plan.js';

// What the clock alone will do to a contact's memberships: walk it through each instant its
// verdicts can change, deciding every segment there, in order. The scheduler applies
// these walks; `upcoming` only reports them.

export interface WalkState extends ContactData {
  readonly member: ReadonlySet<string>;
  readonly manual: ReadonlyMap<string, 'include' | 'exclude'>;
}

/**
 * Walk one contact from its first instant `start` through every later one up to `until`;
 * report each membership change at its instant. Returns the memberships at `until` and the
 * contact's next instant after it.
 */
export function walkContact(plan: SegmentPlan, id: string, st: WalkState, start: number | null, until: number,
  report: (c: MembershipChange) => void, only?: ReadonlySet<string>, initial: ReadonlySet<string> = st.member): { state: ReadonlySet<string>; next: number | null } {
  let state = initial;
  let t = start;
  while (t !== null && t <= until) {
    const next = plan.decide(st, st.manual, t, only, state);
    for (const d of plan.order) {
      const was = state.has(d.alias), is = next.has(d.alias);
      if (was !== is) report({ segment: d.alias, contactId: id, change: is ? 'entered' : 'left', at: t });
    }
    state = next;
    t = nextAfter(plan, st, state, t, only);
  }
  return { state, next: t };
}

/**
 * What the clock alone does to one contact's membership of a segment, known through `end`:
 * the segment's changes after the instant it was worked out, the memberships at `end`, and
 * the first instant after `end` at which the segment or one it references can flip.
 * Without new data for the contact, all of it stays true as the clock moves, so a later
 * forecast only walks on from `next`.
 */
export interface ContactForecast {
  readonly end: number;
  readonly changes: readonly UpcomingChange[];
  readonly state: ReadonlySet<string>;
  readonly next: number | null;
}

/**
 * Who will enter or leave `alias` by `until` with no new data: only the segment and those
 * it references are decided (nothing else can change it), and a contact none of them can
 * flip before `until` is not walked at all. `known` is what an earlier forecast of the
 * same contact, with the same data, found (walked on from where it stopped).
 */
export function forecastOf(plan: SegmentPlan, alias: string, id: string, st: WalkState, now: number, until: number,
  known?: ContactForecast): ContactForecast {
  if (known && known.end >= until) return known;
  const only = plan.closure(alias);
  const start = known ? known.next : nextAfter(plan, st, st.member, now, only);
  const state = known ? known.state : st.member;
  if (start === null || start > until) return { end: until, changes: known?.changes ?? [], state, next: start };
  const changes = known ? [...known.changes] : [];
  const r = walkContact(plan, id, st, start, until, (c) => {
    if (c.segment === alias) changes.push({ contactId: c.contactId, change: c.change, at: c.at });
  }, only, state);
  return { end: until, changes, state: r.state, next: r.next };
}

/** Contacts noted as changed before the forecasts are dropped whole instead (8 MiB of references). */
const MAX_CHANGED = 1 << 20;

/**
 * Forecasts of the segments asked for most recently, per contact; each forgets a contact
 * whose data changes. A write only notes the contact: deleting it from each map at once was
 * a random probe into maps of a hundred thousand contacts for every event written, and the
 * maps are read only when `upcoming` is asked again.
 */
export class Forecasts {
  private readonly bySegment = new Map<string, Map<string, ContactForecast>>();
  /** Contacts whose data changed since the maps were last read. */
  private changed: string[] = [];
  constructor(private readonly keep = 4) {}

  of(alias: string): Map<string, ContactForecast> {
    this.forgetChanged();
    let m = this.bySegment.get(alias);
    if (m) this.bySegment.delete(alias);
    else if (this.bySegment.size >= this.keep) this.bySegment.delete(this.bySegment.keys().next().value as string);
    this.bySegment.set(alias, (m ??= new Map()));
    return m;
  }

  /** The contact's data or memberships changed other than by the clock. */
  drop(id: string): void {
    if (!this.bySegment.size) return;
    // Past the bound, forgetting everything is cheaper than remembering what to forget.
    if (this.changed.length >= MAX_CHANGED) this.clear();
    else this.changed.push(id);
  }

  clear(): void {
    this.bySegment.clear();
    this.changed = [];
  }

  private forgetChanged(): void {
    if (!this.changed.length) return;
    for (const m of this.bySegment.values()) for (const id of this.changed) m.delete(id);
    this.changed = [];
  }
}

/** The contact's next instant after `t`, given its memberships at `t` (see SegmentPlan.nextChange). */
export function nextAfter(plan: SegmentPlan, data: ContactData, member: ReadonlySet<string>, t: number, only?: ReadonlySet<string>, horizon?: number): number | null {
  const n = plan.nextChange(data, member, t, only, horizon);
  return n !== null && n > t ? n : null;
}

/** Who will enter or leave `alias` between `now` and `now + days` with no new data, read from the store (no server needed). */
export async function upcomingFromStore(store: Store, alias: string, now: number, days: number): Promise<UpcomingChange[]> {
  const defs = await store.listSegments();
  if (!defs.some((d) => d.alias === alias)) throw new SegmintError(issue('not_found', `no segment with alias "${alias}"`, alias));
  const plan = new SegmentPlan(defs, new FieldRegistry(await store.listFields()), (await store.getSetting('timezone')) ?? 'UTC');
  const end = now + days * 86_400_000;
  const out: UpcomingChange[] = [];
  await store.scanContacts(20_000, async (chunk) => {
    const member = await store.membershipsOf(chunk.ids);
    const manual = await store.manualOf(chunk.ids);
    chunk.forEach((d) => {
      const id = d.contact.id;
      const f = forecastOf(plan, alias, id, { ...d, member: member.get(id) ?? new Set<string>(), manual: manual.get(id) ?? new Map() }, now, end);
      out.push(...f.changes);
    });
  });
  return out.sort((a, b) => a.at - b.at || (a.contactId < b.contactId ? -1 : 1));
}
