import { createReadStream, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Condition } from '../condition/types.js';
import { parseConditionText } from '../engine/definitions.js';
import type { RebuildReport, SegmentSummary } from '../engine/index.js';
import { SegmintError, issue, type ErrorCode, type Issue } from '../errors.js';
import { FieldRegistry, type FieldDef } from '../fields/index.js';
import type { ImportOptions, ImportSummary } from '../import/index.js';
import type { MembershipChange, SegmentDef } from '../store/index.js';
import type { UpcomingChange } from '../realtime/live.js';
import type { Explanation, WorkspaceApi } from './workspace-api.js';

// The workspace of a running `segmint serve`, over its API: what a CLI command on the
// server's data directory uses instead of opening the store (which the server holds).
// Answers are turned back into what the workspace itself returns, so commands print the
// same either way; the server's error paths (`body.condition.op`) back into the CLI's.

interface ApiSegment {
  alias: string; name: string; description: string | null; category: string | null; kind: 'dynamic' | 'manual';
  condition: Condition | null; members: number; createdAt: string; updatedAt: string;
}

/** How a request's error paths read in the CLI: the body is the file or argument the command was given. */
type PathMap = (path: string) => string;

const asIs: PathMap = (p) => p;
/** A definitions file: `body[2].condition` → `[2].condition`, `body.name` → `name`. */
const definitionsFile: PathMap = (p) => (p === 'body' ? '(root)' : p.replace(/^body\.?/, ''));
/** A fields file: `body[2].options` → `fields[2].options`; a single object is `fields[0]`. */
const fieldsFile: PathMap = (p) => p.replace(/^body(?=\[)/, 'fields').replace(/^body(?=\.|$)/, 'fields[0]');
/** A condition argument: `body.condition.op` → `op`. */
const conditionArg: PathMap = (p) => (p === 'body.condition' ? '(root)' : p.replace(/^body\.condition(\.| \()?/, (_m, sep: string | undefined) => (sep === ' (' ? '(' : '')).replace(/^\((line .*)\)$/, '$1'));

const PAGE = 10_000;

export class RemoteWorkspace implements WorkspaceApi {
  private constructor(private readonly url: string, private readonly token: string, readonly now: number) {}

  /** Connect, and take the server's clock as this command's. */
  static async connect(url: string, token: string): Promise<RemoteWorkspace> {
    const probe = new RemoteWorkspace(url, token, 0);
    const clock = await probe.call<{ now: string }>('GET', '/api/v1/clock');
    return new RemoteWorkspace(url, token, Date.parse(clock.now));
  }

  private async call<T>(method: string, path: string, body?: unknown, paths: PathMap = asIs, raw?: { stream: Readable; type: string }): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let payload: RequestInit['body'];
    if (raw) {
      headers['content-type'] = raw.type;
      payload = Readable.toWeb(raw.stream) as ReadableStream;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, { method, headers, body: payload, ...(raw ? { duplex: 'half' } : {}) } as RequestInit);
    } catch (e) {
      throw new SegmintError(issue('locked', `the segmint server at ${this.url} did not answer (${(e as Error).message}); the data directory is in use by it`, this.url));
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not an answer of this API: said below by its status.
    }
    if (!res.ok) throw new SegmintError(remoteIssues(parsed, res.status, paths));
    return parsed as T;
  }

  async settings(): Promise<Record<string, string>> {
    return this.call('GET', '/api/v1/settings');
  }

  async setTimezone(tz: string): Promise<void> {
    await this.call('PUT', '/api/v1/settings', { timezone: tz }, (p) => (p === 'body.timezone' ? 'timezone' : p));
  }

  async fields(): Promise<FieldDef[]> {
    const all = await this.call<{ key: string; label: string | null; type: FieldDef['type']; options: string[] | null; system: boolean; computed: boolean }[]>('GET', '/api/v1/fields');
    return all.filter((f) => !f.system && !f.computed)
      .map((f) => (f.options ? { key: f.key, label: f.label ?? '', type: f.type, options: f.options } : { key: f.key, label: f.label ?? '', type: f.type }));
  }

  async registry(): Promise<FieldRegistry> {
    return new FieldRegistry(await this.fields());
  }

  async applyFields(input: unknown): Promise<{ added: number; updated: number }> {
    return this.call('POST', '/api/v1/fields', input, fieldsFile);
  }

  async importFile(kind: 'contacts' | 'events', file: string, opts: ImportOptions): Promise<{ summary: ImportSummary; rebuilt: number }> {
    const format = opts.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
    const query = new URLSearchParams({ format });
    if (kind === 'contacts' && opts.createFields) query.set('createFields', 'true');
    const r = await this.call<Omit<ImportSummary, 'file' | 'rejectsFile' | 'rejectsWarning' | 'rejects'> & {
      rejects: { line: number; reasons: string[]; record?: unknown }[]; segmentsRebuilt: number;
    }>('POST', `/api/v1/imports/${kind}?${query}`, undefined, asIs, { stream: createReadStream(file), type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' });
    // Rejected rows come back in the answer; they are written where a local import writes them.
    const written = writeRejects(opts.rejectsPath ?? `${file}.rejects.ndjson`, r.rejects);
    const summary: ImportSummary = {
      file, read: r.read, imported: r.imported, updated: r.updated, rejected: r.rejected, duplicates: r.duplicates,
      contactsCreated: r.contactsCreated, fieldsCreated: r.fieldsCreated, rejectsFile: written.file, rejectsWarning: written.warning,
      rejects: r.rejects.map((x) => ({ line: x.line, reasons: x.reasons })),
    };
    return { summary, rebuilt: r.segmentsRebuilt };
  }

  async check(input: unknown): Promise<{ defs: { alias: string }[]; errors: Issue[] }> {
    const r = await this.call<{ segments: string[]; errors: Issue[] }>('POST', '/api/v1/check', input, definitionsFile);
    return { defs: r.segments.map((alias) => ({ alias })), errors: r.errors };
  }

  async applySegments(input: unknown): Promise<{ saved: SegmentDef[]; rebuilt: RebuildReport[] }> {
    const r = await this.call<{ saved: ApiSegment[]; rebuilt: RebuildReport[] }>('PUT', '/api/v1/segments', input, definitionsFile);
    return { saved: r.saved.map(definition), rebuilt: r.rebuilt };
  }

  async segments(): Promise<SegmentSummary[]> {
    const list = await this.call<ApiSegment[]>('GET', '/api/v1/segments');
    return list.map((s) => ({ ...definition(s), members: s.members }));
  }

  async segment(alias: string): Promise<SegmentDef> {
    return definition(await this.call<ApiSegment>('GET', `/api/v1/segments/${encodeURIComponent(alias)}`, undefined, aliasPath(alias)));
  }

  async deleteSegment(alias: string): Promise<void> {
    await this.call('DELETE', `/api/v1/segments/${encodeURIComponent(alias)}`, undefined, aliasPath(alias));
  }

  async rebuild(aliases: readonly string[] = []): Promise<RebuildReport[]> {
    return (await this.call<{ segments: RebuildReport[] }>('POST', '/api/v1/rebuild', { segments: aliases })).segments;
  }

  private async pages<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: { members: T[]; next: string | null } = await this.call('GET', `${path}${sep}limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(...page.members);
      cursor = page.next;
    } while (cursor);
    return out;
  }

  async members(alias: string): Promise<string[]> {
    await this.segment(alias);
    return this.pages<string>(`/api/v1/segments/${encodeURIComponent(alias)}/members`);
  }

  async memberRows(alias: string): Promise<Record<string, unknown>[]> {
    await this.segment(alias);
    return this.pages<Record<string, unknown>>(`/api/v1/segments/${encodeURIComponent(alias)}/members?fields=true`);
  }

  async manual(alias: string): Promise<{ include: string[]; exclude: string[] }> {
    return (await this.call<{ manual: { include: string[]; exclude: string[] } }>('GET', `/api/v1/segments/${encodeURIComponent(alias)}`, undefined, aliasPath(alias))).manual;
  }

  async changes(alias: string): Promise<MembershipChange[]> {
    const out: MembershipChange[] = [];
    let after = '0';
    for (;;) {
      const page = await this.call<{ changes: { segment: string; contactId: string; change: 'entered' | 'left'; at: string }[]; next: string }>(
        'GET', `/api/v1/changes?segment=${encodeURIComponent(alias)}&after=${after}&limit=${PAGE}`,
      );
      out.push(...page.changes.map((c) => ({ segment: c.segment, contactId: c.contactId, change: c.change, at: Date.parse(c.at) })));
      if (page.changes.length < PAGE) break;
      after = page.next;
    }
    // The order the store lists one segment's log in: by time, then contact.
    return out.sort((a, b) => a.at - b.at || (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0));
  }

  async setManual(alias: string, ids: readonly string[], mode: 'include' | 'exclude' | 'reset'): Promise<RebuildReport[]> {
    return (await this.call<{ rebuilt: RebuildReport[] }>('POST', `/api/v1/segments/${encodeURIComponent(alias)}/${mode}`, { ids }, (p) => (p === 'params.alias' ? alias : p.replace(/^body\./, '')))).rebuilt;
  }

  parseConditionText(text: string): Condition {
    return parseConditionText(text);
  }

  async count(c: Condition): Promise<number> {
    return (await this.call<{ count: number }>('POST', '/api/v1/count', { condition: c }, conditionArg)).count;
  }

  async upcoming(alias: string, days: number): Promise<UpcomingChange[]> {
    const r = await this.call<{ upcoming: { contactId: string; change: 'entered' | 'left'; at: string }[] }>('GET', `/api/v1/segments/${encodeURIComponent(alias)}/upcoming?days=${days}`, undefined, (p) => (p === 'params.alias' ? alias : p === 'query.days' ? '--days' : p));
    return r.upcoming.map((u) => ({ ...u, at: Date.parse(u.at) }));
  }

  async explain(alias: string, contactId: string): Promise<Explanation> {
    return this.call('GET', `/api/v1/segments/${encodeURIComponent(alias)}/explain/${encodeURIComponent(contactId)}`, undefined, (p) => (p === 'params.alias' ? alias : p === 'params.contactId' ? contactId : p));
  }
}

/** A segment the API shows, as the workspace returns it (times in epoch ms). */
function definition(s: ApiSegment): SegmentDef {
  return {
    alias: s.alias, name: s.name, description: s.description, category: s.category, kind: s.kind, condition: s.condition,
    createdAt: Date.parse(s.createdAt), updatedAt: Date.parse(s.updatedAt),
  };
}

/** The API names a missing segment at `params.alias`; the CLI names the alias itself. */
const aliasPath = (alias: string): PathMap => (p) => (p === 'params.alias' ? alias : p);

const CODES = new Set<ErrorCode>([
  'parse_error', 'invalid_condition', 'unknown_field', 'unknown_segment', 'type_mismatch', 'invalid_value', 'invalid_regex',
  'cycle', 'referenced', 'not_found', 'conflict', 'invalid_argument', 'locked', 'busy',
]);

/** The issues of an error answer, as the workspace would have raised them. */
function remoteIssues(body: unknown, status: number, paths: PathMap): Issue[] {
  const e = (body as { error?: { code?: string; message?: string; path?: string; issues?: { code: string; message: string; path: string }[] } } | null)?.error;
  if (!e) return [issue('invalid_argument', `the segmint server answered ${status}`, '')];
  const list = e.issues?.length ? e.issues : [{ code: e.code ?? '', message: e.message ?? '', path: e.path ?? '' }];
  return list.map((i) => issue(CODES.has(i.code as ErrorCode) ? i.code as ErrorCode : 'invalid_argument', i.message, paths(i.path)));
}

/** Rejected rows beside the input, as a local import writes them; an older file there goes first. */
function writeRejects(path: string, rejects: readonly { line: number; reasons: string[]; record?: unknown }[]): { file: string | null; warning: string | null } {
  try {
    if (lstatSync(path).isFile()) rmSync(path, { force: true });
  } catch {
    // Nothing there.
  }
  if (!rejects.length) return { file: null, warning: null };
  try {
    writeFileSync(path, rejects.map((r) => `${JSON.stringify({ line: r.line, reasons: r.reasons, record: r.record })}\n`).join(''));
    return { file: path, warning: null };
  } catch (e) {
    return { file: null, warning: `${rejects.length} rejected rows could not be written (${path}: ${(e as Error).message})` };
  }
}
