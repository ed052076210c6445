import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { importContacts, importEvents, type ImportSummary } from '../../import/index.js';
import type { App, AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { LIMITS, commonErrors, json, unprocessable } from '../schemas.js';

// File imports over HTTP: the body is an NDJSON or CSV file, streamed to a temporary
// file under its own size limit and imported as `segmint import` would, through the live
// workspace (memberships follow before the answer). Good rows are kept; the answer lists
// every rejected row with its line, reasons and the record as read.

const ImportResult = z.object({
  read: z.number().int(), imported: z.number().int(), updated: z.number().int(), rejected: z.number().int(),
  duplicates: z.number().int(), contactsCreated: z.number().int(), fieldsCreated: z.array(z.string()),
  rejects: z.array(z.object({ line: z.number().int(), reasons: z.array(z.string()), record: z.unknown().optional() })),
  segmentsRebuilt: z.number().int().openapi({ description: 'Segments brought up to date after the import' }),
}).openapi('ImportResult');

const Query = z.object({
  format: z.enum(['ndjson', 'csv']).optional().openapi({ description: 'Default: from the Content-Type (text/csv is CSV, anything else NDJSON)' }),
  createFields: z.enum(['true', 'false']).optional().openapi({ description: 'Contacts only: declare unknown columns as fields with an inferred type' }),
});

const body = {
  required: true,
  content: {
    'application/x-ndjson': { schema: z.string().openapi({ description: 'One JSON object a line' }) },
    'text/csv': { schema: z.string().openapi({ description: 'A header row, then one record a row' }) },
  },
};

/** Stream the request body into `path`, refusing it (413) past `max` bytes. */
async function saveBody(stream: ReadableStream<Uint8Array> | null, path: string, max: number): Promise<void> {
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => { out.on('finish', resolve); out.on('error', reject); });
  let size = 0;
  try {
    if (stream) {
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > max) throw new HttpError(413, 'payload_too_large', `the import body is over ${max} bytes (100 MiB); split the file`, 'body');
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
    }
  } finally {
    out.end();
    await done;
  }
}

/** Rejected rows with the record each one held, from the rejects file the import wrote. */
async function rejectsWithRecords(s: ImportSummary): Promise<{ line: number; reasons: string[]; record?: unknown }[]> {
  if (!s.rejectsFile) return s.rejects;
  const text = await readFile(s.rejectsFile, 'utf8').catch(() => '');
  // The rows travel in the answer; the file belongs to this upload alone.
  await rm(s.rejectsFile, { force: true });
  const records = new Map<number, unknown>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { line: number; record?: unknown };
    records.set(r.line, r.record);
  }
  return s.rejects.map((r) => ({ ...r, record: records.get(r.line) ?? null }));
}

export function registerImportRoutes(app: App, { live, metrics }: AppContext): void {
  for (const kind of ['contacts', 'events'] as const) {
    app.openapi(createRoute({
      method: 'post', path: `/api/v1/imports/${kind}`, tags: ['imports'], summary: `Import a file of ${kind} (NDJSON or CSV)`,
      description: `The body is the file itself, up to 100 MiB (\`Content-Type: application/x-ndjson\` or \`text/csv\`, or \`?format=\`). Bad rows are refused on their own; good rows are kept. The same formats as \`segmint import ${kind}\`.`,
      request: { query: kind === 'contacts' ? Query : Query.omit({ createFields: true }), body },
      responses: { 200: json(ImportResult, 'The import summary'), ...commonErrors, 422: unprocessable },
    }), async (c) => {
      const q = c.req.valid('query') as z.infer<typeof Query>;
      const type = c.req.header('content-type') ?? '';
      const format = q.format ?? (/^text\/csv\b/i.test(type) ? 'csv' : 'ndjson');
      const dir = await mkdtemp(join(tmpdir(), 'segmint-upload-'));
      try {
        const file = join(dir, `${kind}.${format}`);
        await saveBody(c.req.raw.body, file, LIMITS.importBytes);
        const opts = { format, createFields: q.createFields === 'true' } as const;
        const { summary, segments } = await live.mutate(async (ws) => ({
          summary: kind === 'contacts' ? await importContacts(ws, file, opts) : await importEvents(ws, file, opts),
          segments: (await ws.segments()).length,
        }));
        if (kind === 'events') {
          metrics.eventsAccepted.inc(summary.imported + summary.duplicates);
          if (summary.rejected) metrics.eventsRejected.inc({ reason: 'invalid' }, summary.rejected);
        }
        const { file: _file, rejectsFile: _rejectsFile, ...rest } = summary;
        return c.json({ ...rest, rejects: await rejectsWithRecords(summary), segmentsRebuilt: summary.imported || summary.updated ? segments : 0 }, 200);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
}
