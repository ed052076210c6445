import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

// A serving process keeps a large, long-lived heap (the contact cache) and holds every
// request in flight for the few milliseconds of its group's commit. With V8's default
// young generation (16 MiB a semi-space) those requests outlive two scavenges under load,
// are promoted and then copied on every scavenge after: on a million contacts at 2,000
// requests a second a third of the process went to collecting garbage and the median
// answer took 0.8 s. With 64 MiB a semi-space most requests die young (median 85 ms on the
// same load). The size can only be set when a heap is made, and a thread's heap can be
// given its own limits, so `serve` and `demo` run the command in a worker thread of the
// same process: one pid, the same stdio, signals passed on.

/** Young generation of the serving thread (three semi-spaces' worth: 64 MiB each). */
const YOUNG_GENERATION_MB = 192;

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
  const worker = new Worker(main, {
    workerData: { argv, stderrIsTTY: process.stderr.isTTY === true } satisfies ServingData,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
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
