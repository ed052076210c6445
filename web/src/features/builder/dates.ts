// Dates and durations as the segment language writes them (`-1mo`, `today-1y`, `30d`,
// `2026-01-31`), read into parts a form can show ("1 month ago") and written back.

export const UNITS = ['m', 'h', 'd', 'w', 'mo', 'y'] as const;
export type Unit = (typeof UNITS)[number] | 's';

export const UNIT_WORDS: Record<Unit, [string, string]> = {
  s: ['second', 'seconds'], m: ['minute', 'minutes'], h: ['hour', 'hours'], d: ['day', 'days'],
  w: ['week', 'weeks'], mo: ['month', 'months'], y: ['year', 'years'],
};

export const ANCHORS = ['now', 'today', 'start_of_week', 'start_of_month', 'start_of_year'] as const;
export type Anchor = (typeof ANCHORS)[number];

export const ANCHOR_WORDS: Record<Anchor, string> = {
  now: 'now', today: 'today', start_of_week: 'start of this week', start_of_month: 'start of this month', start_of_year: 'start of this year',
};

export interface Duration { readonly amount: number; readonly unit: Unit }

export type DateParts =
  | { readonly mode: 'relative'; readonly anchor: Anchor; readonly offset: { readonly sign: 1 | -1; readonly duration: Duration } | null }
  | { readonly mode: 'absolute'; readonly iso: string };

const DURATION = /^(\d+)(mo|s|m|h|d|w|y)$/;
const RELATIVE = /^(now|today|start_of_week|start_of_month|start_of_year)?(?:([+-])(\d+)(mo|s|m|h|d|w|y))?$/;

export function parseDuration(text: string | undefined): Duration | null {
  const m = text === undefined ? null : DURATION.exec(text.trim());
  return m ? { amount: Number(m[1]), unit: m[2] as Unit } : null;
}

export function formatDuration(d: Duration): string {
  return `${d.amount}${d.unit}`;
}

export function describeDuration(d: Duration): string {
  const [one, many] = UNIT_WORDS[d.unit];
  return `${d.amount} ${d.amount === 1 ? one : many}`;
}

/** A date value read into its parts; null for text that is neither relative nor ISO. */
export function parseDate(text: string | undefined): DateParts | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (!t) return null;
  const m = RELATIVE.exec(t);
  if (m && (m[1] || m[2])) {
    const anchor = (m[1] ?? 'now') as Anchor;
    const offset = m[2] ? { sign: (m[2] === '-' ? -1 : 1) as 1 | -1, duration: { amount: Number(m[3]), unit: m[4] as Unit } } : null;
    return { mode: 'relative', anchor, offset };
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return { mode: 'absolute', iso: t };
  return null;
}

export function formatDate(p: DateParts): string {
  if (p.mode === 'absolute') return p.iso;
  const off = p.offset ? `${p.offset.sign < 0 ? '-' : '+'}${formatDuration(p.offset.duration)}` : '';
  // A bare offset means "from now": `-1mo` rather than `now-1mo`.
  if (p.anchor === 'now' && off) return off;
  return `${p.anchor}${off}`;
}

/** In words: "-1mo" → "1 month ago", "today-1y" → "1 year before today", "+2w" → "in 2 weeks". */
export function describeDate(text: string | undefined): string {
  const p = parseDate(text);
  if (!p) return text ?? '';
  if (p.mode === 'absolute') return p.iso;
  if (!p.offset) return ANCHOR_WORDS[p.anchor];
  const d = describeDuration(p.offset.duration);
  if (p.anchor === 'now') return p.offset.sign < 0 ? `${d} ago` : `in ${d}`;
  return `${d} ${p.offset.sign < 0 ? 'before' : 'after'} ${ANCHOR_WORDS[p.anchor]}`;
}

/** "30d" → "the last 30 days". */
export function describeWindow(w: string | { from?: string; to?: string } | undefined): string {
  if (w === undefined) return 'at any time';
  if (typeof w === 'string') {
    const d = parseDuration(w);
    return d ? `in the last ${describeDuration(d)}` : w;
  }
  if (w.from && w.to) return `from ${describeDate(w.from)} to ${describeDate(w.to)}`;
  if (w.from) return `since ${describeDate(w.from)}`;
  if (w.to) return `until ${describeDate(w.to)}`;
  return 'at any time';
}
