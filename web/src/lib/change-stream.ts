import { useEffect, useSyncExternalStore } from 'react';
import { authHeaders, type Schemas } from './api-client';
import { setKey } from './auth';

// The server's change stream (GET /api/v1/changes/stream, server-sent events) read with
// fetch, because EventSource cannot send the Authorization header. One connection for
// the whole app; it resumes after the last change seen (Last-Event-ID) when the
// connection drops, and hands listeners the changes of each chunk at once.

export type Change = Schemas['Change'];
export type StreamStatus = 'connecting' | 'live' | 'offline';
type Listener = (changes: readonly Change[]) => void;

const MAX_BACKOFF_MS = 15_000;

export class ChangeStream {
  private readonly listeners = new Set<Listener>();
  private readonly statusListeners = new Set<() => void>();
  private state: StreamStatus = 'offline';
  private abort: AbortController | null = null;
  private lastId: string | null = null;
  private running = false;

  constructor(private readonly url = '/api/v1/changes/stream') {}

  get status(): StreamStatus { return this.state; }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => { this.listeners.delete(l); };
  }

  onStatus(l: () => void): () => void {
    this.statusListeners.add(l);
    return () => { this.statusListeners.delete(l); };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.abort?.abort();
    this.lastId = null;
    this.setStatus('offline');
  }

  private setStatus(s: StreamStatus): void {
    if (s === this.state) return;
    this.state = s;
    for (const l of this.statusListeners) l();
  }

  private async loop(): Promise<void> {
    let backoff = 1000;
    while (this.running) {
      this.setStatus('connecting');
      const ok = await this.connect().catch(() => false);
      if (!this.running) break;
      this.setStatus('offline');
      backoff = ok ? 1000 : Math.min(backoff * 2, MAX_BACKOFF_MS);
      await new Promise((r) => setTimeout(r, backoff));
    }
  }

  /** One connection, until it ends; true when it was open for a while. */
  private async connect(): Promise<boolean> {
    this.abort = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream', ...authHeaders() };
    if (this.lastId) headers['last-event-id'] = this.lastId;
    const res = await fetch(this.url, { headers, signal: this.abort.signal, cache: 'no-store' });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      // The key stopped working (revoked): sign out, as any other request would.
      if (res.status === 401) { this.stop(); setKey(null); }
      return false;
    }
    this.setStatus('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      buffer += value;
      const batch: Change[] = [];
      let end: number;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        const ev = parseEvent(block);
        if (ev.id) this.lastId = ev.id;
        if (ev.data) {
          try {
            batch.push(JSON.parse(ev.data) as Change);
          } catch {
            // Not a change: ignore it.
          }
        }
      }
      if (batch.length) for (const l of this.listeners) l(batch);
    }
  }
}

function parseEvent(block: string): { id?: string; data?: string } {
  const out: { id?: string; data?: string } = {};
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'id') out.id = value;
    else if (field === 'data') out.data = out.data === undefined ? value : `${out.data}\n${value}`;
  }
  return out;
}

export const changeStream = new ChangeStream();

/** Call `listener` with every batch of changes while the component is mounted. */
export function useChanges(listener: Listener): void {
  useEffect(() => changeStream.subscribe(listener), [listener]);
}

export function useStreamStatus(): StreamStatus {
  return useSyncExternalStore((l) => changeStream.onStatus(l), () => changeStream.status);
}
