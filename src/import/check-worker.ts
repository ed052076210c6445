import { parentPort, workerData } from 'node:worker_threads';
import { checkRange, type CheckJob } from './check-range.js';

// Worker thread entry: check one part of a file and report progress, then the result.

export type WorkerMessage =
  | { readonly type: 'progress'; readonly bytes: number }
  | { readonly type: 'done'; readonly result: Awaited<ReturnType<typeof checkRange>> };

const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
const result = await checkRange(workerData as CheckJob, (bytes) => post({ type: 'progress', bytes }));
post({ type: 'done', result });
