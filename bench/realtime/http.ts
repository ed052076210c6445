import { Agent, request, type IncomingMessage } from 'node:http';

// Plain node:http over loopback: keep-alive connections for the senders, and a
// server-sent-events reader for the change stream that resumes with Last-Event-ID as a
// browser's EventSource would.

/** Wall-clock milliseconds with sub-millisecond resolution (the server stamps `at` in epoch ms). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface Reply {
  readonly status: number;
  readonly text: string;
  readonly headers: IncomingMessage['headers'];
}

export function keepAlive(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

export const basicAuth = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
export const bearer = (key: string): string => `Bearer ${key}`;

export function send(agent: Agent | undefined, url: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
    const req = request(url, {
      agent, method: opts.method ?? (body ? 'POST' : 'GET'),
      headers: { ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), ...opts.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function getJson<T>(url: string, key: string): Promise<T> {
  const r = await send(undefined, url, { headers: { authorization: bearer(key) } });
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.text.slice(0, 300)}`);
  return JSON.parse(r.text) as T;
}

export interface StreamedChange {
  readonly id: number;
  readonly segment: string;
  readonly contactId: string;
  readonly change: 'entered' | 'left';
  /** Epoch ms of the change (a time-driven change: its boundary). */
  readonly at: number;
  readonly cause: string;
  /** Epoch ms when this client had read it off the stream. */
  readonly arrived: number;
}

/**
 * The change stream from `after` on: every change is kept in arrival order; `onChange`
 * sees each as it arrives. A stream the server ends (or a connection lost) is opened
 * again after the last id read, until `close()`.
 */
export class ChangeStream {
  readonly changes: StreamedChange[] = [];
  reconnects = 0;
  onChange: ((c: StreamedChange) => void) | null = null;
  private last: number;
  private closed = false;
  private current: { destroy(): void } | null = null;
  private connectedOnce: Promise<void>;
  private markConnected: () => void = () => undefined;
  private failed: Error | null = null;

  constructor(private readonly base: string, private readonly key: string, after: number) {
    this.last = after;
    this.connectedOnce = new Promise((resolve) => { this.markConnected = resolve; });
    this.open();
  }

  /** Resolves once the server has sent its first `: connected` line. */
  async connected(): Promise<void> {
    await this.connectedOnce;
    if (this.failed) throw this.failed;
  }

  lastId(): number {
    return this.last;
  }

  close(): void {
    this.closed = true;
    this.current?.destroy();
  }

  private open(): void {
    if (this.closed) return;
    // One reconnection per connection, however it ended.
    let ended = false;
    const again = (delayMs: number): void => {
      if (ended || this.closed) return;
      ended = true;
      this.reconnects++;
      setTimeout(() => this.open(), delayMs);
    };
    const req = request(`${this.base}/api/v1/changes/stream?after=${this.last}`, {
      headers: { authorization: bearer(this.key), accept: 'text/event-stream', 'last-event-id': String(this.last) },
    }, (res) => {
      if (res.statusCode !== 200) {
        this.failed = new Error(`change stream: ${res.statusCode}`);
        this.closed = true;
        this.markConnected();
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (text: string) => {
        const arrived = wallNow();
        buffer += text;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          this.block(block, arrived);
        }
      });
      res.on('end', () => again(50));
      res.on('error', () => again(100));
      res.on('close', () => again(50));
    });
    req.on('error', () => again(100));
    req.end();
    this.current = req;
  }

  private block(block: string, arrived: number): void {
    let data: string | null = null;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        if (line.startsWith(': connected')) this.markConnected();
      } else if (line.startsWith('data: ')) {
        data = data === null ? line.slice(6) : `${data}\n${line.slice(6)}`;
      }
    }
    if (data === null) return;
    const v = JSON.parse(data) as { id: number; segment: string; contactId: string; change: 'entered' | 'left'; at: string; cause: string };
    const c: StreamedChange = { id: v.id, segment: v.segment, contactId: v.contactId, change: v.change, at: Date.parse(v.at), cause: v.cause, arrived };
    if (c.id > this.last) this.last = c.id;
    this.changes.push(c);
    this.onChange?.(c);
  }
}

/** Every change of the log after `after`, through the paged route (admin key). */
export async function pagedChanges(base: string, key: string, after: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor = after;
  for (;;) {
    const page = await getJson<{ changes: { id: number }[]; next: string }>(`${base}/api/v1/changes?after=${cursor}&limit=10000`, key);
    for (const c of page.changes) ids.push(c.id);
    if (!page.changes.length) return ids;
    cursor = Number(page.next);
  }
}
