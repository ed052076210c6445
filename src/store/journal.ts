import { closeSync, fstatSync, ftruncateSync, openSync, readdirSync, readSync, unlinkSync, write } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

// Append-only files of numbered records, each durable once `append` resolves: a file is
// opened for synchronous writes (O_SYNC), so one write call is the write and the flush
// together. A record is 4 bytes of length, 4 of CRC-32 (both little-endian) and its JSON.
// A crash can cut the last record short; reading stops at the first record that is short
// or fails its check (it was never acknowledged) and the file is cut back before it.
// Records live in files `<name>.<n>`: once every record of the current file is applied it
// is emptied, and a file grown past ROTATE_BYTES while newer records kept coming is left
// for a new one and deleted once applied, so a journal never grows under steady writes.

const HEAD = 8;
/** A record longer than this is no record: the length itself is damaged. */
const MAX_RECORD = 256 * 1024 * 1024;
const ROTATE_BYTES = 8 * 1024 * 1024;

export interface JournalRecord<T> {
  readonly seq: number;
  readonly body: T;
}

interface JournalFile {
  readonly path: string;
  readonly n: number;
  readonly fd: number;
  /** Bytes of whole records in it. */
  size: number;
  /** The number of its last record (0: none). */
  last: number;
}

export class Journal<T> {
  private tail: Promise<void> = Promise.resolve();
  private last: number;

  private constructor(private readonly dir: string, private readonly name: string, private readonly files: JournalFile[], private readonly rotateBytes: number) {
    this.last = Math.max(0, ...files.map((f) => f.last));
  }

  /** Open (creating) the journal `name` in `dir`; the records it holds, in the order written. */
  static open<T>(dir: string, name: string, rotateBytes = ROTATE_BYTES): { journal: Journal<T>; records: JournalRecord<T>[] } {
    const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)$`);
    const numbers = readdirSync(dir).flatMap((f) => (pattern.exec(f) ? [Number(pattern.exec(f)?.[1])] : [])).sort((a, b) => a - b);
    const files: JournalFile[] = [];
    const records: JournalRecord<T>[] = [];
    for (const n of numbers.length ? numbers : [1]) {
      const file = openFile<T>(join(dir, `${name}.${n}`), n);
      files.push(file.file);
      records.push(...file.records);
    }
    return { journal: new Journal<T>(dir, name, files, rotateBytes), records };
  }

  /** Numbers from here on follow `seq` (the highest any earlier journal of this store gave). */
  continueAfter(seq: number): void {
    this.last = Math.max(this.last, seq);
  }

  /** Write one record; resolves with its number once it is on disk. Records land in call order. */
  append(body: T): Promise<number> {
    const seq = ++this.last;
    const text = Buffer.from(JSON.stringify({ seq, body }), 'utf8');
    const record = Buffer.allocUnsafe(HEAD + text.length);
    record.writeUInt32LE(text.length, 0);
    record.writeUInt32LE(crc32(text), 4);
    text.copy(record, HEAD);
    return this.then(async () => {
      const f = this.current();
      try {
        await writeAll(f.fd, record);
      } catch (e) {
        // Part of it may have landed: cut it off, or the records after it would be unreadable.
        ftruncateSync(f.fd, f.size);
        throw e;
      }
      f.size += record.length;
      f.last = seq;
    }).then(() => seq);
  }

  /** Every record up to `seq` is applied elsewhere: let go of the files holding only such records. */
  release(seq: number): Promise<void> {
    return this.then(() => {
      const cur = this.current();
      for (const f of this.files.slice(0, -1)) {
        if (f.last > seq) break;
        closeSync(f.fd);
        unlinkSync(f.path);
        this.files.splice(this.files.indexOf(f), 1);
      }
      // No record after `seq` has been numbered: the current file can start over.
      if (this.files.length === 1 && this.last <= seq) {
        if (cur.size) ftruncateSync(cur.fd, 0);
        cur.size = 0;
      } else if (cur.size > this.rotateBytes) {
        this.files.push(openFile<T>(join(this.dir, `${this.name}.${cur.n + 1}`), cur.n + 1).file);
      }
    });
  }

  close(): void {
    for (const f of this.files) closeSync(f.fd);
  }

  private current(): JournalFile {
    return this.files[this.files.length - 1];
  }

  /** Run `step` after every step before it (a failed step fails only its own caller). */
  private then<R>(step: () => R | Promise<R>): Promise<R> {
    const done = this.tail.then(step);
    this.tail = done.then(() => undefined, () => undefined);
    return done;
  }
}

function openFile<T>(path: string, n: number): { file: JournalFile; records: JournalRecord<T>[] } {
  const fd = openSync(path, 'as+');
  const size = fstatSync(fd).size;
  const data = Buffer.alloc(size);
  let got = 0;
  while (got < size) {
    const k = readSync(fd, data, got, size - got, got);
    if (k === 0) break;
    got += k;
  }
  const records: JournalRecord<T>[] = [];
  let at = 0;
  while (at + HEAD <= got) {
    const len = data.readUInt32LE(at);
    if (len > MAX_RECORD || at + HEAD + len > got) break;
    const body = data.subarray(at + HEAD, at + HEAD + len);
    if (crc32(body) !== data.readUInt32LE(at + 4)) break;
    let parsed: JournalRecord<T>;
    try {
      parsed = JSON.parse(body.toString('utf8')) as JournalRecord<T>;
    } catch {
      break;
    }
    records.push(parsed);
    at += HEAD + len;
  }
  if (at < size) ftruncateSync(fd, at);
  return { file: { path, n, fd, size: at, last: records.length ? records[records.length - 1].seq : 0 }, records };
}

function writeAll(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (from: number): void => {
      write(fd, buf, from, buf.length - from, null, (err, k) => {
        if (err) reject(err);
        else if (from + k < buf.length) step(from + k);
        else resolve();
      });
    };
    step(0);
  });
}
