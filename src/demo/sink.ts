// Buffered text output. Lines are appended to one string (V8 ropes make that cheap)
// and written in small chunks; one write stays in flight while the next chunk fills,
// so generation and disk I/O overlap instead of taking turns.

import { open, type FileHandle } from 'node:fs/promises';

/**
 * Small on purpose: the pending text is a rope of many short strings, and a rope that
 * survives long enough to reach the old generation made GC most of the run time
 * (4 MB chunks: 4.1 s for S, 64 KB: 2.0 s).
 */
const CHUNK_CHARS = 64 * 1024;

/** A single write() may be short (e.g. near a full disk); keep going until all bytes are out. */
async function writeAll(file: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await file.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

export class TextSink {
  private buffer = '';
  private inFlight: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: FileHandle,
    private readonly encoding: 'utf8' | 'latin1',
  ) {}

  /**
   * `ascii: true` encodes one byte per char, ~20% faster overall than UTF-8 for the
   * event files; only for text known to be ASCII (other chars would be mangled).
   */
  static async create(path: string, opts: { ascii?: boolean } = {}): Promise<TextSink> {
    return new TextSink(await open(path, 'w'), opts.ascii === true ? 'latin1' : 'utf8');
  }

  add(text: string): void {
    this.buffer += text;
  }

  /** Callers check this between records and then await `flush`, which keeps the hot loop free of awaits. */
  get full(): boolean {
    return this.buffer.length >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    await this.inFlight;
    this.inFlight = chunk.length > 0 ? writeAll(this.file, Buffer.from(chunk, this.encoding)) : Promise.resolve();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      await this.inFlight;
    } finally {
      await this.file.close();
    }
  }
}
