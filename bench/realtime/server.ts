import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { progress } from '../measure.js';
import { getJson, send } from './http.js';

// `segmint serve` in a child process, exactly as a user starts it: its memory is read
// from /proc, and the bench's own work never counts towards it.

const BIN = fileURLToPath(new URL('../../../bin/segmint.js', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** From spawning the process to the first 200 of /healthz. */
  readonly healthzMs: number;
  /** performance.now() at spawn. */
  readonly spawnedAt: number;
  memory(): { rssBytes: number; hwmBytes: number };
  /** The highest VmHWM read so far (sampled every 250 ms): still known after the process is gone. */
  peakRssBytes(): number;
  /** Null while it runs. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Settles with the exit. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** CPU time the process has used (user + system), ms. */
  cpuMs(): number;
  stderr(): string;
  /** SIGTERM, and wait for the exit (the server drains and closes the store). */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

let ticks: number | null = null;
function clockTicks(): number {
  if (ticks === null) {
    try { ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { ticks = 100; }
  }
  return ticks;
}

export function procMemory(pid: number): { rssBytes: number; hwmBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
}

export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime 14, stime 15 (1-based over the whole line).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

export interface StartOptions {
  /** Write a V8 CPU profile of the server here (`--cpu-prof`), written when it exits. */
  readonly profileDir?: string | null;
  readonly timeoutMs?: number;
}

export async function startServerProcess(dir: string, opts: StartOptions = {}): Promise<ServerProcess> {
  const env = { ...process.env };
  delete env.SEGMINT_NOW;
  delete env.SEGMINT_DATA;
  const args = [...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []), BIN, '--data', dir, 'serve', '--port', '0', '--json'];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (t: string) => { err = (err + t).slice(-20_000); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const info = await firstJson(child, exited, opts.timeoutMs ?? 600_000, () => err);
  const url = info.url;
  for (;;) {
    const r = await send(undefined, `${url}/healthz`, {}).catch(() => null);
    if (r?.status === 200) break;
    await new Promise((res) => setTimeout(res, 5));
  }
  const healthzMs = performance.now() - spawnedAt;
  const pid = child.pid as number;
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void exited.then((e) => { exitInfo = e; });
  let peak = 0;
  const sample = (): void => {
    try {
      const hwm = procMemory(pid).hwmBytes;
      if (Number.isFinite(hwm)) peak = Math.max(peak, hwm);
    } catch {
      // gone
    }
  };
  sample();
  const sampler = setInterval(sample, 250);
  sampler.unref();
  void exited.then(() => clearInterval(sampler));
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> | null = null;
  return {
    url, pid, healthzMs, spawnedAt, exit: exited,
    peakRssBytes: () => { if (!exitInfo) sample(); return peak; },
    exited: () => exitInfo,
    memory: () => procMemory(pid),
    cpuMs: () => procCpuMs(pid),
    stderr: () => err,
    stop: () => (stopping ??= (async () => {
      const t = performance.now();
      if (!exitInfo) child.kill('SIGTERM');
      // A server that does not finish its shutdown within a minute is killed.
      const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const done = await exited;
      clearTimeout(kill);
      return { ...done, ms: performance.now() - t };
    })()),
  };
}

async function firstJson(child: ChildProcess, exited: Promise<{ code: number | null }>, timeoutMs: number, err: () => string): Promise<{ url: string; pid: number }> {
  let out = '';
  const line = new Promise<{ url: string; pid: number }>((resolve) => {
    // `--json` prints one JSON document (over several lines) once the server listens.
    child.stdout?.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      try {
        resolve(JSON.parse(out) as { url: string; pid: number });
      } catch {
        // not all of it yet
      }
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const failed = Promise.race([
    exited.then((e) => { throw new Error(`segmint serve exited (${e.code}) before serving:\n${err()}`); }),
    new Promise<never>((_r, reject) => { timer = setTimeout(() => reject(new Error(`segmint serve did not start within ${timeoutMs} ms:\n${err()}`)), timeoutMs); }),
  ]);
  try {
    return await Promise.race([line, failed]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once the live path's background scan has finished: `upcoming` waits for it.
 * (It then walks the contacts due within a day, which the time reported includes.)
 */
export async function scanFinished(url: string, adminKey: string, alias: string): Promise<void> {
  await getJson(`${url}/api/v1/segments/${alias}/upcoming?days=1`, adminKey);
}

/** The same call again, the scan being over: what the walk alone costs (part of the scan time reported). */
export async function upcomingMs(url: string, adminKey: string, alias: string): Promise<number> {
  const t = performance.now();
  await getJson(`${url}/api/v1/segments/${alias}/upcoming?days=1`, adminKey);
  return performance.now() - t;
}

/** Stop a server and report how it ended; a non-zero exit is an error of the run. */
export async function stopServer(s: ServerProcess): Promise<number> {
  const r = await s.stop();
  if (r.code !== 0) throw new Error(`segmint serve ended with ${r.code ?? r.signal}:\n${s.stderr()}`);
  progress(`server stopped in ${(r.ms / 1000).toFixed(1)} s`);
  // A request the server failed (a 503, say) is logged there with its cause.
  if (s.stderr().trim()) progress(`the server wrote to stderr: ${lastLines(s.stderr(), 5)}`);
  return r.ms;
}

/** The server process ended, or did not finish a phase in time, while the benchmark still needed it. */
export class ServerExited extends Error {
  constructor(readonly phase: string, readonly code: number | null, readonly signal: NodeJS.Signals | null, readonly afterMs: number, readonly peakRssBytes: number, readonly stderr: string, readonly timedOut = false) {
    super(`segmint serve ${timedOut ? 'did not finish' : `exited (${code ?? signal}) during`} ${phase}${timedOut ? ' in time' : ''}, ${(afterMs / 1000).toFixed(1)} s after it was spawned (peak RSS ${(peakRssBytes / 1024 ** 3).toFixed(2)} GiB): ${lastLines(stderr, 3)}`);
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join(' | ') || '(nothing on stderr)';
}

/** `p`, unless the server exits first (or `timeoutMs` passes): then ServerExited naming the phase. */
export async function guard<T>(s: ServerProcess, phase: string, p: Promise<T>, timeoutMs?: number): Promise<T> {
  const failed = (timedOut: boolean, e?: { code: number | null; signal: NodeJS.Signals | null }): ServerExited =>
    new ServerExited(phase, e?.code ?? null, e?.signal ?? null, performance.now() - s.spawnedAt, s.peakRssBytes(), s.stderr(), timedOut);
  const died = s.exit.then((e) => { throw failed(false, e); });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_r, reject) => { if (timeoutMs !== undefined) timer = setTimeout(() => reject(failed(true)), timeoutMs); });
  try {
    return await Promise.race([p, died, late]);
  } catch (e) {
    // A request the dying server cut off: report the exit, not the socket error.
    const gone = s.exited() ?? await Promise.race([s.exit, new Promise<null>((r) => setTimeout(() => r(null), 500))]);
    if (gone && !(e instanceof ServerExited)) throw failed(false, gone);
    throw e;
  } finally {
    clearTimeout(timer);
    died.catch(() => undefined);
  }
}

/** The server's own view of its memory, from /metrics (prom-client's process metrics). */
export async function heapUsed(url: string, adminKey: string): Promise<number | null> {
  const r = await send(undefined, `${url}/metrics`, { headers: { authorization: `Bearer ${adminKey}` } });
  const m = /^segmint_nodejs_heap_size_used_bytes (\S+)$/m.exec(r.text);
  return m ? Number(m[1]) : null;
}
