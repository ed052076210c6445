import type { Condition } from '../condition/types.js';
import { SegmintError, issue, renderIssue, type Issue } from '../errors.js';
import { evaluate, explain, type EvalEnv, type Trace } from '../evaluate/index.js';
import { FieldRegistry, parseFieldDefs, type FieldDef } from '../fields/index.js';
import { bindCondition, type Bound } from '../plan/index.js';
import { compileMembers, type CompiledQuery } from '../sql/index.js';
import { isValidTimeZone } from '../time/index.js';
import type { ChangeCause, ChangeTimes, RebuildResult, SegmentDef, Store } from '../store/index.js';
import { CLI, recordVersions, type SavedBy } from '../store/versions.js';
import { boundaryTimes } from './boundary.js';
import {
  aliasFromName, findCycle, parseConditionText, parseDefinitions, referencedSegments, topologicalOrder, type ParsedDefinition,
} from './definitions.js';

export interface SegmentSummary extends SegmentDef {
  readonly members: number;
}

export interface RebuildReport extends RebuildResult {
  readonly alias: string;
  readonly ms: number;
  /** Not recomputed: nothing it depends on changed since it was computed in this process. */
  readonly unchanged?: boolean;
}

/**
 * What each segment was last computed from, per store, in this process. A segment whose
 * definition, data, clock, zone and references are all as they were then has, by
 * construction, the same members: a rebuild may skip it (`full` recomputes anyway).
 */
const computedFrom = new WeakMap<Store, Map<string, string>>();

/** One workspace: a store, a clock and the rules of SEGMENT-LANGUAGE.md. */
export class Workspace {
  private constructor(readonly store: Store, readonly now: number, readonly tz: string) {}

  static async open(store: Store, now: number): Promise<Workspace> {
    return new Workspace(store, now, (await store.getSetting('timezone')) ?? 'UTC');
  }

  async setTimezone(tz: string): Promise<void> {
    if (!isValidTimeZone(tz)) throw new SegmintError(issue('invalid_value', `"${tz}" is not an IANA time zone (e.g. Europe/Zurich)`, 'timezone'));
    await this.store.setSetting('timezone', tz);
  }

  async settings(): Promise<Record<string, string>> {
    return { timezone: (await this.store.getSetting('timezone')) ?? 'UTC' };
  }

  async applyFields(input: unknown): Promise<{ added: number; updated: number }> {
    const r = parseFieldDefs(input);
    if (!r.ok) throw new SegmintError(r.errors);
    return this.store.applyFields(r.value);
  }

  async fields(): Promise<FieldDef[]> {
    return this.store.listFields();
  }

  async registry(): Promise<FieldRegistry> {
    return new FieldRegistry(await this.store.listFields());
  }

  /** Bind a condition at this workspace's clock; `known` says which segment aliases exist. */
  async bind(c: Condition, known?: (alias: string) => boolean): Promise<Bound> {
    const fields = await this.registry();
    let exists = known;
    if (!exists) {
      const aliases = new Set((await this.store.listSegments()).map((s) => s.alias));
      exists = (a) => aliases.has(a);
    }
    const r = bindCondition(c, { fields, now: this.now, tz: this.tz, segmentExists: exists });
    if (!r.ok) throw new SegmintError(r.errors);
    return r.value;
  }

  /** Validate definitions against the workspace without saving: the defs to save, or every issue. */
  async check(input: unknown): Promise<{ defs: SegmentDef[]; errors: Issue[] }> {
    const { defs: parsed, errors } = parseDefinitions(input);
    const existing = await this.store.listSegments();
    const byAlias = new Map(existing.map((s) => [s.alias, s]));
    const fields = await this.registry();
    const defs: SegmentDef[] = [];
    const taken = new Set(byAlias.keys());
    const batch = new Map<string, ParsedDefinition>();
    for (const p of parsed) {
      const alias = p.alias ?? this.generateAlias(p.name, byAlias, taken);
      if (batch.has(alias)) errors.push(issue('conflict', `alias "${alias}" appears twice in this file`, p.at ? `${p.at}.alias` : 'alias'));
      batch.set(alias, p);
      taken.add(alias);
    }
    const known = (a: string): boolean => byAlias.has(a) || batch.has(a);
    const graph = new Map<string, string[]>();
    for (const s of existing) graph.set(s.alias, referencedSegments(s.condition));
    for (const [alias, p] of batch) graph.set(alias, referencedSegments(p.condition));
    for (const [alias, p] of batch) {
      if (p.condition) {
        const r = bindCondition(p.condition, { fields, now: this.now, tz: this.tz, segmentExists: known });
        const base = p.at ? `${p.at}.condition` : 'condition';
        if (!r.ok) errors.push(...r.errors.map((e) => ({ ...e, path: e.path === '(root)' ? base : `${base}.${e.path}`.replace('.[', '[') })));
      }
      const cycle = findCycle(graph, alias);
      if (cycle) errors.push(issue('cycle', `segment references form a cycle: ${cycle.join(' → ')}`, p.at ? `${p.at}.condition` : 'condition'));
      const old = byAlias.get(alias);
      defs.push({
        alias, name: p.name, description: p.description, category: p.category, kind: p.kind, condition: p.condition,
        createdAt: old?.createdAt ?? this.now, updatedAt: this.now,
      });
    }
    return { defs, errors: dedupe(errors) };
  }

  /** A generated alias; a segment of the same name already holding it is the same segment. */
  private generateAlias(name: string, existing: ReadonlyMap<string, SegmentDef>, taken: ReadonlySet<string>): string {
    const base = aliasFromName(name);
    for (let i = 1; ; i++) {
      const alias = i === 1 ? base : `${base}_${i}`;
      if (existing.get(alias)?.name === name) return alias;
      if (!taken.has(alias)) return alias;
    }
  }

  /**
   * Save definitions (create or update by alias), then bring their membership up to date.
   * Each changed definition is kept as a new version, saved by `opts.savedBy` (default: the CLI).
   */
  async applySegments(input: unknown, opts: { savedBy?: SavedBy; restoredFrom?: number } = {}): Promise<{ saved: SegmentDef[]; rebuilt: RebuildReport[] }> {
    const { defs, errors } = await this.check(input);
    if (errors.length) throw new SegmintError(errors);
    const existed = new Set((await this.store.listSegments()).map((s) => s.alias));
    await this.store.transaction(async () => {
      await this.store.saveSegments(defs);
      await recordVersions(this.store, defs, { savedAt: this.now, savedBy: opts.savedBy ?? CLI, restoredFrom: opts.restoredFrom, existed });
    });
    const rebuilt = await this.rebuild(defs.map((d) => d.alias), { dependencies: false, cause: 'definition' });
    return { saved: defs, rebuilt };
  }

  async segments(): Promise<SegmentSummary[]> {
    const counts = await this.store.memberCounts();
    return (await this.store.listSegments()).map((s) => ({ ...s, members: counts.get(s.alias) ?? 0 }));
  }

  async segment(alias: string): Promise<SegmentDef> {
    const s = (await this.store.listSegments()).find((x) => x.alias === alias);
    if (!s) throw new SegmintError(issue('not_found', `no segment with alias "${alias}"`, alias));
    return s;
  }

  async deleteSegment(alias: string): Promise<void> {
    await this.segment(alias);
    const referrers = (await this.store.listSegments()).filter((s) => referencedSegments(s.condition).includes(alias)).map((s) => s.alias);
    if (referrers.length) {
      throw new SegmintError(issue('referenced', `segment "${alias}" is referenced by ${referrers.join(', ')}; change those first`, alias));
    }
    await this.store.deleteSegment(alias);
  }

  /**
   * Rebuild segments in dependency order: the given ones (all when empty), the segments
   * that reference them, and (unless told otherwise) what they reference, so every
   * segment condition reads memberships computed at the same clock.
   */
  async rebuild(aliases: readonly string[] = [], opts: { dependencies?: boolean; full?: boolean; cause?: ChangeCause } = {}): Promise<RebuildReport[]> {
    const all = await this.store.listSegments();
    const byAlias = new Map(all.map((s) => [s.alias, s]));
    for (const a of aliases) if (!byAlias.has(a)) throw new SegmintError(issue('not_found', `no segment with alias "${a}"`, a));
    const graph = new Map(all.map((s) => [s.alias, referencedSegments(s.condition)]));
    let wanted = new Set(aliases.length ? aliases : all.map((s) => s.alias));
    if (aliases.length) wanted = closure(wanted, graph, opts.dependencies !== false);
    const reports: RebuildReport[] = [];
    let memo = computedFrom.get(this.store);
    if (!memo) computedFrom.set(this.store, (memo = new Map()));
    const counts = await this.store.memberCounts();
    // One transaction for the whole rebuild: segments that read each other's memberships
    // never see half of it, and the store writes its log once instead of per segment.
    const computed = new Map<string, string>();
    const known = (a: string): string | null => computed.get(a) ?? memo.get(a) ?? null;
    await this.store.transaction(async () => {
      for (const alias of topologicalOrder(graph)) {
        if (!wanted.has(alias)) continue;
        const s = byAlias.get(alias) as SegmentDef;
        const started = performance.now();
        const inputs = JSON.stringify([s.kind, s.condition, this.store.dataVersion(), this.now, this.tz, (graph.get(alias) ?? []).map(known)]);
        if (!opts.full && known(alias) === inputs) {
          reports.push({ alias, entered: 0, left: 0, total: counts.get(alias) ?? 0, ms: performance.now() - started, unchanged: true });
          continue;
        }
        const query = s.condition ? await this.compile(s.condition, (a) => byAlias.has(a)) : null;
        const r = await this.store.rebuildMembership(alias, query, this.now, s.condition ? this.changeTimes(alias, s.condition, byAlias) : undefined, opts.cause);
        computed.set(alias, inputs);
        reports.push({ alias, ...r, ms: performance.now() - started });
      }
    });
    // Remembered only once written: a failed rebuild leaves nothing to trust.
    for (const [a, inputs] of computed) memo.set(a, inputs);
    return reports;
  }

  /** Boundary times of time-driven changes (§7); hand-made and data-driven ones carry the clock. */
  private changeTimes(alias: string, condition: Condition, segments: ReadonlyMap<string, SegmentDef>): ChangeTimes {
    return async (diff, evaluatedAt) => {
      if (evaluatedAt === null || evaluatedAt >= this.now) return new Map();
      const manual = await this.store.manual(alias);
      const byHand = new Set([...manual.include, ...manual.exclude]);
      const changed = diff.filter((d) => !byHand.has(d.contactId));
      if (!changed.length) return new Map();
      const wasMember = new Map(changed.map((d) => [d.contactId, d.change === 'left']));
      const loaded = await this.store.loadContacts(changed.map((d) => d.contactId));
      const memberships = await this.membershipSets(referencedSegments(condition));
      return boundaryTimes(
        {
          condition, fields: await this.registry(), tz: this.tz, from: evaluatedAt, to: this.now,
          isMember: (a, id) => memberships.get(a)?.has(id) ?? false, segmentExists: (a) => segments.has(a),
        },
        loaded.map((l) => ({ ...l, wasMember: wasMember.get(l.contact.id) ?? false })),
      );
    };
  }

  async members(alias: string): Promise<string[]> {
    await this.segment(alias);
    return this.store.members(alias);
  }

  /** Include or exclude by hand (§7), then update the segment and what depends on it. */
  async setManual(alias: string, ids: readonly string[], mode: 'include' | 'exclude' | 'reset'): Promise<RebuildReport[]> {
    await this.segment(alias);
    if (!ids.length) throw new SegmintError(issue('invalid_argument', 'give at least one contact id', 'ids'));
    const known = await this.store.existingContactIds(ids);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new SegmintError(issue('not_found', `unknown contact id${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 10).join(', ')}`, 'ids'));
    await this.store.setManual(alias, ids, mode);
    return this.rebuild([alias], { dependencies: false, cause: 'manual' });
  }

  /** Parse DSL text or JSON condition text. */
  parseConditionText(text: string): Condition {
    return parseConditionText(text);
  }

  /** A condition as this store's SQL at this clock; `known` as for `bind`. */
  private async compile(c: Condition, known?: (alias: string) => boolean): Promise<CompiledQuery> {
    return compileMembers(await this.bind(c, known), this.store.dialect, this);
  }

  /** The live preview count of a condition that is not saved. */
  async count(c: Condition): Promise<number> {
    return this.store.countQuery(await this.compile(c));
  }

  /** Ids matching a condition through the SQL path (not saved). */
  async query(c: Condition): Promise<string[]> {
    return this.store.queryIds(await this.compile(c));
  }

  /** Why a contact is in or out of a segment: every node, with what it saw. */
  async explain(alias: string, contactId: string): Promise<{ member: boolean; matches: boolean; manual: 'include' | 'exclude' | null; trace: Trace | null; condition: Condition | null }> {
    const s = await this.segment(alias);
    const [loaded] = await this.store.loadContacts([contactId]);
    if (!loaded) throw new SegmintError(issue('not_found', `no contact with id "${contactId}"`, contactId));
    const manual = await this.store.manual(alias);
    const mode = manual.include.includes(contactId) ? 'include' : manual.exclude.includes(contactId) ? 'exclude' : null;
    let trace: Trace | null = null;
    let matches = false;
    if (s.condition) {
      const bound = await this.bind(s.condition);
      const env = await this.envFor(loaded.contact, loaded.events, referencedSegments(s.condition));
      trace = explain(bound, env);
      matches = trace.result;
    }
    return { member: mode === 'include' || (mode === null && matches), matches, manual: mode, trace, condition: s.condition };
  }

  /** Evaluate a condition in memory for every contact (the in-memory executor over the workspace). */
  async evaluateAll(c: Condition): Promise<string[]> {
    const bound = await this.bind(c);
    const out: string[] = [];
    const memberships = await this.membershipSets(referencedSegments(c));
    for (const { contact, events } of await this.store.loadContacts()) {
      const env: EvalEnv = { contact, events, now: this.now, tz: this.tz, isMember: (a, id) => memberships.get(a)?.has(id) ?? false };
      if (evaluate(bound, env)) out.push(contact.id);
    }
    return out;
  }

  private async membershipSets(aliases: readonly string[]): Promise<Map<string, Set<string>>> {
    const m = new Map<string, Set<string>>();
    for (const a of aliases) m.set(a, new Set(await this.store.members(a)));
    return m;
  }

  private async envFor(contact: EvalEnv['contact'], events: EvalEnv['events'], refs: readonly string[]): Promise<EvalEnv> {
    const member = new Map<string, boolean>();
    for (const a of refs) member.set(a, await this.store.isMember(a, contact.id));
    return { contact, events, now: this.now, tz: this.tz, isMember: (a) => member.get(a) ?? false };
  }
}

function closure(start: Set<string>, graph: ReadonlyMap<string, readonly string[]>, withDependencies: boolean): Set<string> {
  const out = new Set(start);
  const referrers = new Map<string, string[]>();
  for (const [a, refs] of graph) for (const r of refs) referrers.set(r, [...(referrers.get(r) ?? []), a]);
  const grow = (next: (a: string) => readonly string[]): void => {
    const queue = [...out];
    while (queue.length) {
      const a = queue.pop() as string;
      for (const b of next(a)) if (!out.has(b)) { out.add(b); queue.push(b); }
    }
  };
  if (withDependencies) grow((a) => graph.get(a) ?? []);
  grow((a) => referrers.get(a) ?? []);
  return out;
}

function dedupe(errors: Issue[]): Issue[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = renderIssue(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
