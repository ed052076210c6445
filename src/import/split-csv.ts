import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { ByteRange } from './rows.js';

// A CSV record may span lines (a quoted value can hold newlines), so a CSV file cannot be
// cut at any newline. RFC 4180 doubles every quote inside a quoted value, so a newline
// ends a record exactly when an even number of quotes comes before it. One pass over the
// bytes up to the last cut finds such newlines, counts the lines of each part (for the
// line numbers of rejected rows) and checks that every quote stands where RFC 4180 allows
// one. If one does not, the file is not split: read in one part, the parser refuses the
// record holding that quote and goes on, whatever the file's size.

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * At most `parts` ranges of about equal size, each ending after a newline between
 * records; parts after the first carry the header's column names. One range for a file
 * with one record or a quote out of place.
 */
export function splitCsvRecords(path: string, parts: number): ByteRange[] {
  const size = statSync(path).size;
  const whole: ByteRange[] = [{ start: 0, end: size }];
  if (parts < 2) return whole;
  const fd = openSync(path, 'r');
  try {
    const cuts: { at: number; lines: number }[] = [];
    const buf = Buffer.alloc(1 << 20);
    let quoted = false;
    let prev = LF; // the file starts as if after a newline
    let lines = 0; // newlines since the last cut
    let headerEnd = -1;
    let target = Math.floor(size / parts);
    let pos = 0;
    while (cuts.length < parts - 1) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      const bom = pos === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
      for (let i = bom ? 3 : 0; i < n; i++) {
        const b = buf[i];
        if (b === QUOTE) {
          // Opening: at a value's start, or the second quote of a doubled pair.
          if (!quoted && prev !== COMMA && prev !== LF && prev !== CR && prev !== QUOTE) return whole;
          quoted = !quoted;
        } else if (!quoted && prev === QUOTE && b !== COMMA && b !== LF && b !== CR) {
          return whole; // a closing quote followed by more of the value
        } else if (b === LF) {
          lines++;
          if (!quoted) {
            const at = pos + i + 1;
            if (headerEnd < 0) headerEnd = at;
            else if (at >= target && at < size) {
              cuts.push({ at, lines });
              lines = 0;
              target = Math.floor((size * (cuts.length + 1)) / parts);
              if (cuts.length === parts - 1) break;
            }
          }
        }
        prev = b;
      }
      pos += n;
    }
    if (!cuts.length) return whole;
    const header = readHeader(fd, headerEnd);
    const ranges: ByteRange[] = [];
    let start = 0;
    for (const [i, c] of cuts.entries()) {
      ranges.push({ start, end: c.at, lines: c.lines, ...(i === 0 ? {} : { columns: header }) });
      start = c.at;
    }
    ranges.push({ start, end: size, columns: header });
    return ranges;
  } finally {
    closeSync(fd);
  }
}

function readHeader(fd: number, end: number): string[] {
  const text = Buffer.alloc(end);
  readSync(fd, text, 0, end, 0);
  const rows = parse(text, { bom: true }) as string[][];
  return rows[0] ?? [];
}
