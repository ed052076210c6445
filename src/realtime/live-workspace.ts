import { ReadThrough } from '../evaluate/index.js';
import { Workspace } from '../engine/index.js';
import { SegmintError, issue } from '../errors.js';
import type { ChangeCause, ChangeRecord, ContactWrite, EventWrite, MembershipChange, Store } from '../store/index.js';
import { compactHeap } from './compact-heap.js';
import type { Live, ReadOptions, UpcomingChange, WriteBatch, WriteResult } from './live.js';
import { Schedule } from './schedule.js';
import { ContactCache, NO_MANUAL, NO_SEGMENTS, propertyKeys, type ContactState } from './contact-cache.js';
import { SegmentPlan, type Touched } from './segment-plan.js';
import { Forecasts, forecastOf, nextAfter, walkContact, type WalkState } from './upcoming.js';
import { Serial, type Lane } from './serial.js';
import type { EventView } from './event-arena.js';
import { MessageIdSet } from './message-ids.js';
import { detached } from './detached.js';

/** What a server measures of the live path (Prometheus in `segmint serve`). */
export interface LiveMetrics {
  changes?(records: readonly ChangeRecord[]): void;
  /** Seconds from a write being accepted to its membership changes being emitted. */
  writeToChange?(seconds: number): void;
  /** Seconds between a boundary's instant and its change being emitted. */
  schedulerLag?(seconds: number): void;
}

export interface LiveOptions {
  /** A clock that stands still until `setClock` moves it (tests, what-if); default the wall clock. */
  readonly now?: number;
  readonly metrics?: LiveMetrics;
  /** How often the wall-clock scheduler looks for due boundaries. */
  readonly tickMs?: number;
  /** Writes waiting beyond this many events are refused as busy (the caller answers 503/429). */
  readonly maxPendingEvents?: number;
  /** Checkpoint the store once writes pause this long and its log holds this much (defaults: CHECKPOINT_IDLE_MS, CHECKPOINT_AFTER_BYTES). */
  readonly checkpointWhenIdle?: { readonly idleMs: number; readonly afterBytes: number };
  /** Compact the process's heap once the start-up scan is done (a server: see compact-heap.ts). */
  readonly compactAfterScan?: boolean;
  /** Threads the store's queries run on once the start-up rebuild is done (default: as the store was opened). */
  readonly storeThreads?: number;
  /** Acknowledge a group once it is in the store's journal (see Store.journalCommits); default true. */
  readonly journal?: boolean;
}

interface Pending {
  readonly batch: WriteBatch;
  readonly accepted: number;
  resolve(r: WriteResult): void;
  reject(e: unknown): void;
}

/**
 * Contacts a scan reads at a time: each query costs a few milliseconds whatever its size,
 * and a chunk's rows wait in DuckDB's memory (its contacts are built one by one).
 */
const SCAN_CHUNK = 2_000;
/**
 * Events a write group takes at most (whole writes: a group may pass it by one write). A
 * group is one transaction, and a write arriving meanwhile, or a boundary falling, waits
 * for it: at ~15,000 events a second on two cores this keeps that wait near a third of a
 * second. Larger groups saved nothing measurable (S, 100,000 events over 8 connections:
 * 14,600–15,200 events/s with 5,000 or 20,000).
 */
const MAX_GROUP_EVENTS = 5_000;
/**
 * Writes pause this long before the write-ahead log is checkpointed, once it holds at least
 * CHECKPOINT_AFTER_BYTES. Left to DuckDB, the checkpoint runs inside the commit that
 * carries the log past its threshold (16 MiB), and every write behind that group waits for
 * it (M, right after 200,000 ingested events: commits of 599 and 710 ms).
 */
const CHECKPOINT_IDLE_MS = 1_000;
const CHECKPOINT_AFTER_BYTES = 4 * 2 ** 20;
/** Contacts whose next instant is found per turn of the event loop while a group commits. */
const SETTLE_SLICE = 64;

/** Start the live workspace on a store: memberships are first brought up to the clock. */
export async function startLive(store: Store, opts: LiveOptions = {}): Promise<Live> {
  const live = new LiveWorkspace(store, opts);
  await live.start();
  return live;
}

class LiveWorkspace implements Live {
  readonly fixedClock: boolean;
  private clock: number;
  private readonly serial = new Serial();
  private readonly schedule = new Schedule();
  private readonly listeners = new Set<(c: readonly ChangeRecord[]) => void>();
  private plan: SegmentPlan | null = null;
  private lastEmitted = 0;
  private marked = 0;
  private pending: Pending[] = [];
  private pendingEvents = 0;
  private flushing = false;
  /** The clock up to which every boundary has been applied. */
  private appliedTo = 0;
  /** When the last write group ended (performance.now()). */
  private lastGroupAt = 0;
  private checkpointing: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  /** The clock the running scan schedules from. */
  private scanFrom = 0;
  private scanGeneration = 0;
  private closed = false;
  /**
   * Contacts a group decided whose next instant is not yet on the schedule: the clock they
   * were decided at, the segments to look at (undefined: all) and the memberships decided
   * (the next group settles every one of them before it writes to the cache). Their events
   * are unpacked again when settled: an entry holding the decision's unpacked events lived
   * through the group's commit, outlived two scavenges and was copied into the old space
   * (M, /v1/batch: about 4 KB an event promoted, a full collection every 2 s). Found while the group's
   * transaction commits (the event loop is otherwise idle then), and always before the
   * schedule is read: a boundary found late is still applied at its own instant.
   */
  private readonly unscheduled = new Map<string, Unscheduled>();
  private settling = false;
  /** Contacts decided while a scan runs: the scan must not put back an older boundary for them. */
  private readonly writtenDuringScan = new Set<string>();
  private readonly cache = new ContactCache();
  /** What `reevaluate` decides each contact into (ContactCache.members keeps copies). */
  private readonly decision = new Set<string>();
  /** Recent `upcoming` answers per contact, walked on as the clock moves; dropped when a contact's data changes. */
  private readonly forecasts = new Forecasts();
  /** Set once a scan has put every stored contact in the cache: existence is then answered from it. */
  private complete = false;
  /** Message ids the store holds; exact on a miss only once `messageIdsReady`. */
  private messageIds = new MessageIdSet();
  private messageIdsReady = false;
  private messageIdLoad: Promise<void> = Promise.resolve();
  private propertyKeys: readonly string[] = [];

  constructor(private readonly store: Store, private readonly opts: LiveOptions) {
    this.fixedClock = opts.now !== undefined;
    this.clock = opts.now ?? Date.now();
  }

  now(): number {
    return this.fixedClock ? this.clock : Date.now();
  }

  async start(): Promise<void> {
    const last = await this.store.sql.rows('SELECT coalesce(max(seq), 0) AS n FROM changes');
    this.lastEmitted = Number(last[0].n);
    // While nobody watched, time moved on and a CLI may have changed data: one rebuild
    // brings every segment to the clock, stamping time-driven changes at their boundaries.
    // The scan then schedules from that same clock: a boundary that falls while the
    // rebuild runs is due at once, and applied at its instant.
    const at = this.now();
    await this.serial.run(async () => {
      const ws = await Workspace.open(this.store, at);
      await ws.rebuild([], { full: true });
      await this.emitLogged();
      if (this.opts.storeThreads !== undefined) await this.store.useThreads(this.opts.storeThreads);
      if (this.opts.journal !== false) this.store.journalCommits();
    });
    this.forget();
    this.appliedTo = at;
    this.rescan(at);
    void this.loadMessageIds();
    // A fixed clock (tests, what-if) waits for the background work so every answer is settled.
    if (this.fixedClock) await Promise.all([this.scanning, this.messageIdLoad]);
    else this.timer = setInterval(() => void this.tick(), this.opts.tickMs ?? 200);
  }

  async read<T>(fn: (ws: Workspace) => Promise<T>, opts: ReadOptions = {}): Promise<T> {
    // Groups acknowledged from the journal reach the tables before a read does: waited for
    // here, not while holding up the writes queued behind the read.
    await this.store.caughtUp();
    return this.serial.run(async () => fn(await Workspace.open(this.store, this.now())), laneOf(opts));
  }

  async mutate<T>(fn: (ws: Workspace) => Promise<T>): Promise<T> {
    // A change forgets what the live path knows and scans again from its clock. While a
    // scan runs, the contacts it has not reached are exact only up to where it started:
    // the change waits for it, or their boundaries since then would be lost.
    const done = await this.afterScan(() => this.change(fn));
    // An import may have stored message ids this process never saw.
    if (done.wrote) void this.loadMessageIds();
    if (this.fixedClock) await Promise.all([this.scanning, this.messageIdLoad]);
    return done.result;
  }

  /** Run `fn` in the queue once no scan is running (a scan may begin while waiting for the queue). */
  private async afterScan<T>(fn: () => Promise<T>): Promise<T> {
    for (;;) {
      if (this.scanning) { await this.scanning.catch(() => undefined); continue; }
      const out = await this.serial.run(async () => (this.scanning ? { waited: true as const } : { waited: false as const, value: await fn() }));
      if (!out.waited) return out.value;
    }
  }

  /**
   * One clock for the whole change: every boundary up to it is applied first, the change and
   * the rebuild run at it, and the scan schedules from it, so a boundary that falls
   * meanwhile is due at once instead of lost between them.
   */
  private async change<T>(fn: (ws: Workspace) => Promise<T>): Promise<{ result: T; wrote: boolean }> {
    const at = this.now();
    await this.applyDue(at);
    const ws = await Workspace.open(this.store, at);
    const version = this.store.dataVersion();
    const result = await fn(ws);
    const wrote = this.store.dataVersion() !== version;
    // Whatever changed (a definition, a field, the zone, hand-made decisions, a file import),
    // every segment is brought up to date; unchanged ones are skipped by the rebuild's memo.
    await (await Workspace.open(this.store, at)).rebuild([], { cause: 'definition' });
    await this.emitLogged();
    // What the live path remembered may no longer hold: forget it before anyone else runs.
    this.forget();
    this.rescan(at);
    return { result, wrote };
  }

  write(batch: WriteBatch): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new SegmintError(issue('busy', 'the server is shutting down', '')));
    const n = (batch.events?.length ?? 0) + (batch.contacts?.length ?? 0);
    if (this.pendingEvents + n > (this.opts.maxPendingEvents ?? 200_000) && this.pending.length) {
      return Promise.reject(new SegmintError(issue('busy', 'too many writes waiting; retry shortly', '')));
    }
    return new Promise<WriteResult>((resolve, reject) => {
      this.pending.push({ batch, accepted: performance.now(), resolve, reject });
      this.pendingEvents += n;
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Group commit: every write waiting lands in one transaction, acknowledged after it commits. */
  private async flush(): Promise<void> {
    while (this.pending.length) {
      const group: Pending[] = [];
      let events = 0;
      while (this.pending.length && (group.length === 0 || events < MAX_GROUP_EVENTS)) {
        const p = this.pending.shift() as Pending;
        const n = (p.batch.events?.length ?? 0) + (p.batch.contacts?.length ?? 0);
        events += n;
        this.pendingEvents -= n;
        group.push(p);
      }
      try {
        const results = await this.serial.run(() => this.commit(group.map((g) => g.batch)));
        const done = performance.now();
        group.forEach((g, i) => {
          if (results[i].changes.length) this.opts.metrics?.writeToChange?.((done - g.accepted) / 1000);
          g.resolve(results[i]);
        });
      } catch (e) {
        for (const g of group) g.reject(e);
      }
      this.lastGroupAt = performance.now();
    }
    this.flushing = false;
  }

  private async commit(batches: readonly WriteBatch[]): Promise<WriteResult[]> {
    const now = this.now();
    await this.applyDue(now);
    const contacts = batches.flatMap((b) => b.contacts ?? []);
    const events = batches.flatMap((b) => b.events ?? []);
    const merges = batches.flatMap((b) => b.merges ?? []);
    const { perWrite: accounting, stored, known, created, cached } = await this.account(batches, contacts, events);
    let records: ChangeRecord[] = [];
    const merged: boolean[] = [];
    await this.store.transaction(async () => {
      if (contacts.length) await this.store.writeContacts(contacts, now);
      if (events.length) {
        const made = await this.store.appendEvents(events.filter((_, i) => stored[i]), created, now);
        // A contact its events just created holds nothing but them and its creation time:
        // known without reading it back (its events are added below, as for any contact).
        for (const [id, key] of made) {
          cached.set(id, this.cache.add(id, { created_at: now }, { key, events: [], member: NO_SEGMENTS, manual: NO_MANUAL }));
        }
        // DuckDB inserts a large group's events while its contacts are decided.
        this.store.sendAhead();
      }
      for (const m of merges) {
        merged.push(await this.store.mergeContact(m.from, m.into, now));
        this.unscheduled.delete(m.from);
        this.uncache(m.from);
        this.uncache(m.into);
        cached.delete(m.from);
        cached.delete(m.into);
        this.forecasts.drop(detached(m.from));
        this.forecasts.drop(detached(m.into));
      }
      // Contacts the cache holds take the same writes in memory; the others are read once.
      for (const c of contacts) {
        const st = cached.get(c.id);
        if (st) this.cache.write(st, c.values);
      }
      events.forEach((e, i) => {
        const st = stored[i] ? cached.get(e.contactId) : undefined;
        if (st) this.cache.insertEvent(st, e.name, e.ts, e.properties);
      });
      // Per contact, what was written to it: only the segments that read that can change
      // (a page view re-decides the segments reading page views or any event, not the
      // purchase segments); a new or merged contact is decided whole.
      // Contacts written one event name and no field (most) share one record per name: the
      // group's records live through its commit, long enough to be copied to the old space.
      const touched = new Map<string, Touched>();
      const byName = new Map<string, Touched>();
      for (const c of contacts) {
        const t = touched.get(c.id);
        touched.set(c.id, { events: t?.events ?? NO_NAMES, fields: new Set([...(t?.fields ?? []), ...Object.keys(c.values)]) });
      }
      events.forEach((e, i) => {
        if (!stored[i]) return;
        const t = touched.get(e.contactId);
        if (t?.events.has(e.name)) return;
        let one = t ? undefined : byName.get(e.name);
        if (!one) one = { events: new Set([...(t?.events ?? []), e.name]), fields: t?.fields ?? NO_NAMES };
        if (!t && one.events.size === 1) byName.set(e.name, one);
        touched.set(e.contactId, one);
      });
      for (const m of merges) if (!touched.has(m.into)) touched.set(m.into, NOTHING_TOUCHED);
      const whole = new Set<string>([...merges.map((m) => m.into), ...[...touched.keys()].filter((id) => !known.has(id))]);
      records = await this.reevaluate([...touched.keys()], now, 'data', { touched, whole, cached });
      await this.markEvaluated(now);
    }).catch((e: unknown) => {
      // Memory took the group's writes before the commit: what it holds is no longer the
      // store's. Boundaries up to `now` were applied before the group began.
      this.readAgain(now);
      throw e;
    });
    // Only once durable: a reload of the set that began meanwhile finds the rest in its snapshot.
    events.forEach((e, i) => { if (stored[i] && e.messageId) this.messageIds.add(e.messageId); });
    this.emit(records);
    // Each write is answered with the changes of its own contacts.
    // (A group holds thousands of single-event writes: index the changes once.)
    const byContact = new Map<string, ChangeRecord[]>();
    for (const r of records) {
      const list = byContact.get(r.contactId);
      if (list) list.push(r);
      else byContact.set(r.contactId, [r]);
    }
    let mergeIndex = 0;
    return batches.map((b, i) => {
      const m = (b.merges ?? []).filter(() => merged[mergeIndex++]).length;
      // Most writes are one event: their contact's list is their answer (read-only, shared).
      const sole = soleContact(b);
      if (sole !== null) return { ...accounting[i], merged: m, changes: byContact.get(sole) ?? NO_CHANGES };
      const mine = new Set<string>();
      for (const c of b.contacts ?? []) mine.add(c.id);
      for (const e of b.events ?? []) mine.add(e.contactId);
      for (const mg of b.merges ?? []) mine.add(mg.into);
      const changes: ChangeRecord[] = [];
      for (const id of mine) for (const r of byContact.get(id) ?? []) changes.push(r);
      if (mine.size > 1) changes.sort((a, b) => a.id - b.id);
      return { ...accounting[i], merged: m, changes };
    });
  }

  /**
   * Per write: what will be inserted, updated and skipped, judged against the store and the
   * writes before it; per event of the group, whether it will be stored; and the contacts
   * its stored events create; and the group's contacts the cache holds (each looked up
   * once here: the index holds a million ids, and every lookup in it is a few cache misses).
   */
  private async account(batches: readonly WriteBatch[], contacts: readonly ContactWrite[], events: readonly EventWrite[]): Promise<{
    perWrite: Omit<WriteResult, 'merged' | 'changes'>[]; stored: boolean[]; known: ReadonlySet<string>; created: string[]; cached: Map<string, ContactState>;
  }> {
    // Loops, not spreads of maps of arrays: a group holds thousands of events, each pass a few allocations an event.
    const ids = new Set<string>();
    for (const c of contacts) ids.add(c.id);
    for (const e of events) ids.add(e.contactId);
    const cached = new Map<string, ContactState>();
    for (const id of ids) {
      const st = this.cache.get(id);
      if (st) cached.set(id, st);
    }
    // Once the scan is done the cache holds every contact: those it has are those that exist
    // (a set of their own: the group adds the contacts it creates to `cached`).
    const existed: ReadonlySet<string> = this.complete ? new Set(cached.keys()) : await this.store.existingContactIds([...ids]);
    // Only ids the set cannot rule out are looked up in the store.
    const messageIds = new Set<string>();
    for (const e of events) if (e.messageId && (!this.messageIdsReady || this.messageIds.mayHave(e.messageId))) messageIds.add(e.messageId);
    const seen = await this.store.storedMessageIds([...messageIds]);
    const stored: boolean[] = [];
    // Contacts that do not exist yet and that an earlier write of the group creates.
    const added = new Set<string>();
    const known = (id: string): boolean => existed.has(id) || added.has(id);
    const perWrite = batches.map((b) => {
      let contactsInserted = 0, contactsUpdated = 0, eventsInserted = 0, duplicates = 0, contactsCreated = 0;
      for (const c of b.contacts ?? []) {
        if (known(c.id)) contactsUpdated++;
        else { contactsInserted++; added.add(c.id); }
      }
      for (const e of b.events ?? []) {
        if (e.messageId && seen.has(e.messageId)) { duplicates++; stored.push(false); continue; }
        if (e.messageId) seen.add(e.messageId);
        eventsInserted++;
        stored.push(true);
        if (!known(e.contactId)) { contactsCreated++; added.add(e.contactId); }
      }
      return { contactsInserted, contactsUpdated, eventsInserted, duplicates, contactsCreated };
    });
    // Contact writes land first and create theirs; stored events create the rest.
    const written = new Set<string>();
    for (const c of contacts) written.add(c.id);
    const created = new Set<string>();
    events.forEach((e, i) => {
      if (stored[i] && !existed.has(e.contactId) && !written.has(e.contactId)) created.add(e.contactId);
    });
    return { perWrite, stored, known: existed, created: [...created], cached };
  }

  /** Fill the message-id set from the store, beside writes; until done, the store answers. */
  private loadMessageIds(): Promise<void> {
    const set = new MessageIdSet();
    this.messageIds = set;
    this.messageIdsReady = false;
    const current = (): boolean => this.messageIds === set && !this.closed;
    this.messageIdLoad = (async () => {
      await this.messageIdLoad;
      if (!current()) return;
      await this.store.scanMessageIds((ids) => {
        if (!current()) return false;
        for (const id of ids) set.add(id);
      });
      if (current()) this.messageIdsReady = true;
    })().catch((e: unknown) => {
      if (!this.closed) process.stderr.write(`segmint: reading stored message ids failed (each write asks the store instead): ${(e as Error).message}\n`);
    });
    return this.messageIdLoad;
  }

  async deleteContact(id: string): Promise<boolean> {
    return this.serial.run(async () => {
      // A running scan may have read it before: it must not bring it back.
      if (this.scanning) this.writtenDuringScan.add(id);
      this.unscheduled.delete(id);
      this.uncache(id);
      this.forecasts.drop(detached(id));
      return this.store.deleteContact(id);
    });
  }

  async setClock(to: number): Promise<{ applied: number }> {
    if (!this.fixedClock) throw new SegmintError(issue('conflict', 'the server runs on the wall clock; start it with --now to move the clock by hand', 'now'));
    if (to < this.clock) throw new SegmintError(issue('invalid_argument', `the clock only moves forward (it is ${new Date(this.clock).toISOString()})`, 'now'));
    // Boundaries are only known once the scan has scheduled every contact.
    return this.afterScan(async () => {
      const applied = await this.applyDue(to);
      this.clock = to;
      return { applied };
    });
  }

  async upcoming(alias: string, days: number): Promise<UpcomingChange[]> {
    return this.afterScan(async () => {
      const plan = await this.currentPlan();
      if (!plan.aliases.includes(alias)) throw new SegmintError(issue('not_found', `no segment with alias "${alias}"`, alias));
      const now = this.now();
      // Boundaries already due are applied first: every forecast then starts after now.
      await this.applyDue(now);
      const end = now + days * 86_400_000;
      const known = this.forecasts.of(alias);
      // A contact off the schedule until after the end cannot change anything by then.
      const due = this.schedule.dueBy(end);
      const states = await this.states(due);
      const out: UpcomingChange[] = [];
      for (const id of due) {
        const st = states.get(id);
        if (!st) continue;
        const f = forecastOf(plan, alias, id, lazyEvents(st, this.cache), now, end, known.get(id));
        known.set(id, f);
        for (const c of f.changes) if (c.at > now && c.at <= end) out.push(c);
      }
      return out.sort((a, b) => a.at - b.at || (a.contactId < b.contactId ? -1 : 1));
    });
  }

  async changes(q: { after?: number; limit: number; segment?: string }, opts: ReadOptions = {}): Promise<{ changes: ChangeRecord[]; next: number }> {
    const after = q.after ?? 0;
    await this.store.caughtUp();
    const list = await this.serial.run(() => this.store.changesAfter(after, q.limit, q.segment), laneOf(opts));
    return { changes: list, next: list.length ? list[list.length - 1].id : after };
  }

  subscribe(listener: (changes: readonly ChangeRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.scanGeneration++;
    while (this.flushing || this.pending.length) await new Promise((r) => setTimeout(r, 5));
    await this.serial.run(async () => undefined);
    await this.checkpointing;
    await this.messageIdLoad;
    this.listeners.clear();
  }

  // ── membership, contact by contact ──────────────────────────────────────────

  private async currentPlan(): Promise<SegmentPlan> {
    if (!this.plan) {
      const ws = await Workspace.open(this.store, this.now());
      const defs = await this.store.listSegments();
      this.plan = new SegmentPlan(defs, await ws.registry(), ws.tz);
      this.propertyKeys = propertyKeys(defs);
      // Forgotten with the plan, so empty: from now on it keeps the fields and properties this plan reads.
      this.cache.clear(this.plan.fieldsRead, this.propertyKeys);
    }
    return this.plan;
  }

  /** Drop the plan, the cache and the schedule; the next scan builds them again. */
  private forget(): void {
    this.plan = null;
    this.complete = false;
    this.cache.clear();
    this.forecasts.clear();
    this.schedule.clear();
    this.unscheduled.clear();
    this.scanGeneration++;
  }

  /**
   * Memory no longer follows the store (DuckDB refused what it took): forget it and scan
   * again from `applied`, the clock up to which every boundary was applied — for contacts
   * a running scan had not reached, only up to where that scan started.
   */
  private readAgain(applied: number): void {
    const from = this.scanning ? Math.min(applied, this.scanFrom) : applied;
    this.forget();
    this.rescan(from);
  }

  /** Drop a contact from the cache and the schedule (its row may go to another contact). */
  private uncache(id: string): void {
    const st = this.cache.get(id);
    if (!st) return;
    this.schedule.delete(st.row, st.id);
    this.cache.delete(id);
  }

  /** The live state of these contacts: from the cache, the rest read from the store (and cached). */
  private async states(ids: readonly string[], loadedNow?: Set<string>, cached?: ReadonlyMap<string, ContactState>): Promise<Map<string, ContactState>> {
    const out = new Map<string, ContactState>();
    const missing: string[] = [];
    for (const id of ids) {
      const st = cached?.get(id) ?? this.cache.get(id);
      if (st) out.set(id, st);
      else missing.push(id);
    }
    if (!missing.length) return out;
    const loaded = await this.store.loadContacts(missing);
    const member = await this.store.membershipsOf(missing);
    const manual = await this.store.manualOf(missing);
    for (const d of loaded) {
      const id = d.contact.id;
      const st = this.cache.add(id, d.contact.values, {
        key: d.key, events: d.events, member: this.cache.members(member.get(id) ?? NO_SEGMENTS), manual: manual.get(id) ?? NO_MANUAL,
      });
      out.set(id, st);
      loadedNow?.add(id);
    }
    return out;
  }

  /** Decide these contacts at `at` against every segment; log and apply the differences. */
  private async reevaluate(ids: readonly string[], at: number, cause: ChangeCause,
    scope?: { touched: ReadonlyMap<string, Touched>; whole: ReadonlySet<string>; cached: ReadonlyMap<string, ContactState> }): Promise<ChangeRecord[]> {
    if (!ids.length) return [];
    const plan = await this.currentPlan();
    // A contact read from the store just now has no schedule of its own yet: decided whole.
    const loadedNow = new Set<string>();
    const states = await this.states(ids, loadedNow, scope?.cached);
    const changes: (MembershipChange & { cause: ChangeCause })[] = [];
    // The store's keys of the contacts that changed (each a read of a random row: not for the rest).
    const keys = new Map<string, number>();
    // A list, not a map keyed by the handles: each would get an identity hash made for it.
    const decided: Unscheduled[] = [];
    for (const [id, st] of states) {
      // The cache's copy of the id: the forecasts keep it until `upcoming` is asked again.
      this.forecasts.drop(st.id);
      const only = !scope || scope.whole.has(id) || loadedNow.has(id) ? undefined : plan.affectedBy(scope.touched.get(id) ?? NOTHING_TOUCHED);
      if (this.scanning) this.writtenDuringScan.add(id);
      // No segment reads what was written (most tracked events are in no segment): its
      // memberships and its next instant stand as they are.
      if (only?.size === 0) continue;
      const was = st.member;
      // Into one set reused contact after contact: most decisions change nothing and keep the set the contact has.
      const next = plan.decide(lazyEvents(st, this.cache), st.manual, at, only, was, this.decision);
      if (addDifference(changes, plan, id, was, next, at, cause, only)) keys.set(id, st.key);
      // The set held for this combination (most often the one the contact already has).
      const member = this.cache.members(next, was);
      const u: Unscheduled = { st, at, only, member };
      this.unscheduled.set(id, u);
      decided.push(u);
    }
    this.settleSoon();
    const records = await this.store.recordChanges(changes, keys);
    // Memory follows the store only once the store has it.
    for (const u of decided) u.st.member = u.member;
    return records;
  }

  /**
   * Put decided contacts' next instants on the schedule: up to `max` of them (default all).
   * Reads only what the cache holds, so it runs outside the queue between a group's awaits.
   */
  private settle(max = Infinity): void {
    const plan = this.plan;
    let n = 0;
    for (const [id, u] of this.unscheduled) {
      if (n++ >= max) return;
      if (plan && this.cache.holds(u.st)) {
        // By the cache's row and its own copy of the id: the schedule keeps it.
        const { row, id: kept } = u.st;
        // The other segments' boundaries did not move: an instant already scheduled after the
        // decision stands (if it no longer flips anything, waking there finds nothing and looks
        // further), so only the written segments' changes before it are looked for — a walk
        // that stops there (a boundary a month out, a window's exits one by one) is cut short.
        const standing = u.only ? this.schedule.at(row, kept) : undefined;
        const horizon = standing !== undefined && standing > u.at ? standing : undefined;
        const fresh = nextAfter(plan, lazyEvents(u.st, this.cache), u.member, u.at, u.only, horizon);
        if (horizon === undefined || fresh !== null) this.schedule.set(row, kept, fresh);
      }
      this.unscheduled.delete(id);
    }
  }

  /** Settle in slices on later turns of the event loop (a failure surfaces at the next full settle). */
  private settleSoon(): void {
    if (this.settling || !this.unscheduled.size) return;
    this.settling = true;
    setImmediate(() => {
      this.settling = false;
      try {
        this.settle(SETTLE_SLICE);
      } catch {
        return;
      }
      this.settleSoon();
    });
  }

  /**
   * Walk contacts through their boundaries up to `until`, each at its own instant: `due`
   * says where each starts. Reports every change in time order; returns where each
   * contact's next boundary lies beyond `until`.
   */
  private async walk(plan: SegmentPlan, due: readonly { id: string; at: number }[], until: number,
    report: (c: MembershipChange) => void, finalState?: Map<string, ReadonlySet<string>>): Promise<Map<ContactState, number | null>> {
    const nextAt = new Map<ContactState, number | null>();
    if (!due.length) return nextAt;
    const start = new Map(due.map((d) => [d.id, d.at]));
    const states = await this.states([...start.keys()]);
    const found: MembershipChange[] = [];
    for (const [id, st] of states) {
      const r = walkContact(plan, id, lazyEvents(st, this.cache), start.get(id) ?? null, until, (c) => found.push(c));
      nextAt.set(st, r.next);
      finalState?.set(id, r.state);
    }
    found.sort((a, b) => a.at - b.at);
    for (const c of found) report(c);
    return nextAt;
  }

  /** Apply every time-driven change due by `until`, each at its boundary, in time order. */
  private async applyDue(until: number): Promise<number> {
    const plan = await this.currentPlan();
    this.settle();
    const due = this.schedule.takeUntil(until);
    const from = this.appliedTo;
    if (!due.length) {
      this.appliedTo = Math.max(from, until);
      return 0;
    }
    const changes: (MembershipChange & { cause: ChangeCause })[] = [];
    let records: ChangeRecord[] = [];
    await this.store.transaction(async () => {
      const finalState = new Map<string, ReadonlySet<string>>();
      const nextAt = await this.walk(plan, due, until, (c) => changes.push({ ...c, cause: 'time' }), finalState);
      for (const [st, t] of nextAt) this.schedule.set(st.row, st.id, t);
      // Every contact walked, as the walk read it from the cache.
      const walked = [...nextAt.keys()];
      records = await this.store.recordChanges(changes, keysOf(walked));
      for (const st of walked) st.member = this.cache.members(finalState.get(st.id) as ReadonlySet<string>, st.member);
      await this.markEvaluated(until);
    }).catch((e: unknown) => {
      // The due contacts left the schedule and memory walked them: their boundaries are
      // found again from where every boundary was last applied.
      this.readAgain(from);
      throw e;
    });
    this.appliedTo = Math.max(from, until);
    if (!this.fixedClock && records.length) this.opts.metrics?.schedulerLag?.(Math.max(0, Date.now() - records[records.length - 1].at) / 1000);
    this.emit(records);
    return records.length;
  }

  /** Recorded at most once a second: it only narrows what a restart's rebuild must search. */
  private async markEvaluated(at: number): Promise<void> {
    // While a scan runs, some contacts' boundaries are not yet scheduled: not exact yet.
    if (this.scanning || (at - this.marked < 1_000 && !this.fixedClock)) return;
    this.marked = at;
    await this.store.markEvaluated(at);
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    this.settle();
    this.checkpointWhenIdle();
    const next = this.schedule.peek();
    const now = Date.now();
    // Nothing due while the scan is done: every segment is exact now.
    if (!this.scanning && (next === null || next > now) && now - this.marked >= 1_000) {
      await this.serial.run(() => this.markEvaluated(now)).catch(() => undefined);
      return;
    }
    if (next === null || next > now) return;
    try {
      await this.serial.run(() => this.applyDue(Date.now()));
    } catch (e) {
      process.stderr.write(`segmint: time-driven changes failed: ${(e as Error).message}\n`);
    }
  }

  /** Checkpoint the store while writes pause (see CHECKPOINT_IDLE_MS); a group acknowledged from the journal does not wait for it. */
  private checkpointWhenIdle(): void {
    const { idleMs, afterBytes } = this.opts.checkpointWhenIdle ?? { idleMs: CHECKPOINT_IDLE_MS, afterBytes: CHECKPOINT_AFTER_BYTES };
    if (this.checkpointing || this.scanning || this.flushing || performance.now() - this.lastGroupAt < idleMs) return;
    if (this.store.walBytes() < afterBytes) return;
    // Beside the queue: groups acknowledged from the journal go on meanwhile, and only a
    // group that must reach the tables itself (and the journal's applier) waits for it.
    this.checkpointing = this.store.checkpoint()
      .catch(() => false)
      .finally(() => { this.checkpointing = null; });
  }

  /**
   * Find every contact's next boundary after `from` (up to which every boundary has been
   * applied) again, filling the cache on the way.
   */
  private rescan(from: number): void {
    const generation = ++this.scanGeneration;
    this.scanFrom = from;
    this.writtenDuringScan.clear();
    this.scanning = (async () => {
      const fields = (await this.serial.run(() => this.currentPlan())).fieldsRead;
      if (generation !== this.scanGeneration) return;
      // The store reads only the fields and event properties some segment reads: what it
      // gives is cached as it comes (a contact read by a write later holds all its fields).
      await this.store.scanContacts(SCAN_CHUNK, async (chunk) => {
        if (generation !== this.scanGeneration) return false;
        await this.serial.run(async () => {
          // A failed write group forgets everything and scans again while this chunk waited:
          // what it read belongs to the old scan.
          if (generation !== this.scanGeneration) return;
          const plan = await this.currentPlan();
          // Decided since the scan began: the write already scheduled and cached it from fresher data.
          const ids = chunk.ids.filter((id) => !this.writtenDuringScan.has(id) && !this.cache.get(id));
          const wanted = new Set(ids);
          const member = await this.store.membershipsOf(ids);
          const manual = await this.store.manualOf(ids);
          chunk.forEach((d) => {
            const id = d.contact.id;
            if (!wanted.has(id)) return;
            const st = this.cache.add(id, d.contact.values, { key: d.key, events: d.events, member: this.cache.members(member.get(id) ?? NO_SEGMENTS), manual: manual.get(id) ?? NO_MANUAL });
            if (plan.hasConditions) this.schedule.set(st.row, st.id, nextAfter(plan, d, st.member, from));
          });
        });
      }, { properties: this.propertyKeys, fields });
      if (generation !== this.scanGeneration) return;
      this.complete = true;
      // Part of the scan: until it is done the process holds the scan's garbage.
      await this.releaseMemory(generation);
    })().finally(() => {
      if (generation !== this.scanGeneration) return;
      this.scanning = null;
      this.writtenDuringScan.clear();
    });
  }

  /**
   * The scan read every contact: what the store cached on the way is not needed again. Not
   * while the message ids are still read beside it (a lower limit could fail that read).
   */
  private async releaseMemory(generation: number): Promise<void> {
    await this.messageIdLoad;
    if (generation !== this.scanGeneration || this.closed) return;
    await this.serial.run(async () => {
      await this.store.releaseMemory();
      if (this.opts.compactAfterScan) compactHeap();
    }).catch((e: unknown) => {
      process.stderr.write(`segmint: releasing the store's cache failed: ${(e as Error).message}\n`);
    });
  }

  // ── emitting ────────────────────────────────────────────────────────────────

  private emit(records: readonly ChangeRecord[]): void {
    if (!records.length) return;
    this.lastEmitted = Math.max(this.lastEmitted, records[records.length - 1].id);
    this.opts.metrics?.changes?.(records);
    for (const l of this.listeners) {
      try { l(records); } catch { /* a listener's failure is its own */ }
    }
  }

  /** Changes a rebuild wrote to the log, handed on in log order. */
  private async emitLogged(): Promise<void> {
    for (;;) {
      const page = await this.store.changesAfter(this.lastEmitted, 10_000);
      if (!page.length) return;
      this.emit(page);
    }
  }
}

const NO_CHANGES: readonly ChangeRecord[] = Object.freeze([]);

/** The one contact a write touches when it is a single event or contact and merges nothing, else null. */
function soleContact(b: WriteBatch): string | null {
  if (b.merges?.length) return null;
  const events = b.events?.length ?? 0, contacts = b.contacts?.length ?? 0;
  if (events === 1 && contacts === 0) return (b.events as readonly EventWrite[])[0].contactId;
  if (events === 0 && contacts === 1) return (b.contacts as readonly ContactWrite[])[0].id;
  return null;
}

const laneOf = (opts: ReadOptions): Lane => (opts.background ? 'background' : 'foreground');

function keysOf(states: Iterable<ContactState>): Map<string, number> {
  const out = new Map<string, number>();
  for (const st of states) out.set(st.id, st.key);
  return out;
}

const NO_NAMES: ReadonlySet<string> = new Set();

const NOTHING_TOUCHED: Touched = { events: new Set(), fields: new Set() };

/** A decided contact waiting for its next instant (see `unscheduled`). */
interface Unscheduled {
  readonly st: ContactState;
  readonly at: number;
  readonly only: ReadonlySet<string> | undefined;
  /** Its memberships as decided at `at`. */
  readonly member: ReadonlySet<string>;
}

/** A contact's data whose events are unpacked only as far as a leaf reads them, each once. */
function lazyEvents(st: ContactState, cache: ContactCache): WalkState {
  return new CachedData(cache.record(st), st.member, st.manual, cache.events(st));
}

/** Read through, not spread: spreading would unpack every event. */
class CachedData extends ReadThrough implements WalkState {
  constructor(contact: WalkState['contact'], readonly member: WalkState['member'], readonly manual: WalkState['manual'], view: EventView) {
    super(contact, view);
  }
}

/** Add the contact's membership changes to `out`; whether there were any. */
function addDifference(out: (MembershipChange & { cause: ChangeCause })[], plan: SegmentPlan, id: string, before: ReadonlySet<string>, after: ReadonlySet<string>, at: number, cause: ChangeCause,
  only?: ReadonlySet<string>): boolean {
  const n = out.length;
  // A decision of `only` kept every other membership as it was; `only` is in the plan's order.
  for (const alias of only ?? plan.aliases) {
    const was = before.has(alias), is = after.has(alias);
    if (was !== is) out.push({ segment: alias, contactId: id, change: is ? 'entered' : 'left', at, cause });
  }
  return out.length > n;
}

