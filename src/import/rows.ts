import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';

// A file of records, one per line (NDJSON) or per CSV row after a header, read as a
// stream with the line number each record starts on.

export interface SourceRow {
  readonly line: number;
  /** The record, or null when the line itself could not be read. */
  readonly record: Record<string, unknown> | null;
  readonly error?: string;
  /** Bytes of the file consumed so far (for progress). */
  readonly bytes: number;
}

export type Format = 'ndjson' | 'csv';

export function formatOf(path: string): Format {
  return /\.csv$/i.test(path) ? 'csv' : 'ndjson';
}

/** Records in file order, a batch at a time (one promise per batch, not per row). */
export async function* readRows(path: string, format: Format = formatOf(path)): AsyncGenerator<SourceRow[]> {
  if (format === 'csv') {
    const parser = createReadStream(path).pipe(parse({ columns: true, info: true, bom: true, skip_empty_lines: true, relax_column_count: false }));
    try {
      let batch: SourceRow[] = [];
      for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
        batch.push({ line: item.info.lines, record: item.record, bytes: item.info.bytes });
        if (batch.length >= 2048) { yield batch; batch = []; }
      }
      if (batch.length) yield batch;
    } catch (e) {
      const err = e as { message: string; lines?: number };
      yield [{ line: err.lines ?? 0, record: null, error: `CSV: ${err.message}`, bytes: 0 }];
    }
    return;
  }
  let n = 0;
  let bytes = 0;
  for await (const chunk of lines(path)) {
    const batch: SourceRow[] = [];
    for (const text of chunk) {
      n++;
      bytes += text.length + 1;
      const t = text.trim();
      if (!t) continue;
      try {
        const v: unknown = JSON.parse(t);
        if (v === null || typeof v !== 'object' || Array.isArray(v)) batch.push({ line: n, record: null, error: 'expected one JSON object on the line', bytes });
        else batch.push({ line: n, record: v as Record<string, unknown>, bytes });
      } catch (e) {
        batch.push({ line: n, record: null, error: `invalid JSON: ${(e as Error).message}`, bytes });
      }
    }
    yield batch;
  }
}

/** Lines of a UTF-8 file, a read chunk at a time. */
async function* lines(path: string): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = rest + decoder.write(chunk as Buffer);
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    yield parts.map((p) => (p.endsWith('\r') ? p.slice(0, -1) : p));
  }
  rest += decoder.end();
  if (rest) yield [rest];
}
