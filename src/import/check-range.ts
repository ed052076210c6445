import { FieldRegistry, type FieldDef } from '../fields/index.js';
import { stagedContact, stagedEvent } from '../store/staged.js';
import { LineFile } from './line-file.js';
import { readRows, type ByteRange, type Format } from './rows.js';
import { checkContact, checkEvent } from './validate.js';

// One part of an input file, read, parsed and checked on its own (in a worker thread when
// the file is split): the rows that pass are written as staged lines for the store's bulk
// loader, the rows that fail come back with their reasons.

export interface CheckJob {
  readonly kind: 'contacts' | 'events';
  readonly path: string;
  readonly format: Format;
  /** Null for the whole file. */
  readonly range: ByteRange | null;
  /** Orders this part's rows after every earlier part's. */
  readonly part: number;
  readonly tz: string;
  readonly fields: readonly FieldDef[];
  /** Contact keys in the order of the staged `_present` flags. */
  readonly keys: readonly string[];
  /** Where the staged lines go. */
  readonly out: string;
}

export interface Reject {
  /** Line within the part (the file's line when the part is the whole file). */
  readonly line: number;
  readonly reasons: string[];
  readonly record: unknown;
}

export interface CheckResult {
  /** Lines of the part, blank ones included: later parts' line numbers start after them. */
  readonly lines: number;
  readonly read: number;
  readonly staged: number;
  readonly rejects: Reject[];
}

/** Lines per part stay below this, so `part * PART_SPAN + line` keeps file order. */
const PART_SPAN = 2 ** 32;

export async function checkRange(job: CheckJob, onBytes?: (bytes: number) => void): Promise<CheckResult> {
  const registry = new FieldRegistry(job.fields);
  const stage = job.kind === 'contacts'
    ? (r: Record<string, unknown>, seq: number): string | string[] => {
      const c = checkContact(r, registry, job.tz);
      return c.ok ? stagedContact(c.value, seq, job.keys) : c.reasons;
    }
    : (r: Record<string, unknown>, seq: number): string | string[] => {
      const c = checkEvent(r, job.tz);
      return c.ok ? stagedEvent(c.value, seq) : c.reasons;
    };
  const out = new LineFile(job.out);
  const rejects: Reject[] = [];
  let lines = 0, read = 0, staged = 0;
  try {
    for await (const batch of readRows(job.path, job.format, job.range ?? undefined)) {
      for (const row of batch.rows) {
        read++;
        if (!row.record) { rejects.push({ line: row.line, reasons: [row.error ?? 'unreadable'], record: null }); continue; }
        const line = stage(row.record, job.part * PART_SPAN + row.line);
        if (typeof line === 'string') {
          out.write(line);
          staged++;
        } else rejects.push({ line: row.line, reasons: line, record: row.record });
      }
      lines = batch.lines;
      if (batch.rows.length) onBytes?.(batch.rows[batch.rows.length - 1].bytes);
    }
  } finally {
    out.close();
  }
  // A CSV record the parser skipped is reported when the parser says, which may be after
  // records that follow it.
  rejects.sort((a, b) => a.line - b.line);
  return { lines, read, staged, rejects };
}
