import v8 from 'node:v8';
import vm from 'node:vm';

// The start-up scan builds the live cache out of many short-lived objects, and V8 lets its
// old space grow to a few times what is live before it collects: on a million contacts
// ~0.7 GiB is live when the scan ends but ~1.9 GiB is committed, and an ordinary full
// collection frees the garbage without giving the pages back (it moves objects only off
// the few pages it judges worth it). V8 would shrink the heap on its own once the process
// idles, but a server taking traffic never idles. One collection that compacts every page,
// right after the scan, brings the committed heap down to what is live.

let collect: (() => void) | null = null;

/** The `gc` function V8 gives a context when asked to: exposed once, for this process. */
function collector(): () => void {
  if (collect) return collect;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return (collect = exposed);
  v8.setFlagsFromString('--expose-gc');
  // Only contexts created after the flag have it.
  collect = vm.runInNewContext('gc') as () => void;
  return collect;
}

/** Collect garbage now and move every live object together, so the freed pages return to the system. */
export function compactHeap(): void {
  const gc = collector();
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}
