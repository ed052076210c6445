// One store connection runs one statement at a time, and a transaction must not take in
// another request's statements: every use of the store by the live workspace runs here,
// one after another, in the order asked.

export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const out = this.tail.then(fn, fn);
    this.tail = out.catch(() => undefined);
    return out;
  }
}
