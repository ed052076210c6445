import { writeFileSync } from 'node:fs';
import { contactId } from '../../src/demo/sizes.js';
import { Rng } from '../../src/demo/random.js';
import { perSecond, progress } from '../measure.js';
import type { RealtimeConfig } from './config.js';
import { basicAuth, keepAlive, send, wallNow } from './http.js';
import { procCpuMs } from './server.js';

// Measure 2: N track events as /v1/batch requests of `batchSize`, over several keep-alive
// connections at once, for contacts spread over the workspace (existing ids and new
// ones), each with a unique messageId. The rate is N over the wall time from the first
// request to the last 200.

export interface IngestPlan {
  readonly bodies: readonly Buffer[];
  readonly events: number;
  /** Every messageId starts with this (unique per run). */
  readonly prefix: string;
  readonly newContacts: number;
  readonly bytes: number;
  /** The same events as rows of the store's `events` table, one JSON object a line (the DuckDB baseline's input). */
  readonly ndjson: string;
}

const KINDS: readonly { name: string; weight: number; props: (r: Rng, i: number) => Record<string, unknown> }[] = [
  { name: 'page_view', weight: 50, props: (r) => ({ url: `/products/${['shoes', 'home', 'books', 'toys', 'apparel'][r.int(0, 4)]}/${r.int(100, 999)}` }) },
  { name: 'email_open', weight: 16, props: (r) => ({ campaign: `nl-2026-${String(r.int(1, 48)).padStart(2, '0')}` }) },
  { name: 'login', weight: 10, props: (r) => ({ method: r.chance(0.7) ? 'password' : 'sso' }) },
  { name: 'cart_add', weight: 7, props: (r) => ({ category: ['electronics', 'home', 'shoes', 'beauty'][r.int(0, 3)], price: Math.round(r.logNormal(60, 0.8) * 100) / 100 }) },
  { name: 'purchase', weight: 3, props: (r, i) => ({ category: ['electronics', 'home', 'shoes', 'food'][r.int(0, 3)], amount: Math.round(r.logNormal(90, 0.9) * 100) / 100, order_id: `o-${i}` }) },
];
const TOTAL_WEIGHT = KINDS.reduce((a, k) => a + k.weight, 0);

/** Requests ready to send (built before the clock starts), and the same events for the baseline. */
export function planIngest(cfg: RealtimeConfig['ingest'], contacts: number, runId: string, prefix: string, now: number): IngestPlan {
  const r = new Rng(0x5e61);
  const bodies: Buffer[] = [];
  const lines: string[] = [];
  const newIds = new Set<string>();
  let bytes = 0;
  for (let b = 0; b * cfg.batchSize < cfg.events; b++) {
    const batch: unknown[] = [];
    for (let i = b * cfg.batchSize; i < Math.min(cfg.events, (b + 1) * cfg.batchSize); i++) {
      let pick = r.float() * TOTAL_WEIGHT;
      const kind = KINDS.find((k) => (pick -= k.weight) < 0) ?? KINDS[0];
      // New contacts get about three events each.
      const id = r.chance(cfg.newContactShare) ? `rt-new-${runId}-${r.int(0, Math.max(0, Math.round((cfg.events * cfg.newContactShare) / 3)))}` : contactId(r.int(1, contacts));
      if (id.startsWith('rt-new-')) newIds.add(id);
      const ts = Math.round(now - r.float() * 6 * 3_600_000);
      const properties = kind.props(r, i);
      const messageId = `${prefix}${i}`;
      batch.push({ type: 'track', userId: id, event: kind.name, messageId, timestamp: new Date(ts).toISOString(), properties });
      lines.push(JSON.stringify({ contact_id: id, name: kind.name, ts, properties, message_id: messageId }));
    }
    const body = Buffer.from(JSON.stringify({ batch }));
    bytes += body.length;
    bodies.push(body);
  }
  return { bodies, events: cfg.events, prefix, newContacts: newIds.size, bytes, ndjson: `${lines.join('\n')}\n` };
}

export function writePlanRows(plan: IngestPlan, file: string): void {
  writeFileSync(file, plan.ndjson);
}

export interface IngestMeasure {
  readonly events: number;
  readonly requests: number;
  readonly batchSize: number;
  readonly connections: number;
  readonly newContacts: number;
  readonly bodyBytes: number;
  /** First request sent → last 200 received. */
  readonly ms: number;
  readonly eventsPerSec: number;
  /** Per request: sent → 200. */
  readonly requestP50Ms: number;
  readonly requestP99Ms: number;
  /** Summed over the 200 answers. */
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** 429/503 answers, each retried after Retry-After. */
  readonly retried: number;
  /** CPU the server process and this client used during the timed run. */
  readonly serverCpuMs: number;
  readonly clientCpuMs: number;
  /** Batches sent again afterwards, as a retrying client would: each must be answered as duplicates. */
  readonly resent: { readonly requests: number; readonly events: number; readonly duplicates: number; readonly accepted: number };
}

interface Answer { accepted?: number; rejected?: number; duplicates?: number }

async function post(agent: ReturnType<typeof keepAlive>, url: string, auth: string, body: Buffer, onRetry: () => void): Promise<Answer> {
  for (;;) {
    const r = await send(agent, `${url}/v1/batch`, { headers: { authorization: auth }, body });
    if (r.status === 200) return JSON.parse(r.text) as Answer;
    if (r.status === 429 || r.status === 503) {
      onRetry();
      await new Promise((res) => setTimeout(res, Number(r.headers['retry-after'] ?? 1) * 1000));
      continue;
    }
    throw new Error(`POST /v1/batch: ${r.status} ${r.text.slice(0, 300)}`);
  }
}

export async function runIngest(url: string, writeKey: string, plan: IngestPlan, cfg: RealtimeConfig['ingest'], serverPid: number): Promise<IngestMeasure> {
  progress(`ingest: ${plan.events.toLocaleString('en-US')} events in ${plan.bodies.length} batches of ${cfg.batchSize} over ${cfg.connections} connections …`);
  const agent = keepAlive(cfg.connections);
  const auth = basicAuth(writeKey);
  let next = 0, accepted = 0, rejected = 0, duplicates = 0, retried = 0;
  const requestMs: number[] = [];
  const cpu0 = process.cpuUsage();
  const server0 = procCpuMs(serverPid);
  const t0 = wallNow();
  await Promise.all(Array.from({ length: cfg.connections }, async () => {
    while (next < plan.bodies.length) {
      const body = plan.bodies[next++];
      const sent = wallNow();
      const a = await post(agent, url, auth, body, () => { retried++; });
      requestMs.push(wallNow() - sent);
      accepted += a.accepted ?? 0;
      rejected += a.rejected ?? 0;
      duplicates += a.duplicates ?? 0;
    }
  }));
  const ms = wallNow() - t0;
  const serverCpuMs = procCpuMs(serverPid) - server0;
  const c = process.cpuUsage(cpu0);
  progress(`ingest: ${plan.events.toLocaleString('en-US')} events in ${(ms / 1000).toFixed(2)} s = ${Math.round(perSecond(plan.events, ms)).toLocaleString('en-US')} events/s`);
  // A client that timed out resends: every event of these batches is already stored.
  const again = plan.bodies.slice(0, cfg.resentBatches);
  const resent = { requests: again.length, events: 0, duplicates: 0, accepted: 0 };
  for (const body of again) {
    const a = await post(agent, url, auth, body, () => { retried++; });
    resent.events += (JSON.parse(body.toString('utf8')) as { batch: unknown[] }).batch.length;
    resent.duplicates += a.duplicates ?? 0;
    resent.accepted += a.accepted ?? 0;
  }
  agent.destroy();
  const sorted = [...requestMs].sort((a, b) => a - b);
  const pct = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return {
    events: plan.events, requests: plan.bodies.length, batchSize: cfg.batchSize, connections: cfg.connections, newContacts: plan.newContacts,
    bodyBytes: plan.bytes, ms, eventsPerSec: perSecond(plan.events, ms), requestP50Ms: pct(50), requestP99Ms: pct(99),
    accepted, rejected, duplicates, retried, serverCpuMs, clientCpuMs: (c.user + c.system) / 1000, resent,
  };
}
