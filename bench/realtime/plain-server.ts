import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { percentile, progress } from '../measure.js';
import type { RealtimeConfig } from './config.js';
import { latencyBySecond, sendPaced, type SecondOfLatency } from './latency.js';

// Baseline for the latency measure: the same single-event requests, from the same client,
// answered by a plain Node HTTP server that stores and decides nothing — in a worker thread
// of its own process with the listening settings `segmint serve` uses. What it shows is
// what Node's HTTP, the client's burst of new connections and this machine cost by
// themselves. Run as a script, it serves and prints its address; imported, it starts one.

export interface PlainBaseline {
  /** Sent → 200, ms. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly bySecond: readonly SecondOfLatency[];
  readonly sent: number;
  readonly failedRequests: number;
}

function serveInThisThread(): void {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      // Answered on the next turn, as a group commit answers.
      setImmediate(() => {
        const text = '{"success":true}';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length), 'access-control-allow-origin': '*' });
        res.end(text);
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => parentPort?.postMessage((server.address() as AddressInfo).port));
}

/** Start the plain server in a process of its own. */
export async function startPlainServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(line);
    });
    void exited.then(() => reject(new Error('the plain server exited before it listened')));
  });
  return { url, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

/** The latency measure's requests (same rate, sockets and bodies' shape) against the plain server. */
export async function measurePlain(cfg: RealtimeConfig['ping'], contacts: readonly string[], prefix: string): Promise<PlainBaseline> {
  const total = Math.min(contacts.length, Math.round(cfg.rate * cfg.seconds));
  progress(`baseline: ${total.toLocaleString('en-US')} single-event requests at ${cfg.rate}/s to a plain Node HTTP server …`);
  const plain = await startPlainServer();
  try {
    const bodies = contacts.slice(0, total).map((id, i) => Buffer.from(JSON.stringify({ userId: id, event: 'bench_ping', messageId: `${prefix}${i}` })));
    const run = await sendPaced(`${plain.url}/v1/track`, { authorization: 'Basic cGxhaW46' }, bodies, cfg);
    const pings = run.sent.map((sent, i) => ({ sent, arrived: run.acked[i] }));
    const lat = pings.filter((p) => p.arrived).map((p) => p.arrived - p.sent);
    return {
      p50: lat.length ? percentile(lat, 50) : NaN, p99: lat.length ? percentile(lat, 99) : NaN, max: lat.length ? lat.reduce((a, x) => Math.max(a, x), -Infinity) : NaN,
      bySecond: latencyBySecond(pings), sent: run.sent.length, failedRequests: run.failed,
    };
  } finally {
    await plain.stop();
  }
}

const SERVING = 'plain-server';
if (!isMainThread && workerData === SERVING) serveInThisThread();
else if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: SERVING });
  worker.once('message', (port: number) => process.stdout.write(`http://127.0.0.1:${port}\n`));
  process.once('SIGTERM', () => void worker.terminate().then(() => process.exit(0)));
}
