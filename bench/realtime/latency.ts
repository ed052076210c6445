import { percentile, progress } from '../measure.js';
import type { RealtimeConfig } from './config.js';
import { basicAuth, keepAlive, send, wallNow, type ChangeStream } from './http.js';
import { procCpuMs } from './server.js';

// Measure 3: single `bench_ping` track calls (one event a request, as browsers send them)
// at a steady rate, each for a contact that is not in `bench_ping`, so each must make
// exactly one contact enter. Latency: the request being sent → the change for that
// contact read off the SSE stream.

export interface LatencyMeasure {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  /** Requests per second actually sent (the pacer's rate, from first to last send). */
  readonly offeredRate: number;
  /** Sent → change on the stream, ms. */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Sent → 200 (the write is durable and its changes logged), ms. */
  readonly ackP50: number;
  readonly ackP99: number;
  readonly received: number;
  /** Pings with no `entered` change on the stream (must be 0). */
  readonly missing: number;
  /** Pings whose contact entered more than once (must be 0). */
  readonly repeated: number;
  readonly failedRequests: number;
  /** Why they failed: an answer's status and error code (`503 unavailable`), or the client's error (`ECONNRESET`), with how many. */
  readonly failures: Readonly<Record<string, number>>;
  /** Sending stopped early: more than `maxBacklogSeconds` of requests were waiting for their answer. */
  readonly saturated: boolean;
  /** Requests answered per second, first send → last answer. */
  readonly answeredRate: number;
  /** CPU the server process and this client (sender and stream reader) used during the measure. */
  readonly serverCpuMs: number;
  readonly clientCpuMs: number;
  /** Sent → change, per second of sending: where in the measure the tail lies (a start-up burst, one pause, or spread). */
  readonly bySecond: readonly SecondOfLatency[];
}

export interface SecondOfLatency {
  /** Seconds from the first send. */
  readonly second: number;
  /** Requests sent in that second whose change arrived. */
  readonly count: number;
  readonly p50: number;
  readonly max: number;
}

/** Sent → change of the requests sent in each second from the first send (requests with no change are left out). */
export function latencyBySecond(pings: readonly { readonly sent: number; readonly arrived: number }[]): SecondOfLatency[] {
  if (!pings.length) return [];
  const t0 = pings.reduce((a, p) => Math.min(a, p.sent), Infinity);
  const seconds = new Map<number, number[]>();
  for (const p of pings) {
    if (!p.arrived) continue;
    const s = Math.floor((p.sent - t0) / 1000);
    let list = seconds.get(s);
    if (!list) seconds.set(s, (list = []));
    list.push(p.arrived - p.sent);
  }
  return [...seconds].sort((a, b) => a[0] - b[0]).map(([second, lat]) => ({
    second, count: lat.length, p50: percentile(lat, 50), max: lat.reduce((a, x) => Math.max(a, x), -Infinity),
  }));
}

interface Ping { readonly id: string; sent: number; acked: number; arrived: number; times: number }

/** What a paced run of single requests saw, request by request (wall-clock ms; 0: no 200). */
export interface PacedRun {
  readonly sent: readonly number[];
  readonly acked: readonly number[];
  readonly failed: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly saturated: boolean;
}

/**
 * Send each body as one POST at `cfg.rate` a second over a pool of up to `cfg.sockets`
 * keep-alive connections (a request finding none free opens one, as browsers' and clients'
 * pools do); stops early when more than `maxBacklogSeconds` of requests wait for answers.
 */
export async function sendPaced(url: string, headers: Record<string, string>, bodies: readonly Buffer[], cfg: RealtimeConfig['ping']): Promise<PacedRun> {
  const sent: number[] = [];
  const acked: number[] = [];
  const agent = keepAlive(cfg.sockets);
  let failed = 0, answered = 0, saturated = false;
  const failures: Record<string, number> = {};
  const fail = (why: string): void => {
    failed++;
    failures[why] = (failures[why] ?? 0) + 1;
  };
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  let i = 0;
  while (i < bodies.length) {
    if (i - answered > cfg.rate * cfg.maxBacklogSeconds) {
      saturated = true;
      progress(`latency: ${i - answered} requests waiting for an answer after ${((performance.now() - t0) / 1000).toFixed(1)} s: the server is not keeping up; sending stops at ${i}`);
      break;
    }
    const due = Math.min(bodies.length, Math.floor(((performance.now() - t0) / 1000) * cfg.rate) + 1);
    for (; i < due; i++) {
      const k = i;
      sent[k] = wallNow();
      acked[k] = 0;
      inFlight.push(send(agent, url, { headers, body: bodies[k] }).then((r) => {
        answered++;
        if (r.status === 200) acked[k] = wallNow();
        else fail(`${r.status} ${errorCode(r.text)}`);
      }, (e: unknown) => { answered++; fail((e as NodeJS.ErrnoException)?.code ?? String((e as Error)?.message ?? e)); }));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { sent, acked, failed, failures, saturated };
}

export async function measureLatency(url: string, writeKey: string, stream: ChangeStream, contacts: readonly string[], cfg: RealtimeConfig['ping'], prefix: string, serverPid: number): Promise<LatencyMeasure> {
  const total = Math.min(contacts.length, Math.round(cfg.rate * cfg.seconds));
  progress(`latency: ${total.toLocaleString('en-US')} bench_ping events at ${cfg.rate}/s, one a request …`);
  const pings = contacts.slice(0, total).map((id): Ping => ({ id, sent: 0, acked: 0, arrived: 0, times: 0 }));
  const byContact = new Map(pings.map((p) => [p.id, p]));
  const bodies = pings.map((p, i) => Buffer.from(JSON.stringify({ userId: p.id, event: 'bench_ping', messageId: `${prefix}${i}` })));
  stream.onChange = (c) => {
    if (c.segment !== 'bench_ping' || c.change !== 'entered') return;
    const p = byContact.get(c.contactId);
    if (!p) return;
    p.times++;
    if (!p.arrived) p.arrived = c.arrived;
  };
  const cpu0 = process.cpuUsage();
  const server0 = procCpuMs(serverPid);
  const run = await sendPaced(`${url}/v1/track`, { authorization: basicAuth(writeKey) }, bodies, cfg);
  const sentCount = run.sent.length;
  pings.length = sentCount;
  pings.forEach((p, i) => { p.sent = run.sent[i]; p.acked = run.acked[i]; });
  const sendMs = pings[sentCount - 1].sent - pings[0].sent;
  const lastAnswer = pings.reduce((a, p) => Math.max(a, p.acked), 0);
  // Every change should be on the stream by now; wait a little for stragglers.
  const deadline = performance.now() + 10_000;
  while (pings.some((p) => !p.arrived) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
  const serverCpuMs = procCpuMs(serverPid) - server0;
  const cpu = process.cpuUsage(cpu0);
  stream.onChange = null;
  const arrived = pings.filter((p) => p.arrived);
  const lat = arrived.map((p) => p.arrived - p.sent);
  const ack = pings.filter((p) => p.acked).map((p) => p.acked - p.sent);
  const pct = (xs: number[], q: number): number => (xs.length ? percentile(xs, q) : NaN);
  const m: LatencyMeasure = {
    rate: cfg.rate, seconds: cfg.seconds, sent: sentCount, offeredRate: sendMs > 0 ? ((sentCount - 1) * 1000) / sendMs : 0,
    p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), max: lat.length ? lat.reduce((a, x) => Math.max(a, x), -Infinity) : NaN,
    ackP50: pct(ack, 50), ackP99: pct(ack, 99),
    received: arrived.length, missing: sentCount - arrived.length, repeated: pings.filter((p) => p.times > 1).length,
    failedRequests: run.failed, failures: run.failures,
    saturated: run.saturated, answeredRate: lastAnswer > pings[0].sent ? (sentCount * 1000) / (lastAnswer - pings[0].sent) : 0,
    serverCpuMs, clientCpuMs: (cpu.user + cpu.system) / 1000,
    bySecond: latencyBySecond(pings),
  };
  progress(`latency: p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms (ack p50 ${m.ackP50.toFixed(1)} ms); ${m.missing} missing`);
  return m;
}

/** The `code` of a JSON error answer, or the start of its text. */
function errorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    if (typeof code === 'string') return code;
  } catch {
    // not JSON
  }
  return text.slice(0, 40);
}
