// Numbers and times for people: in the browser's locale, times in the workspace's zone
// (a contact's "last active" is the workspace's day, not the laptop's).

export interface Formatters {
  readonly tz: string;
  number(n: number | null | undefined): string;
  /** +12 / −3 / 0 */
  signed(n: number): string;
  percent(fraction: number, digits?: number): string;
  /** 15 Mar 2026, 10:04 */
  dateTime(iso: string | number | null | undefined): string;
  /** 15 Mar 2026 */
  date(iso: string | number | null | undefined): string;
  /** A calendar date string (2026-03-15) as the locale writes it, without moving it across zones. */
  day(ymd: string, style?: 'short' | 'medium'): string;
  /** "3 minutes ago", "in 2 days" (from the server's clock, which a test or what-if may have fixed) */
  relative(iso: string | number | null | undefined, now?: number): string;
  /** The server's time now, in ms. */
  now(): number;
  /** A value of any field type, as shown in tables. */
  value(v: unknown, type?: string): string;
}

const DASH = '—';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000], ['month', 30 * 86_400_000], ['week', 7 * 86_400_000],
  ['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000],
];

export function makeFormatters(tz: string, locale?: string, clock: () => number = Date.now): Formatters {
  const zone = safeZone(tz);
  const num = new Intl.NumberFormat(locale);
  const signedFmt = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' });
  const dt = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
  const d = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium' });
  const dayMedium = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' });
  const dayShort = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  const rel = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const toMs = (v: string | number): number => (typeof v === 'number' ? v : Date.parse(v));
  const f: Formatters = {
    tz: zone,
    number: (n) => (n === null || n === undefined || Number.isNaN(n) ? DASH : num.format(n)),
    signed: (n) => signedFmt.format(n).replace('-', '−'),
    percent: (x, digits = 1) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(x),
    dateTime: (v) => (v === null || v === undefined || Number.isNaN(toMs(v)) ? DASH : dt.format(toMs(v))),
    date: (v) => (v === null || v === undefined || Number.isNaN(toMs(v)) ? DASH : d.format(toMs(v))),
    day: (ymd, style = 'medium') => {
      const ms = Date.parse(`${ymd}T00:00:00Z`);
      if (Number.isNaN(ms)) return ymd;
      return (style === 'short' ? dayShort : dayMedium).format(ms);
    },
    now: clock,
    relative: (v, now = clock()) => {
      if (v === null || v === undefined) return DASH;
      const diff = toMs(v) - now;
      if (Number.isNaN(diff)) return DASH;
      for (const [unit, ms] of UNITS) {
        if (Math.abs(diff) >= ms || unit === 'second') return rel.format(Math.round(diff / ms), unit);
      }
      return DASH;
    },
    value: (v, type) => {
      if (v === null || v === undefined || v === '') return DASH;
      if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : DASH;
      if (typeof v === 'number') return num.format(v);
      if (typeof v === 'boolean') return v ? 'yes' : 'no';
      if (typeof v === 'string' && type === 'datetime') return f.dateTime(v);
      if (typeof v === 'string' && type === 'date') return f.day(v);
      if (typeof v === 'object') return JSON.stringify(v);
      return String(v);
    },
  };
  return f;
}

function safeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}
