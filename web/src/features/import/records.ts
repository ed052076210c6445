// A file cut into records without reading their values: for CSV the header and every
// record (a record may span lines inside quotes), for NDJSON every non-empty line; each
// with the line it starts on. Slices of records are sent to the server as they are, so
// what it reads is exactly the file.

export type Format = 'csv' | 'ndjson';

export interface Records {
  readonly format: Format;
  /** CSV: the header line with its line break, sent first in every slice. */
  readonly header: string;
  /** The file's line break, for a last record without one. */
  readonly eol: string;
  /** Start offset of each record in the text, and one past the last. */
  readonly starts: number[];
  /** The line each record starts on (1-based). */
  readonly lines: number[];
  readonly text: string;
}

export function formatOf(name: string, text: string): Format {
  if (/\.(ndjson|jsonl|json)$/i.test(name)) return 'ndjson';
  if (/\.(csv|txt)$/i.test(name)) return 'csv';
  return /^\uFEFF?\s*\{/.test(text) ? 'ndjson' : 'csv';
}

export function splitRecords(name: string, text: string): Records {
  const format = formatOf(name, text);
  const starts: number[] = [];
  const lines: number[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let header = '';
  if (format === 'csv') {
    // The header: up to the first newline outside quotes.
    let quoted = false;
    const begin = i;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') quoted = !quoted;
      else if (ch === '\n' && !quoted) { line++; i++; break; } else if (ch === '\n') line++;
    }
    header = text.slice(begin, i);
    if (!/\n$/.test(header)) header += '\n';
  }
  const eol = /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
  let recordStart = i;
  let startLine = line;
  let quoted = false;
  let blank = true;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (format === 'csv' && ch === '"') quoted = !quoted;
    if (ch === '\n') {
      line++;
      if (!quoted) {
        if (!blank) { starts.push(recordStart); lines.push(startLine); }
        recordStart = i + 1;
        startLine = line;
        blank = true;
        continue;
      }
    }
    if (ch !== '\r' && ch !== ' ' && ch !== '\t' && ch !== '\n') blank = false;
  }
  if (!blank) { starts.push(recordStart); lines.push(startLine); }
  starts.push(text.length);
  return { format, header, eol, starts, lines, text };
}

export const recordCount = (r: Records): number => r.lines.length;

export interface Slice {
  readonly body: string;
  readonly first: number;
  readonly count: number;
  /** The line in the original file of the slice's line 1 (NDJSON) or line 2 (CSV, after its header). */
  readonly lineOffset: number;
}

/** Records `first`..`first+count` as a file of their own (CSV: the header first). */
export function slice(r: Records, first: number, count: number): Slice {
  const end = Math.min(first + count, recordCount(r));
  let body = r.text.slice(r.starts[first], r.starts[end]);
  if (!body.endsWith('\n')) body += r.eol;
  if (r.format === 'csv') body = r.header + body;
  return { body, first, count: end - first, lineOffset: r.lines[first] };
}

/** A line of a slice as a line of the original file (slices keep the file's own line breaks). */
export function originalLine(r: Records, s: Slice, line: number): number {
  const headerLines = r.format === 'csv' ? r.header.split('\n').length - 1 : 0;
  return s.lineOffset + (line - 1 - headerLines);
}
