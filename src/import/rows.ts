import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { parse } from 'csv-parse';
import { lossyNumberIn, lossyNumberMessage } from '../ingest/exact-numbers.js';

// A file of records, one per line (NDJSON) or per CSV row after a header, read as a
// stream with the line number each record starts on.

/** How deep a line's numbers are checked for lost digits (as deep as the API reads a body). */
const LINE_DEPTH = 256;

export interface SourceRow {
  readonly line: number;
  /** The record, or null when the line itself could not be read. */
  readonly record: Record<string, unknown> | null;
  readonly error?: string;
  /** Bytes of the file consumed so far (for progress). */
  readonly bytes: number;
}

export type Format = 'ndjson' | 'csv';

/** Rows read in one go, and how many lines of the file (or range) are consumed so far. */
export interface RowBatch {
  readonly rows: SourceRow[];
  readonly lines: number;
}

export function formatOf(path: string): Format {
  return /\.csv$/i.test(path) ? 'csv' : 'ndjson';
}

/** A byte range of a file that starts at a line (a record, for CSV) and ends after a newline or at the end. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
  /** CSV ranges after the first: the file's column names, which the range does not hold. */
  readonly columns?: readonly string[];
  /** Lines in the range, when the splitter counted them (a CSV record may span lines). */
  readonly lines?: number;
}

/**
 * Records in file order, a batch at a time (one promise per batch, not per row). With a
 * range, line numbers count from the range's first line.
 */
export async function* readRows(path: string, format: Format = formatOf(path), range?: ByteRange): AsyncGenerator<RowBatch> {
  if (format === 'csv') {
    const first = !range || range.start === 0;
    const source = createReadStream(path, range ? { start: range.start, end: range.end - 1 } : {});
    // A record the parser cannot read (a wrong number of values, a quote after a quoted
    // value) is refused on its own, as a line of bad JSON is, and reading goes on. A quote
    // inside an unquoted value is part of the value (`37°36'37.8"N`, `12" pizza`), as
    // spreadsheets write it and other readers take it.
    const parser = source.pipe(parse({
      columns: range?.columns ? [...range.columns] : true, info: true, bom: first, skip_empty_lines: true,
      relax_column_count: false, relax_quotes: true, skip_records_with_error: true,
    }));
    let bytes = 0;
    const skipped: SourceRow[] = [];
    parser.on('skip', (err: Error & { lines?: number }) => skipped.push({ line: err.lines ?? 0, record: null, error: `CSV: ${err.message}`, bytes }));
    try {
      let batch: SourceRow[] = [];
      for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
        bytes = item.info.bytes;
        if (skipped.length) batch.push(...skipped.splice(0));
        batch.push({ line: item.info.lines, record: item.record, bytes });
        if (batch.length >= 2048) { yield { rows: batch, lines: item.info.lines }; batch = []; }
      }
      batch.push(...skipped.splice(0));
      if (batch.length) yield { rows: batch, lines: Math.max(...batch.map((r) => r.line)) };
    } catch (e) {
      const err = e as { message: string; lines?: number };
      yield { rows: [{ line: err.lines ?? 0, record: null, error: `CSV: ${err.message}`, bytes: 0 }], lines: err.lines ?? 0 };
    }
    return;
  }
  let n = 0;
  let bytes = 0;
  for await (const chunk of lines(path, range)) {
    const batch: SourceRow[] = [];
    for (const text of chunk) {
      n++;
      bytes += text.length + 1;
      const t = text.trim();
      if (!t) continue;
      try {
        const v: unknown = JSON.parse(t);
        if (v === null || typeof v !== 'object' || Array.isArray(v)) {
          batch.push({ line: n, record: null, error: 'expected one JSON object on the line', bytes });
        } else {
          const lossy = lossyNumberIn(t, '', LINE_DEPTH);
          batch.push(lossy ? { line: n, record: null, error: lossyNumberMessage(lossy), bytes } : { line: n, record: v as Record<string, unknown>, bytes });
        }
      } catch (e) {
        batch.push({ line: n, record: null, error: `invalid JSON: ${(e as Error).message}`, bytes });
      }
    }
    yield { rows: batch, lines: n };
  }
}

/**
 * Lines of a UTF-8 file (or of a range of it), a read chunk at a time. Each chunk is cut
 * after its last newline byte (never inside a character: no byte of a multi-byte UTF-8
 * sequence is below 0x80). An all-ASCII chunk (checked with simdutf) is taken as Latin-1,
 * a plain copy, whose strings are one byte a character; otherwise each line is, unless it
 * holds other characters. A UTF-8 decoder with string concatenation took 5–7 s of a
 * worker's time on M's 750 MB of events, this ~1 s; on contacts, where a few lines in each
 * chunk hold an "ü", decoding line by line was 7× faster than the chunk at once and left
 * JSON.parse one-byte strings (a third faster on them). Bytes that are not UTF-8 become
 * U+FFFD, as before.
 */
async function* lines(path: string, range?: ByteRange): AsyncGenerator<string[]> {
  if (range && range.end <= range.start) return;
  const bounds = range ? { start: range.start, end: range.end - 1 } : {};
  // What follows the last newline so far: joined once a newline comes (a long line is copied once).
  const rest: Buffer[] = [];
  for await (const read of createReadStream(path, { highWaterMark: 1 << 20, ...bounds })) {
    const b = read as Buffer;
    const end = b.lastIndexOf(10);
    if (end < 0) { rest.push(b); continue; }
    const head = rest.length ? Buffer.concat([...rest.splice(0), b.subarray(0, end)]) : b.subarray(0, end);
    if (end + 1 < b.length) rest.push(b.subarray(end + 1));
    yield linesOf(head);
  }
  if (rest.length) yield linesOf(Buffer.concat(rest));
}

/** The lines of whole lines' bytes (the last one without its newline), without a trailing `\r`. */
function linesOf(b: Buffer): string[] {
  const out = isAscii(b) ? b.toString('latin1').split('\n') : decodeLines(b);
  for (let i = 0; i < out.length; i++) if (out[i].endsWith('\r')) out[i] = out[i].slice(0, -1);
  return out;
}

function decodeLines(b: Buffer): string[] {
  const out: string[] = [];
  for (let start = 0; ;) {
    const nl = b.indexOf(10, start);
    const line = b.subarray(start, nl < 0 ? b.length : nl);
    out.push(line.toString(isAscii(line) ? 'latin1' : 'utf8'));
    if (nl < 0) return out;
    start = nl + 1;
  }
}

/**
 * Split an NDJSON file into at most `parts` ranges of about equal size, each starting at
 * a line; a line is never cut, so each range can be read on its own.
 */
export function splitLines(path: string, parts: number): ByteRange[] {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const cuts = [0];
    const probe = Buffer.alloc(1 << 16);
    for (let i = 1; i < parts; i++) {
      let pos = Math.max(Math.floor((size * i) / parts), cuts[cuts.length - 1]);
      // The cut goes just after the next newline at or beyond the even split.
      for (;;) {
        const n = readSync(fd, probe, 0, probe.length, pos);
        if (n === 0) { pos = size; break; }
        const nl = probe.subarray(0, n).indexOf(10);
        if (nl >= 0) { pos += nl + 1; break; }
        pos += n;
      }
      cuts.push(pos);
    }
    cuts.push(size);
    const ranges: ByteRange[] = [];
    for (let i = 0; i < cuts.length - 1; i++) if (cuts[i + 1] > cuts[i]) ranges.push({ start: cuts[i], end: cuts[i + 1] });
    return ranges;
  } finally {
    closeSync(fd);
  }
}
