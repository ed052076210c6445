// Shared copies of what a scan reads many times over.

/**
 * One string for each short text value a scan reads many times (a city, a status, a list
 * element, a campaign name): a million contacts otherwise hold a million copies of "CH".
 * Bounded: past its size it hands values through unchanged.
 */
export class Interner {
  private readonly seen = new Map<string, string>();
  value(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    return v;
  }
  /** Event names: few, and one on every event, so shared whatever their length. */
  name(s: string): string {
    const held = this.seen.get(s);
    if (held !== undefined) return held;
    this.seen.set(s, s);
    return s;
  }
  private text(s: string): string {
    if (s.length > 40) return s;
    const held = this.seen.get(s);
    if (held !== undefined) return held;
    if (this.seen.size < 200_000) this.seen.set(s, s);
    return s;
  }
}
