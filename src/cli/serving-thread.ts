import v8 from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { wholeNumberFromEnv } from './env-number.js';

// `serve` and `demo` run the command in a worker thread of the same process (one pid, the
// same stdio, signals passed on): a thread's heap can be given its own limits, which a
// running process cannot change for itself. The server's young generation is a third
// larger than V8's default. It was four times larger while the contact cache was most of
// the heap: requests then outlived two scavenges, were promoted and copied at every
// scavenge after (M at 2,000 single-event requests a second: median 1.2 s at V8's
// default, 113 ms at 192 MiB). Since the cache holds about one object a contact, the
// smaller size answers better: M, ingestion then single events, paired runs in ABBA
// order, p99 178 / 156 ms at 64 MiB against 1.51 s / 357 ms at 192 (docs/performance.md).
// Once a request's parsed messages were let go as soon as its write was built, a larger one
// let most of a /v1/batch request's data die young: M, 200,000 events in paired runs,
// 56–58 MiB promoted at 256 MiB against 125–131 at 128 and 174–181 at 64, scavenges
// 0.22–0.24 s against 0.39–0.43 and 0.64, 33,857–34,183 events/s against 31,837–32,955 at
// 128. SEGMINT_YOUNG_GENERATION_MB sets another size (48: V8's default).

/** Young generation of the serving thread, in MiB (V8's default: 48). */
const YOUNG_GENERATION_MB = 256;

// How far V8 lets the old space grow past what its last full collection left live, in
// percent. V8's own factor rises to 4× for a fast-allocating program: the start-up scan
// and heavy ingestion then left 2–3× the live heap committed (M: 3.0 GiB peak during the
// scan, 2.6 GiB after 200,000 ingested events, on 0.7 GiB live). At half again, full
// collections come more often but each marks the same live heap, and on M the scan took
// no longer (docs/performance.md). V8 reads its flags for every isolate of the process;
// set before the serving thread's heap exists.
const HEAP_GROWING_PERCENT = 50;

/** The size SEGMINT_YOUNG_GENERATION_MB asks for (default when unset), or why it cannot be used. */
function youngGenerationMb(): number | string {
  return wholeNumberFromEnv(process.env, 'SEGMINT_YOUNG_GENERATION_MB', { min: 16, max: 4096, unit: 'MiB', fallback: YOUNG_GENERATION_MB });
}

interface ServingData { readonly argv: readonly string[]; readonly stderrIsTTY: boolean }

const serving = (isMainThread ? null : (workerData as Partial<ServingData> | null)) ?? null;

/** The command line: the process's own, or the one passed to the serving thread. */
export function commandLine(): string[] {
  return serving?.argv ? [...serving.argv] : process.argv;
}

/** Whether stderr is a terminal (in the serving thread: whether the process's is). */
export function stderrIsTerminal(): boolean {
  return serving ? serving.stderrIsTTY === true : process.stderr.isTTY === true;
}

/** Whether this command line serves (and so runs in a serving thread); SEGMINT_SERVING_THREAD=0 keeps it on the main thread. */
export function wantsServingThread(argv: readonly string[]): boolean {
  if (!isMainThread || process.env.SEGMINT_SERVING_THREAD === '0') return false;
  const args = argv.slice(2);
  const command = args.find((a, i) => !a.startsWith('-') && !VALUED.has(args[i - 1] ?? ''));
  return command === 'serve' || (command === 'demo' && !args.includes('--no-serve') && !args.includes('--help') && !args.includes('-h'));
}

/** Global options that take a value (so the value is not taken for the command). */
const VALUED = new Set(['--data', '--database-url', '--now']);

/** Run `main` (this CLI's entry module) in a serving thread; the process ends with its exit code. */
export function runInServingThread(main: URL, argv: readonly string[]): void {
  const young = youngGenerationMb();
  if (typeof young === 'string') {
    process.stderr.write(`segmint: ${young}\n`);
    process.exitCode = 2;
    return;
  }
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const worker = new Worker(main, {
    workerData: { argv, stderrIsTTY: process.stderr.isTTY === true } satisfies ServingData,
    resourceLimits: { maxYoungGenerationSizeMb: young },
  });
  const forward = (signal: NodeJS.Signals): void => worker.postMessage({ signal });
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  worker.on('error', (e) => {
    process.stderr.write(`segmint: ${e.message}\n`);
    process.exitCode = 1;
  });
  worker.on('exit', (code) => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    process.exitCode ||= code;
  });
}

/** In the serving thread: signals the process receives arrive as messages and are raised here. */
export function receiveSignals(): void {
  if (!serving || !parentPort) return;
  parentPort.on('message', (m: { signal?: NodeJS.Signals }) => {
    if (m.signal === 'SIGINT' || m.signal === 'SIGTERM') process.emit(m.signal, m.signal);
  });
  // Only what the command itself runs keeps the thread alive.
  parentPort.unref();
}
