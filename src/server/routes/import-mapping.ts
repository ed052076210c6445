import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { FieldRegistry } from '../../fields/index.js';
import { importContacts, importEvents } from '../../import/index.js';
import type { Format } from '../../import/rows.js';
import { importRejects, saveImportRejects, MAX_KEPT, type KeptReject } from '../../store/import-rejects.js';
import { randomBase62 } from '../../store/keys.js';
import { checkMapping, completeMapping, type ImportKind, type Mapping } from '../../web-api/column-mapping.js';
import { PREVIEW_ROWS, SAMPLE_ROWS, preview, readSample, recordsAt, rewrite, sniffFormat, targetsFor } from '../../web-api/mapped-import.js';
import type { App, AppContext } from '../context.js';
import { HttpError, notFound, type ErrorIssue } from '../errors.js';
import { LIMITS, commonErrors, json, notFoundResponse, unprocessable } from '../schemas.js';

// Imports with column mapping, for an upload screen: a preview that suggests a target for
// each column and checks the first rows cell by cell, then the import with the columns
// renamed or skipped as mapped (optionally creating fields for new targets), answered
// with its summary; its rejected rows stay downloadable for a while.

/** Bytes of the upload a preview reads: send the file or its beginning. */
export const PREVIEW_BYTES = 2 * 1024 * 1024;
/** Rejected rows in the answer; all of them (up to MAX_KEPT) in the download. */
const REJECTS_IN_ANSWER = 1000;

const Kind = z.enum(['contacts', 'events']);

const MappingParam = z.string().max(100_000).optional().openapi({
  description: 'A JSON object: column → target key (a field key; for events contact_id, name, ts, properties, message_id or properties.KEY), or null to skip the column. Columns it does not name keep their own name.',
  example: '{"First Name":"first_name","E-Mail":"email","Notes":null}',
});

const body = {
  required: true,
  content: {
    'text/csv': { schema: z.string().openapi({ description: 'A header row, then one record a row' }) },
    'application/x-ndjson': { schema: z.string().openapi({ description: 'One JSON object a line' }) },
  },
};

const FieldDefView = z.object({ key: z.string(), label: z.string(), type: z.string() });

const PreviewAnswer = z.object({
  kind: Kind,
  format: z.enum(['csv', 'ndjson']),
  columns: z.array(z.object({
    column: z.string(),
    target: z.string().nullable().openapi({ description: 'Suggested (or given) target; null: skipped' }),
    matchedBy: z.enum(['key', 'label', 'name', 'synonym', 'property', 'given']).nullable(),
    create: FieldDefView.nullable().openapi({ description: 'A contacts column no field fits: the field it would become (type inferred from the sampled rows)' }),
    examples: z.array(z.unknown()),
    empty: z.number().int().openapi({ description: 'Sampled rows where it is empty' }),
  })),
  mapping: z.record(z.string(), z.string().nullable()).openapi({ description: 'The mapping the rows were checked with: pass it (edited) to the import' }),
  targets: z.array(z.object({ key: z.string(), label: z.string().nullable(), type: z.string() })).openapi({ description: 'What a column can be mapped to' }),
  rows: z.array(z.object({
    line: z.number().int(),
    values: z.record(z.string(), z.unknown()).nullable(),
    errors: z.record(z.string(), z.array(z.string())).openapi({ description: 'Reasons the import would refuse the row, by column' }),
    rowErrors: z.array(z.string()).openapi({ description: 'Reasons of no one column (a required key no column maps to, an unreadable line)' }),
  })).openapi({ description: `The first ${PREVIEW_ROWS} rows, checked as the import will check them` }),
  sampled: z.number().int().openapi({ description: `Rows read to suggest types (at most ${SAMPLE_ROWS})` }),
  truncated: z.boolean().openapi({ description: `Whether the upload was longer than the ${PREVIEW_BYTES} bytes a preview reads` }),
}).openapi('ImportPreview');

const MappedResult = z.object({
  importId: z.string(),
  read: z.number().int(), imported: z.number().int(), updated: z.number().int(), rejected: z.number().int(),
  duplicates: z.number().int(), contactsCreated: z.number().int(), fieldsCreated: z.array(z.string()),
  rejects: z.array(z.object({ line: z.number().int(), reasons: z.array(z.string()), record: z.record(z.string(), z.unknown()).nullable() }))
    .openapi({ description: `Rejected rows with the line of the upload they are on, its reasons and the record as uploaded (the first ${REJECTS_IN_ANSWER})` }),
  rejectsUrl: z.string().nullable().openapi({ description: 'Where every rejected row can be downloaded (null when none was rejected)' }),
}).openapi('MappedImportResult');

/** The upload into `path`: all of it up to `max` bytes (413 beyond), or with `stopAt` its first bytes, cut after the last newline. */
async function saveUpload(stream: ReadableStream<Uint8Array> | null, path: string, max: number, stopAt?: number): Promise<{ truncated: boolean }> {
  if (!stream) { await writeFile(path, ''); return { truncated: false }; }
  const reader = stream.getReader();
  if (stopAt !== undefined) {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let truncated = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size > stopAt) { truncated = true; await reader.cancel(); break; }
    }
    let buf = Buffer.concat(chunks);
    if (truncated) {
      buf = buf.subarray(0, stopAt);
      const nl = buf.lastIndexOf(10);
      buf = buf.subarray(0, nl + 1);
    }
    await writeFile(path, buf);
    return { truncated };
  }
  const out = createWriteStream(path);
  const finished = new Promise<void>((resolve, reject) => { out.on('finish', resolve); out.on('error', reject); });
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        throw new HttpError(413, 'payload_too_large', `the import body is over ${max} bytes (100 MiB); split the file`, 'body');
      }
      if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  } finally {
    out.end();
    await finished;
  }
  return { truncated: false };
}

function formatOf(query: string | undefined, contentType: string | undefined, file: string): Format {
  if (query === 'csv' || query === 'ndjson') return query;
  if (contentType && /^text\/csv\b/i.test(contentType)) return 'csv';
  if (contentType && /ndjson|jsonl|json-seq/i.test(contentType)) return 'ndjson';
  return sniffFormat(file);
}

/** The `mapping` query parameter: a JSON object of column → target or null. */
function parseMapping(text: string | undefined): Mapping | null {
  if (text === undefined) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'invalid_request', `mapping is not valid JSON: ${(e as Error).message}`, 'query.mapping');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'invalid_request', 'mapping must be a JSON object of column → target (or null to skip)', 'query.mapping');
  const out: Record<string, string | null> = {};
  for (const [k, t] of Object.entries(v)) {
    if (t !== null && (typeof t !== 'string' || !t || t.length > 300)) {
      throw new HttpError(400, 'invalid_request', `the target of column "${k}" must be a key (text) or null, received ${JSON.stringify(t)}`, `query.mapping[${JSON.stringify(k)}]`);
    }
    out[k] = t;
  }
  return out;
}

const QueryBase = {
  format: z.enum(['csv', 'ndjson']).optional().openapi({ description: 'Default: from the Content-Type (text/csv, application/x-ndjson), else from the first character' }),
  mapping: MappingParam,
  createFields: z.enum(['true', 'false']).optional().openapi({ description: 'Contacts: create a field for each target no field has yet, labelled with its column\'s header, its type inferred from every value' }),
};

/** One CSV cell. */
function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function registerImportMappingRoutes(app: App, { live, metrics }: AppContext): void {
  app.openapi(createRoute({
    method: 'post', path: '/api/v1/imports/preview', tags: ['imports'], summary: 'Preview an upload: columns, suggested mapping, first rows checked',
    description: `The body is the file (or its beginning: the first ${PREVIEW_BYTES} bytes are read). Each column gets a suggested target — matched by field key, by label, by normalized name ("First Name" → first_name) or by a common synonym ("E-Mail" → email, "Signup date" → created_at); for events other columns become properties. With \`mapping\`, the rows are checked with it instead (columns it leaves out are suggested). Nothing is stored.`,
    request: { query: z.object({ kind: Kind, ...QueryBase }), body },
    responses: { 200: json(PreviewAnswer, 'The preview'), ...commonErrors },
  }), async (c) => {
    const q = c.req.valid('query');
    const given = parseMapping(q.mapping);
    const dir = await mkdtemp(join(tmpdir(), 'segmint-preview-'));
    try {
      const file = join(dir, 'upload');
      const { truncated } = await saveUpload(c.req.raw.body, file, LIMITS.importBytes, PREVIEW_BYTES);
      const format = formatOf(q.format, c.req.header('content-type'), file);
      const sample = await readSample(file, format, SAMPLE_ROWS, truncated);
      const { declared, tz } = await live.read(async (ws) => ({ declared: await ws.fields(), tz: ws.tz }));
      const p = preview(sample, q.kind, declared, tz, given, q.createFields === 'true', format === 'csv');
      return c.json({ kind: q.kind, format, ...p, targets: targetsFor(q.kind, declared), truncated }, 200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/v1/imports/{kind}/mapped', tags: ['imports'], summary: 'Import an upload with its columns mapped',
    description: `The body is the file (NDJSON or CSV, up to 100 MiB), imported as \`POST /api/v1/imports/{kind}\` would after renaming or skipping its columns as \`mapping\` says. Every target is checked first: an unknown field (without \`createFields=true\`), a computed field or two columns on one target refuse the import (422, path \`query.mapping["COLUMN"]\`) and nothing is stored. Rejected rows carry their line in the upload and the record as uploaded; all of them (up to ${MAX_KEPT}) can be downloaded from \`rejectsUrl\` for 7 days.`,
    request: { params: z.object({ kind: Kind.openapi({ param: { name: 'kind', in: 'path' } }) }), query: z.object(QueryBase), body },
    responses: { 200: json(MappedResult, 'The import summary'), ...commonErrors, 422: unprocessable },
  }), async (c) => {
    const { kind } = c.req.valid('param') as { kind: ImportKind };
    const q = c.req.valid('query');
    const given = parseMapping(q.mapping) ?? {};
    const createFields = q.createFields === 'true';
    if (createFields && kind === 'events') throw new HttpError(400, 'invalid_request', 'createFields applies to contacts only', 'query.createFields');
    const dir = await mkdtemp(join(tmpdir(), 'segmint-mapped-'));
    try {
      const upload = join(dir, 'upload');
      await saveUpload(c.req.raw.body, upload, LIMITS.importBytes);
      const format = formatOf(q.format, c.req.header('content-type'), upload);
      const { declared } = await live.read(async (ws) => ({ declared: await ws.fields() }));
      const columns = (await readSample(upload, format, SAMPLE_ROWS, false)).columns;
      const mapping = completeMapping(given, columns);
      const registry = new FieldRegistry(declared);
      const problems = checkMapping(mapping, kind, registry, createFields);
      if (problems.length) {
        const issues: ErrorIssue[] = problems.map((p) => ({ code: 'invalid_value', message: p.message, path: `query.mapping[${JSON.stringify(p.column)}]` }));
        throw new HttpError(422, 'invalid_value', issues[0].message, issues[0].path, issues);
      }
      const mapped = join(dir, 'mapped.ndjson');
      const rw = await rewrite(upload, format, mapped, kind, mapping, registry, createFields);
      const summary = await live.mutate(async (ws) => {
        if (rw.fields.length) await ws.applyFields(rw.fields);
        const opts = { format: 'ndjson', rejectsPath: join(dir, 'rejects.ndjson') } as const;
        return kind === 'contacts' ? importContacts(ws, mapped, opts) : importEvents(ws, mapped, opts);
      });
      if (kind === 'events') {
        metrics.eventsAccepted.inc(summary.imported + summary.duplicates);
        const bad = summary.rejected + rw.unreadable.length;
        if (bad) metrics.eventsRejected.inc({ reason: 'invalid' }, bad);
      }
      // Rejected lines of the rewritten file are lines of the upload again, beside the unreadable ones.
      const rejected = [
        ...summary.rejects.map((r) => ({ line: rw.lines[r.line - 1] ?? r.line, reasons: r.reasons })),
        ...rw.unreadable,
      ].sort((a, b) => a.line - b.line);
      const originals = await recordsAt(upload, format, new Set(rejected.slice(0, MAX_KEPT).map((r) => r.line)), MAX_KEPT);
      const rejects: KeptReject[] = rejected.map((r) => ({ ...r, record: originals.get(r.line) ?? null }));
      const importId = `imp_${randomBase62(16)}`;
      if (rejects.length) {
        await live.read((ws) => saveImportRejects(ws.store, { id: importId, kind, createdAt: ws.now, rejected: rejects.length, columns: rw.columns, format }, rejects));
      }
      return c.json({
        importId, read: summary.read + rw.unreadable.length, imported: summary.imported, updated: summary.updated, rejected: rejects.length,
        duplicates: summary.duplicates, contactsCreated: summary.contactsCreated,
        fieldsCreated: rw.fields.map((f) => `${f.key} (${f.type})`),
        rejects: rejects.slice(0, REJECTS_IN_ANSWER),
        rejectsUrl: rejects.length ? `/api/v1/imports/${importId}/rejects` : null,
      }, 200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/v1/imports/{id}/rejects', tags: ['imports'], summary: 'Download the rejected rows of a mapped import',
    description: 'NDJSON (`{"line", "reasons", "record"}` a line) or CSV (`line`, `reasons`, then the upload\'s own columns, to fix and upload again). Kept for the latest 20 imports, 7 days at most.',
    request: {
      params: z.object({ id: z.string().regex(/^imp_[0-9A-Za-z]{16}$/, 'must be an import id (imp_…)').openapi({ param: { name: 'id', in: 'path' } }) }),
      query: z.object({ format: z.enum(['csv', 'ndjson']).optional().openapi({ description: 'Default: the upload\'s format' }) }),
    },
    responses: {
      200: { description: 'The rejected rows', content: { 'application/x-ndjson': { schema: z.string() }, 'text/csv': { schema: z.string() } } },
      ...commonErrors, 404: notFoundResponse,
    },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const kept = await live.read((ws) => importRejects(ws.store, id));
    if (!kept) throw notFound(`no rejected rows kept for import "${id}" (they are kept 7 days, for the latest 20 imports)`, 'params.id');
    const format = q.format ?? kept.run.format;
    const name = `${id}.rejects.${format}`;
    if (format === 'ndjson') {
      const text = kept.rejects.map((r) => `${JSON.stringify(r)}\n`).join('');
      return c.body(text, 200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
    }
    const cols = [...kept.run.columns];
    for (const r of kept.rejects) for (const k of Object.keys(r.record ?? {})) if (!cols.includes(k)) cols.push(k);
    const lines = [['line', 'reasons', ...cols].map(csvCell).join(',')];
    for (const r of kept.rejects) lines.push([r.line, r.reasons.join('; '), ...cols.map((k) => r.record?.[k])].map(csvCell).join(','));
    return c.body(`${lines.join('\n')}\n`, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
  });
}
