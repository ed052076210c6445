import type { Condition } from '../condition/types.js';
import type { RebuildReport, SegmentSummary, Workspace } from '../engine/index.js';
import type { Issue } from '../errors.js';
import type { FieldDef, FieldRegistry } from '../fields/index.js';
import { importContacts, importEvents, type ImportOptions, type ImportSummary } from '../import/index.js';
import type { MembershipChange, SegmentDef } from '../store/index.js';
import type { UpcomingChange } from '../realtime/live.js';
import { upcomingFromStore } from '../realtime/upcoming.js';

// What the CLI commands ask of a workspace. Two implementations: the workspace itself,
// opened on the data directory (`localWorkspace`), and a running `segmint serve` on that
// directory, reached over its API (remote.ts). Commands print the same either way.

export type Explanation = Awaited<ReturnType<Workspace['explain']>>;

export interface WorkspaceApi {
  /** The clock every answer is computed at. */
  readonly now: number;
  settings(): Promise<Record<string, string>>;
  setTimezone(tz: string): Promise<void>;
  /** Declared custom fields. */
  fields(): Promise<FieldDef[]>;
  registry(): Promise<FieldRegistry>;
  applyFields(input: unknown): Promise<{ added: number; updated: number }>;
  /** Import a file, then bring every segment up to date: the summary, and how many segments that was. */
  importFile(kind: 'contacts' | 'events', file: string, opts: ImportOptions): Promise<{ summary: ImportSummary; rebuilt: number }>;
  check(input: unknown): Promise<{ defs: readonly { readonly alias: string }[]; errors: Issue[] }>;
  applySegments(input: unknown): Promise<{ saved: SegmentDef[]; rebuilt: RebuildReport[] }>;
  segments(): Promise<SegmentSummary[]>;
  segment(alias: string): Promise<SegmentDef>;
  deleteSegment(alias: string): Promise<void>;
  rebuild(aliases?: readonly string[]): Promise<RebuildReport[]>;
  members(alias: string): Promise<string[]>;
  /** Members with their stored fields, in id order. */
  memberRows(alias: string): Promise<Record<string, unknown>[]>;
  manual(alias: string): Promise<{ include: string[]; exclude: string[] }>;
  changes(alias: string): Promise<MembershipChange[]>;
  setManual(alias: string, ids: readonly string[], mode: 'include' | 'exclude' | 'reset'): Promise<RebuildReport[]>;
  parseConditionText(text: string): Condition;
  count(c: Condition): Promise<number>;
  explain(alias: string, contactId: string): Promise<Explanation>;
  /** Who will enter or leave within `days` without new data, and when. */
  upcoming(alias: string, days: number): Promise<UpcomingChange[]>;
}

/** The workspace itself, opened by this process. */
export function localWorkspace(ws: Workspace): WorkspaceApi {
  return {
    now: ws.now,
    settings: () => ws.settings(),
    setTimezone: (tz) => ws.setTimezone(tz),
    fields: () => ws.fields(),
    registry: () => ws.registry(),
    applyFields: (input) => ws.applyFields(input),
    importFile: async (kind, file, opts) => {
      const summary = kind === 'contacts' ? await importContacts(ws, file, opts) : await importEvents(ws, file, opts);
      // Memberships follow the data: an import leaves every segment current.
      const rebuilt = summary.imported || summary.updated ? await ws.rebuild() : [];
      return { summary, rebuilt: rebuilt.length };
    },
    check: (input) => ws.check(input),
    applySegments: (input) => ws.applySegments(input),
    segments: () => ws.segments(),
    segment: (alias) => ws.segment(alias),
    deleteSegment: (alias) => ws.deleteSegment(alias),
    rebuild: (aliases = []) => ws.rebuild(aliases),
    members: (alias) => ws.members(alias),
    memberRows: async (alias) => {
      await ws.segment(alias);
      return ws.store.memberRows(alias);
    },
    manual: (alias) => ws.store.manual(alias),
    changes: (alias) => ws.store.changes(alias),
    setManual: (alias, ids, mode) => ws.setManual(alias, ids, mode),
    parseConditionText: (text) => ws.parseConditionText(text),
    count: (c) => ws.count(c),
    explain: (alias, id) => ws.explain(alias, id),
    upcoming: (alias, days) => upcomingFromStore(ws.store, alias, ws.now, days),
  };
}
