// Reference for the import measures: DuckDB's own reader loading the same files into
// plain tables (no validation, no de-duplication, no upsert). Run as a child process
// (`node dist/bench/native-load.js FORMAT CONTACTS EVENTS DBFILE`) so that its memory
// does not count towards the engine's peak RSS. Prints one JSON line.

import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEMO_FIELDS } from '../src/demo/fields.js';

const SQL_TYPE: Record<string, string> = {
  text: 'VARCHAR', email: 'VARCHAR', phone: 'VARCHAR', url: 'VARCHAR', select: 'VARCHAR',
  number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', datetime: 'TIMESTAMPTZ', multiselect: 'VARCHAR[]',
};

function struct(cols: readonly (readonly [string, string])[]): string {
  return `{${cols.map(([k, t]) => `'${k}': '${t}'`).join(', ')}}`;
}

async function main(): Promise<void> {
  const [format, contacts, events, dbFile] = process.argv.slice(2);
  if (!dbFile || (format !== 'ndjson' && format !== 'csv')) throw new Error('usage: native-load ndjson|csv CONTACTS EVENTS DBFILE');
  const csv = format === 'csv';
  const list = csv ? 'VARCHAR' : 'VARCHAR[]';
  const contactCols: [string, string][] = [
    ['id', 'VARCHAR'], ['email', 'VARCHAR'], ['phone', 'VARCHAR'], ['first_name', 'VARCHAR'], ['last_name', 'VARCHAR'], ['tags', list],
    ...DEMO_FIELDS.map((f): [string, string] => [f.key, f.type === 'multiselect' ? list : SQL_TYPE[f.type]]),
  ];
  const eventCols: [string, string][] = [['contact_id', 'VARCHAR'], ['name', 'VARCHAR'], ['ts', 'TIMESTAMPTZ'], ['properties', csv ? 'VARCHAR' : 'JSON'], ['message_id', 'VARCHAR']];
  const read = (path: string, cols: [string, string][]): string => csv
    ? `read_csv('${path}', header = true, columns = ${struct(cols)})`
    : `read_json('${path}', format = 'newline_delimited', columns = ${struct(cols)})`;
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  const instance = await DuckDBInstance.create(dbFile);
  const db = await instance.connect();
  await db.run(`SET TimeZone = 'UTC'`);
  let t = performance.now();
  await db.run(`CREATE TABLE contacts AS SELECT * FROM ${read(contacts, contactCols)}`);
  const contactsMs = performance.now() - t;
  t = performance.now();
  await db.run(`CREATE TABLE events AS SELECT * FROM ${read(events, eventCols)}`);
  const eventsMs = performance.now() - t;
  db.closeSync();
  instance.closeSync();
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  process.stdout.write(`${JSON.stringify({ contactsMs, eventsMs })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`native-load: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
