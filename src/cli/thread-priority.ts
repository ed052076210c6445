import { readdirSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { wholeNumberFromEnv } from './env-number.js';

// The serving thread answers every request and decides every membership; the process's
// other threads mostly do work nobody waits for at that moment: V8's collector helpers,
// DuckDB applying journaled writes and answering reads, the file system's pool. On two cores
// they were runnable beside the serving thread so often that it waited 100–350 ms a
// second for a core while answering 2,000 single events a second, and a request arriving
// then waited with it. Lowered to nice 10 (weight 110 against a nice-0 thread's 1024:
// about a tenth of a core both want), they still get every core the serving thread leaves
// idle: M, paired measures in one server, p99 65/135/85 ms against 199/192/223 at the same
// priority, and /v1/batch ingestion the same (docs/performance.md). Linux only (a thread's
// niceness is its own there); threads started later are caught by a sweep every few seconds.
// V8's helpers are lowered too, although in a collection's pause the serving thread does
// wait for the work they took (a helper preempted by another program holds it up): left at
// its priority, their concurrent marking took its core again (warm p99 76–148 ms against
// 42–61 with them lowered).

/** The nice value the serving thread gives every other thread of its process (0: leave them be). */
export const BACKGROUND_NICE = 10;
const SWEEP_MS = 2_000;

/** The nice value SEGMINT_BACKGROUND_NICE asks for (default when unset), or why it cannot be used. */
export function backgroundNice(env: NodeJS.ProcessEnv = process.env): number | string {
  return wholeNumberFromEnv(env, 'SEGMINT_BACKGROUND_NICE', { min: 0, max: 19, unit: 'nice steps', fallback: BACKGROUND_NICE });
}

/** This thread's id, or null where /proc does not tell (not Linux). */
function thisThread(): string | null {
  try {
    return readlinkSync('/proc/thread-self').split('/').pop() as string;
  } catch {
    return null;
  }
}

/**
 * Make every other thread of this process `nice` steps nicer than this one, now and every
 * few seconds (threads are started lazily). Returns a function that stops the sweeps; a
 * no-op where threads cannot be told apart.
 */
export function putThisThreadFirst(nice: number): () => void {
  const self = thisThread();
  if (nice === 0 || self === null) return () => undefined;
  const target = Math.min(19, getPriority(Number(self)) + nice);
  const sweep = (): void => {
    for (const tid of readdirSync('/proc/self/task')) {
      if (tid === self) continue;
      try {
        setPriority(Number(tid), target);
      } catch {
        // Ended since it was listed.
      }
    }
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
