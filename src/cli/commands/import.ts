import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SegmintError, issue } from '../../errors.js';
import type { ImportSummary } from '../../import/index.js';
import { dataDir, withWorkspace } from '../context.js';
import { importMapped, parseMapOptions } from '../mapped-import.js';
import { print, printJson, progressBar } from '../output.js';

function summaryText(kind: string, s: ImportSummary, rebuilt: number): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    `${kind}: ${n(s.read)} rows read, ${n(s.imported)} imported, ${n(s.updated)} updated, ${n(s.rejected)} rejected, ${n(s.duplicates)} duplicates skipped` +
      (s.contactsCreated ? `, ${n(s.contactsCreated)} contacts created` : ''),
  ];
  if (s.fieldsCreated.length) lines.push(`fields created: ${s.fieldsCreated.join(', ')}`);
  for (const r of s.rejects.slice(0, 20)) lines.push(`  line ${r.line}: ${r.reasons.join('; ')}`);
  if (s.rejects.length > 20) lines.push(`  … ${s.rejects.length - 20} more`);
  if (s.rejectsFile) lines.push(`rejected rows written to ${s.rejectsFile}`);
  else if (s.rejectsWarning) lines.push('rejected rows not written (see the warning above)');
  if (rebuilt) lines.push(`${rebuilt} segments brought up to date`);
  return lines.join('\n');
}

export function registerImportCommands(program: Command): void {
  const imp = program.command('import').description('import contacts or events from NDJSON or CSV');
  for (const kind of ['contacts', 'events'] as const) {
    const c = imp.command(`${kind} <file>`).description(`import ${kind} (.ndjson or .csv); bad rows are reported and skipped`)
      .option('--format <format>', 'ndjson or csv (default: from the file extension)')
      .option('--map <COLUMN=KEY>', 'import the column COLUMN as the key KEY (COLUMN= skips it); repeat for each column to rename', (v: string, all: string[]) => [...all, v], [] as string[])
      .option('--rejects <file>', 'write rejected rows here (default: FILE.rejects.ndjson beside the input; <data>/rejects/ when that cannot be written)');
    if (kind === 'contacts') c.option('--create-fields', 'declare unknown keys as custom fields with an inferred type (text unless every value keeps its exact form)');
    c.action(async (file: string, o: { format?: string; createFields?: boolean; rejects?: string; map: string[] }, cmd: Command) => {
      if (!existsSync(file)) throw new SegmintError(issue('not_found', `no such file ${file}`, file));
      if (o.format && o.format !== 'csv' && o.format !== 'ndjson') throw new SegmintError(issue('invalid_argument', `--format must be csv or ndjson, got "${o.format}"`, '--format'));
      const mapping = o.map.length ? parseMapOptions(o.map) : null;
      await withWorkspace(cmd, async (ws, g) => {
        const opts = {
          format: o.format as 'csv' | 'ndjson' | undefined, createFields: o.createFields, onProgress: progressBar(`importing ${kind}`),
          rejectsPath: o.rejects, rejectsFallbackDir: join(dataDir(g), 'rejects'),
        };
        // Memberships follow the data: an import leaves every segment current.
        const { summary: s, rebuilt } = mapping ? await importMapped(ws, kind, file, mapping, opts) : await ws.importFile(kind, file, opts);
        // The rows are stored: a rejects file that could not be written is a warning, not a failure.
        if (s.rejectsWarning) process.stderr.write(`warning: ${s.rejectsWarning}\n`);
        if (g.json) printJson({ ...s, segmentsRebuilt: rebuilt });
        else print(summaryText(kind, s, rebuilt));
      });
    });
  }
}
