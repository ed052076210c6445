import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLive } from '../../src/realtime/live-workspace.js';
import type { Live } from '../../src/realtime/live.js';
import { DuckDBStore } from '../../src/store/index.js';

// What the webhook tests share: a real receiver on a loopback port, and a live workspace
// over a real store with two event segments and one field segment (`pros`, which a
// contact leaves again when its plan changes).

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: { type: string; timestamp: string; data: { segment: string; contactId: string; at: string } };
}

/** What the receiver does with a request: answer this status, or `hang` (never answer). */
export type Answer = number | 'hang';

export interface Receiver {
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order (answered or not). */
  readonly received: Received[];
  answer: (r: Received, n: number) => Answer;
  /** Stop listening (connections refused) and, with `up`, listen again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function receiver(answer: (r: Received, n: number) => Answer = () => 200): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  let server: Server;
  const r: Receiver = {
    url: '', port: 0, received: [], answer,
    down: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
    up: () => listen(r.port).then(() => undefined),
    close: () => r.down(),
  };
  const listen = (port: number): Promise<number> => new Promise((resolve, reject) => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const got: Received = { headers: req.headers, body, json: JSON.parse(body) as Received['json'] };
        r.received.push(got);
        const a = r.answer(got, r.received.length);
        if (a === 'hang') {
          hanging.add(res);
          return;
        }
        res.writeHead(a, { 'content-type': 'text/plain' }).end(a >= 300 ? `no thanks (${a})` : 'ok');
      });
    });
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const port = await listen(0);
  Object.assign(r, { port, url: `http://127.0.0.1:${port}/hooks` });
  return r;
}

export interface World {
  readonly live: Live;
  readonly store: DuckDBStore;
  readonly dir: string | null;
  /** Events `name` for each contact, each a new message. */
  events(name: string, ...contacts: string[]): Promise<void>;
  /** Set contacts' `plan` (`pro` puts them in `pros`). */
  plan(plan: string, ...contacts: string[]): Promise<void>;
  close(): Promise<void>;
}

export const SEGMENTS = [
  { name: 'Buyers', alias: 'buyers', condition: 'performed purchase' },
  { name: 'Viewers', alias: 'viewers', condition: 'performed page_view' },
  { name: 'Pros', alias: 'pros', condition: 'plan = "pro"' },
];

const CLOCK = Date.parse('2025-06-01T12:00:00Z');
let messages = 0;

/** A live workspace over a new store (in memory, or in a directory kept for `reopen`). */
export async function world(opts: { dir?: string } = {}): Promise<World> {
  const store = await DuckDBStore.open(opts.dir ?? ':memory:');
  const fresh = !(await store.listSegments()).length;
  if (fresh) await store.applyFields([{ key: 'plan', label: 'Plan', type: 'text' }]);
  const live = await startLive(store, { now: CLOCK });
  if (fresh) await live.mutate((ws) => ws.applySegments(SEGMENTS));
  return {
    live, store, dir: opts.dir ?? null,
    async events(name, ...contacts) {
      await live.write({ events: contacts.map((c) => ({ contactId: c, name, ts: CLOCK - 60_000, properties: {}, messageId: `m${++messages}` })) });
    },
    async plan(plan, ...contacts) {
      await live.write({ contacts: contacts.map((id) => ({ id, values: { plan } })) });
    },
    async close() {
      await live.close();
      await store.close();
    },
  };
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'segmint-webhooks-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Poll until `check` holds (or throw its last failure at the deadline). */
export async function eventually<T>(check: () => T | Promise<T>, what: string, ms = 8_000): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const v = await check();
      if (v !== false && v !== undefined) return v as Exclude<T, false | undefined>;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Receiver-side order of (contact, segment, type) messages, for comparing with what was expected. */
export const brief = (r: Received): string => `${r.json.type.replace('segment.', '')} ${r.json.data.segment} ${r.json.data.contactId}`;
