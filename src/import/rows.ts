import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
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

export async function* readRows(path: string, format: Format = formatOf(path)): AsyncGenerator<SourceRow> {
  if (format === 'csv') {
    const parser = createReadStream(path).pipe(parse({ columns: true, info: true, bom: true, skip_empty_lines: true, relax_column_count: false }));
    try {
      for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
        yield { line: item.info.lines, record: item.record, bytes: item.info.bytes };
      }
    } catch (e) {
      const err = e as { message: string; lines?: number };
      yield { line: err.lines ?? 0, record: null, error: `CSV: ${err.message}`, bytes: 0 };
    }
    return;
  }
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  let bytes = 0;
  for await (const text of lines) {
    n++;
    bytes += Buffer.byteLength(text) + 1;
    const t = text.trim();
    if (!t) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) yield { line: n, record: null, error: 'expected one JSON object on the line', bytes };
      else yield { line: n, record: v as Record<string, unknown>, bytes };
    } catch (e) {
      yield { line: n, record: null, error: `invalid JSON: ${(e as Error).message}`, bytes };
    }
  }
}
