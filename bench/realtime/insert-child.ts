// Baseline for /v1/batch ingestion: DuckDB's own insert rate for the same events, into
// a table with the store's `events` columns, in a new database file of its own.
// (a) one INSERT … SELECT from read_json of the NDJSON (DuckDB's bulk path, one commit);
// (b) the Appender, flushed (committed) every BATCH rows, as the requests arrive.
// Neither checks, maps, de-duplicates or decides memberships.
// `node dist/bench/realtime/insert-child.js NDJSON DBFILE BATCH` prints one JSON line.

import { readFileSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const DDL = 'CREATE TABLE events (contact_id VARCHAR, name VARCHAR, ts BIGINT, properties JSON, message_id VARCHAR)';

interface Row { contact_id: string; name: string; ts: number; properties: unknown; message_id: string }

async function main(): Promise<void> {
  const [file, dbFile, batchText] = process.argv.slice(2);
  const batch = Number(batchText);
  if (!file || !dbFile || !(batch > 0)) throw new Error('usage: insert-child NDJSON DBFILE BATCH');
  const clean = (): void => { rmSync(dbFile, { force: true }); rmSync(`${dbFile}.wal`, { force: true }); };
  clean();
  const instance = await DuckDBInstance.create(dbFile);
  const db = await instance.connect();
  try {
    await db.run(DDL);
    const path = file.replace(/'/g, "''");
    let t = performance.now();
    await db.run(`INSERT INTO events SELECT contact_id, name, ts, properties, message_id FROM read_json('${path}', format = 'newline_delimited',
      columns = {'contact_id': 'VARCHAR', 'name': 'VARCHAR', 'ts': 'BIGINT', 'properties': 'JSON', 'message_id': 'VARCHAR'})`);
    const bulkMs = performance.now() - t;
    const bulkRows = Number((await db.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS()[0].n);

    await db.run('DROP TABLE events');
    await db.run(DDL);
    // Parsing the lines is the client's part; only the appends and flushes are timed.
    const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
    const props = rows.map((r) => JSON.stringify(r.properties));
    t = performance.now();
    const a = await db.createAppender('events');
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      a.appendVarchar(r.contact_id);
      a.appendVarchar(r.name);
      a.appendBigInt(BigInt(r.ts));
      a.appendVarchar(props[i]);
      a.appendVarchar(r.message_id);
      a.endRow();
      if ((i + 1) % batch === 0) a.flushSync();
    }
    a.flushSync();
    a.closeSync();
    const appenderMs = performance.now() - t;
    const appenderRows = Number((await db.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS()[0].n);
    process.stdout.write(`${JSON.stringify({ bulkMs, bulkRows, appenderMs, appenderRows })}\n`);
  } finally {
    db.closeSync();
    instance.closeSync();
    clean();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`insert-child: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
