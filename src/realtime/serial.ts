// One store connection runs one statement at a time, and a transaction must not take in
// another request's statements: every use of the store by the live workspace runs here,
// one after another. Work in the `background` lane (the webhook worker's bookkeeping)
// waits while other work does, except that a piece of it runs at least every
// BACKGROUND_TURN_MS, so it is never starved; a write group waits behind at most one
// piece of it instead of every piece queued before it. (In turn with the writes — one
// piece after every four groups — it still took the median single-event write from
// 20 to 95–213 ms on S with one subscription.) Within a lane, work runs in the order asked.

export type Lane = 'foreground' | 'background';

const BACKGROUND_TURN_MS = 250;

export class Serial {
  private busy = false;
  private readonly lanes: Record<Lane, (() => Promise<void>)[]> = { foreground: [], background: [] };
  private lastBackground = performance.now();

  run<T>(fn: () => Promise<T>, lane: Lane = 'foreground'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.lanes[lane].push(() => Promise.resolve().then(fn).then(resolve, reject));
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    const { foreground, background } = this.lanes;
    const now = performance.now();
    const turn = background.length > 0 && (foreground.length === 0 || now - this.lastBackground >= BACKGROUND_TURN_MS);
    const job = turn ? background.shift() : foreground.shift();
    if (turn || background.length === 0) this.lastBackground = now;
    this.busy = job !== undefined;
    if (job) void job().finally(() => this.next());
  }
}
