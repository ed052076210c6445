// ISO-8601 text for whole-second UTC times. `Date#toISOString` per event was the
// generator's hottest call; events fall on a few hundred distinct days, so the date
// part is cached per day and only the time of day is built each time.

const TWO: readonly string[] = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const DAY = 86400;

/** Days are cached in an array indexed from this day (1863), faster than a Map keyed by doubles. */
const FIRST_DAY = -40000;

export class IsoClock {
  private readonly days: (string | undefined)[] = [];

  /** Calendar date `YYYY-MM-DD` (UTC) of a time in epoch seconds. */
  date(sec: number): string {
    const day = Math.floor(sec / DAY);
    const slot = day - FIRST_DAY;
    let s = slot >= 0 ? this.days[slot] : undefined;
    if (s === undefined) {
      s = new Date(day * DAY * 1000).toISOString().slice(0, 10);
      if (slot >= 0 && slot < 200000) this.days[slot] = s;
    }
    return s;
  }

  /** `YYYY-MM-DDTHH:MM:SSZ` of a time in epoch seconds. */
  dateTime(sec: number): string {
    const t = sec - Math.floor(sec / DAY) * DAY;
    const h = Math.floor(t / 3600);
    const m = Math.floor((t - h * 3600) / 60);
    return `${this.date(sec)}T${TWO[h]}:${TWO[m]}:${TWO[t - h * 3600 - m * 60]}Z`;
  }
}
