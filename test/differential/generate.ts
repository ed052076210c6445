import type { Condition, FieldCondition, FieldOp, MeasureOp, WhereCondition, Window } from '../../src/condition/types.js';
import type { FieldDef } from '../../src/fields/index.js';
import type { FixtureContact, FixtureEvent } from '../workspace-fixture.js';

// Generated workspaces and condition trees that lean on the corners where two executors
// could disagree: missing and empty values, case and Unicode, DST days, Feb 29, window
// edges to the second, exactly elapsed gaps, non-numeric values, events after `now`.
// When a disagreement is found anywhere (conformance, users), add its shape here.

export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0 || 1; }
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  chance(p: number): boolean { return this.next() < p; }
  some<T>(xs: readonly T[], max = 3): T[] {
    const n = this.int(1, Math.min(max, xs.length));
    const out: T[] = [];
    while (out.length < n) { const x = this.pick(xs); if (!out.includes(x)) out.push(x); }
    return out;
  }
}

export const FIELDS: FieldDef[] = [
  { key: 'city', label: 'City', type: 'text' },
  { key: 'points', label: 'Points', type: 'number' },
  { key: 'vip', label: 'VIP', type: 'boolean' },
  { key: 'birth_date', label: 'Birth date', type: 'date' },
  { key: 'registered_at', label: 'Registered', type: 'datetime' },
  { key: 'status', label: 'Status', type: 'select', options: ['prospect', 'customer', 'vip', 'gold'] },
  { key: 'interests', label: 'Interests', type: 'multiselect', options: ['tech', 'events', 'Sustainability', 'user_tips'] },
  { key: 'website', label: 'Website', type: 'url' },
  // Named like an Object method: a contact without it must read as missing, not as the method.
  { key: 'constructor', label: 'Constructor', type: 'text' },
];

const CITIES = ['Zu\u0308rich', 'Zürich', 'zürich', 'ZÜRICH', 'Zurich', 'Genève', 'GENÈVE', 'Bern', 'bern ', 'ΟΔΟΣ', 'İstanbul', 'straße', 'Basel-Stadt', 'a.b*c', 'x"y', 'STRAẞE', 'Bern\nBümpliz', 'ıslak', 'Kelvin \u212a', '8001 Zürich', '😀 Town', 'aaaa', '\uFEFFBern'];
const TAGS = ['vip', 'VIP', 'beta', 'Eco', 'eco', 'newsletter', 'Ünïcode'];
const NAMES = ['Anna', 'anna', 'ÉLISE', 'Mia', 'Luca', 'Noah'];
const EMAILS = ['a@mail.ch', 'B@MAIL.CH', 'c@example.org', 'd@Example.com', 'x.y@mail.chx'];
const EVENT_NAMES = ['page_view', 'purchase', 'cart_add', 'login', 'Order Completed'];
const CATEGORIES = ['Hu\u0308te', 'shoes', 'Shoes', 'SHOES', 'hats', 'Hüte', ''];
const URLS = ['/products/shoe', '/PRODUCTS/hat', '/blog/tips', '/pricing', ''];
const AMOUNTS: unknown[] = [1e29, 2.5e21, 0, 12.5, 49, 99.99, 100, 150, 0.1, 0.2, -5, 1200, '200', 'n/a', true, null];
const CAMPAIGNS: unknown[] = ['welcome', 'Welcome', 'spring', 1, 1.0, true, ''];

/** Instants the generator anchors dates to: each clock and the edges of its windows. */
export interface Clock { readonly now: string; readonly tz: string }

export const CLOCKS: readonly Clock[] = [
  { now: '2026-10-25T09:00:00Z', tz: 'Europe/Zurich' },     // summer time ends that night
  { now: '2026-03-29T01:30:00Z', tz: 'Europe/Zurich' },     // summer time began 30 minutes ago
  { now: '2028-02-29T07:00:00Z', tz: 'Europe/Zurich' },     // leap day
  { now: '2027-02-28T23:30:00Z', tz: 'UTC' },               // common-year Feb 28, late
  { now: '2026-12-31T23:00:00Z', tz: 'America/New_York' },  // year end in another zone
  { now: '2026-10-03T15:30:00Z', tz: 'Australia/Lord_Howe' }, // its summer time begins: clocks move 30 minutes
  { now: '2026-04-04T20:00:00Z', tz: 'Pacific/Chatham' },   // +12:45 since its summer time (+13:45) ended 6 h ago
];

const DURATIONS = ['30d', '7d', '48h', '1mo', '2w', '90m', '1y', '24h', '1d'];
const DAY = 86_400_000;

function iso(ms: number): string { return new Date(ms).toISOString(); }

/** Instants near the clock that sit on or next to window boundaries and DST edges. */
function edgeInstants(clock: Clock): number[] {
  const now = Date.parse(clock.now);
  const out = [now, now - 1000, now + 1000];
  for (const d of [30, 7, 2, 1, 14, 60, 365]) out.push(now - d * DAY, now - d * DAY + 1000, now - d * DAY - 1000, now - d * DAY + 3_600_000, now - d * DAY - 3_600_000);
  out.push(now - 48 * 3_600_000, now - 24 * 3_600_000, now - 90 * 60_000, now - 90 * 60_000 - 1000);
  // Around the DST changes of 2026 in Europe (01:00 UTC) and the US (06:00/07:00 UTC).
  for (const t of ['2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', '2026-10-25T00:59:59Z', '2026-10-25T01:00:00Z', '2026-10-24T00:30:00Z', '2026-11-01T06:00:00Z']) out.push(Date.parse(t));
  return out;
}

export function generateContacts(rng: Rng, n: number): FixtureContact[] {
  const out: FixtureContact[] = [];
  const births = ['1986-02-28', '1988-02-29', '1990-03-01', '2000-10-25', '1975-10-24', '1980-12-31', '1996-02-29', '2026-10-26', '1970-01-01'];
  const regs = ['2026-10-25T00:30:00Z', '2026-10-24T22:30:00Z', '2026-09-25T09:00:00Z', '2026-03-29T00:30:00Z', '2028-02-28T23:00:00Z', '2026-12-31T04:59:59Z', '2026-12-31T05:00:00Z', '2025-10-25T09:00:00Z'];
  for (let i = 0; i < n; i++) {
    const c: FixtureContact = { id: `c${String(i).padStart(3, '0')}` };
    if (rng.chance(0.8)) c.city = rng.chance(0.1) ? '' : rng.pick(CITIES);
    if (rng.chance(0.75)) c.points = rng.pick([0, 1, 99, 100, 999, 999.5, 1000, 1000.5, -3, 2500, '1000', 5e6]);
    if (rng.chance(0.7)) c.vip = rng.pick([true, false, 'true', 0]);
    if (rng.chance(0.7)) c.birth_date = rng.pick(births);
    if (rng.chance(0.7)) c.registered_at = rng.pick(regs);
    if (rng.chance(0.7)) c.status = rng.pick(['prospect', 'customer', 'VIP', 'gold', '']);
    if (rng.chance(0.6)) c.interests = rng.chance(0.1) ? [] : rng.some(['tech', 'events', 'sustainability', 'user_tips']);
    if (rng.chance(0.6)) c.tags = rng.chance(0.1) ? [] : rng.some(TAGS);
    if (rng.chance(0.7)) c.email = rng.pick(EMAILS);
    if (rng.chance(0.5)) c.phone = rng.pick(['+41 79 123 45 67', '+41791234567']);
    if (rng.chance(0.7)) c.first_name = rng.pick(NAMES);
    if (rng.chance(0.3)) c.website = rng.pick(['https://Example.com/a', 'http://shop.example/b']);
    if (rng.chance(0.3)) Object.assign(c, { constructor: rng.pick(['Zürich', 'function Object() { [native code] }', '']) });
    out.push(c);
  }
  return out;
}

export function generateEvents(rng: Rng, contacts: readonly FixtureContact[], perContact: number): FixtureEvent[] {
  const anchors = CLOCKS.flatMap(edgeInstants);
  const out: FixtureEvent[] = [];
  for (const c of contacts) {
    if (rng.chance(0.12)) continue; // some contacts never act
    const n = rng.int(0, perContact * 2);
    for (let i = 0; i < n; i++) {
      const name = rng.pick(EVENT_NAMES);
      // Mostly on or next to boundaries, sometimes anywhere in the year around them.
      const base = rng.pick(anchors);
      const ts = rng.chance(0.6) ? base : base + rng.int(-400, 400) * 3_600_000 + rng.pick([0, 0, 1000, -1000]);
      const properties: Record<string, unknown> = {};
      if (rng.chance(0.8)) properties.category = rng.pick(CATEGORIES);
      if (rng.chance(0.8)) properties.amount = rng.pick(AMOUNTS);
      if (rng.chance(0.6)) properties.url = rng.pick(URLS);
      if (rng.chance(0.5)) properties.campaign = rng.pick(CAMPAIGNS);
      if (rng.chance(0.2)) properties.page = { url: rng.pick(URLS), depth: rng.int(0, 3) };
      if (rng.chance(0.15)) Object.assign(properties, { toString: rng.pick(['shoes', '', 49]) });
      out.push({ contact_id: c.id, name, ts: iso(ts), properties });
      // Follow-ups at gap distances, to land exactly on sequence edges.
      if (rng.chance(0.3)) {
        const gap = rng.pick([48 * 3_600_000, 24 * 3_600_000, DAY, 3_600_000, 1000, 0]);
        out.push({ contact_id: c.id, name: rng.pick(['purchase', 'cart_add', 'login']), ts: iso(ts + gap + rng.pick([0, 0, 1000, -1000])), properties: { amount: rng.pick(AMOUNTS) } });
      }
    }
  }
  return out;
}

type Gen = (rng: Rng, depth: number) => Condition;

const TEXT_OPS: FieldOp[] = ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'ends_with', 'matches', 'not_matches', 'is_set', 'is_not_set'];
const NUM_OPS: FieldOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'not_between', 'in', 'not_in', 'is_set', 'is_not_set'];
const DATE_OPS: FieldOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'not_between', 'is_set', 'is_not_set'];
const SET_OPS: FieldOp[] = ['contains', 'not_contains', 'any_of', 'none_of', 'all_of', 'is_set', 'is_not_set'];
const DATE_VALUES = ['now', 'today', '-30d', '-1mo', '-2w', '-48h', '-90m', 'start_of_week', 'start_of_month', 'start_of_year-1y', 'today-1d', 'today+1d', '-1y', '2026-10-25', '2026-10-24', '2028-02-29', '2026-10-25T01:30:00+01:00', '2026-03-29T02:30:00', 'start_of_week-4w'];
/**
 * Patterns of the RE2 subset both executors run (the store's regexp_matches and the
 * evaluator's RE2 port): anchors, classes and their negations, alternation, counted
 * repeats, `.` against a newline and an astral character, escapes, and the Unicode case
 * orbits (ß/ẞ, σ/ς/Σ, k/K/K, İ/ı) where a case-insensitive match is easiest to get wrong.
 */
export const REGEXES = [
  '^z', 'ch$', 'ü', '^[a-z]+$', 'e.e', '\\.', 'b(er)?n', '^$', 'shoe|hat', '\\d+',
  '^zü', 'RICH$', '^bern $', '^Z.*H$', '^.{4}$', '^.{5,6}$', '^.{6}$', 'r{1,2}i', 'a{2,}', 'a{2}$', 'n{2}', '^(a+)+$',
  '[äöü]', '[^a-z ]', '^[A-Z]', '[à-ÿ]', '[^ -z]', '\\w+-\\w+', '\\s', '\\S+$', '^\\W', '\\bbern\\b', '[.*]', 'a\\.b\\*c', 'x"y',
  'zürich|genève', '^(bern|basel)', '(?:gen|zür)', '^(ist|ıs)', 'n.b', '^bümpliz', 'bern$', '(?:n|m).b',
  'ß', 'ẞ', 'σ$', 'ς', 'οδοσ', 'İ', 'ı', 'k', '\u212a', '😀', '^. town', '^\\d{4} ',
];

const WHERE_REGEXES = ['^/products', 'shoe|hat', '^s', '\\d', '^/(products|blog)/', 'h[üu]te', '^[a-z]{4,5}$', 'S$', '^$', 'ü', '^(hats|shoes)$'];

/**
 * Every pattern once on a contact field and once on an event property, each both
 * case-insensitive (the default) and case-sensitive: random trees meet a given pattern
 * on a given value too rarely to guard the engines' agreement on it.
 */
export function regexConditions(): Condition[] {
  const out: Condition[] = [];
  for (const value of REGEXES) {
    for (const cs of [{}, { case_sensitive: true }]) {
      out.push({ type: 'field', field: 'city', op: 'matches', value, ...cs });
      out.push({ type: 'field', field: 'first_name', op: 'not_matches', value, ...cs });
    }
  }
  for (const value of [...WHERE_REGEXES, ...REGEXES.slice(0, 12)]) {
    for (const cs of [{}, { case_sensitive: true }]) {
      for (const field of ['category', 'url']) out.push({ type: 'event', event: '*', where: { type: 'field', field, op: 'matches', value, ...cs } });
    }
  }
  return out;
}

function textValue(rng: Rng, key: string): string {
  if (key === 'email') return rng.pick(['mail.ch', '@mail.ch', 'a@mail.ch', 'EXAMPLE', '.org', 'b@mail.ch']);
  if (key === 'first_name') return rng.pick(['anna', 'Anna', 'élise', 'ÉLISE', 'mia', 'a']);
  if (key === 'status') return rng.pick(['prospect', 'VIP', 'vip', 'Gold', 'customer']);
  if (key === 'website') return rng.pick(['https', 'example', 'https://example.com/a']);
  if (key === 'id') return rng.pick(['c001', 'c0', '00', 'c01']);
  return rng.pick(['zu\u0308rich', 'zürich', 'ZÜRICH', 'zurich', 'genève', 'bern', 'bern ', 'ΟΔΟΣ', 'οδοσ', 'οδος', 'istanbul', 'i̇stanbul', 'STRASSE', 'straße', 'a.b*c', 'x"y', 'ü', 'z', 'basel']);
}

function fieldCondition(rng: Rng): FieldCondition {
  const kind = rng.pick(['text', 'text', 'number', 'bool', 'date', 'datetime', 'set', 'fn', 'last_active']);
  switch (kind) {
    case 'text': {
      const field = rng.pick(['city', 'email', 'first_name', 'status', 'website', 'id', 'phone', 'constructor']);
      const op = rng.pick(TEXT_OPS);
      const cs = rng.chance(0.25) ? { case_sensitive: true } : {};
      if (op === 'is_set' || op === 'is_not_set') return { type: 'field', field, op };
      if (op === 'in' || op === 'not_in') return { type: 'field', field, op, value: [textValue(rng, field), textValue(rng, field)], ...cs };
      if (op === 'matches' || op === 'not_matches') return { type: 'field', field, op, value: rng.pick(REGEXES), ...cs };
      if (field === 'status' && (op === 'contains' || op === 'starts_with' || op === 'ends_with')) return { type: 'field', field, op, value: 'o', ...cs };
      return { type: 'field', field, op, value: textValue(rng, field), ...cs };
    }
    case 'number': {
      const op = rng.pick(NUM_OPS);
      const v = (): number => rng.pick([0, 1, 99, 100, 999, 999.5, 1000, 1000.5, -3, 2500, 1e19, -1e19]);
      if (op === 'is_set' || op === 'is_not_set') return { type: 'field', field: 'points', op };
      if (op === 'between' || op === 'not_between') return { type: 'field', field: 'points', op, value: [v(), v()].sort((a, b) => a - b) };
      if (op === 'in' || op === 'not_in') return { type: 'field', field: 'points', op, value: [v(), v()] };
      return { type: 'field', field: 'points', op, value: v() };
    }
    case 'bool':
      return rng.chance(0.5)
        ? { type: 'field', field: 'vip', op: rng.pick(['is_true', 'is_false', 'is_set', 'is_not_set'] as FieldOp[]) }
        : rng.chance(0.7)
          ? { type: 'field', field: 'vip', op: rng.pick(['eq', 'neq'] as FieldOp[]), value: rng.chance(0.5) }
          : { type: 'field', field: 'vip', op: rng.pick(['in', 'not_in'] as FieldOp[]), value: [rng.chance(0.5)] };
    case 'date':
    case 'datetime': {
      const field = kind === 'date' ? 'birth_date' : rng.pick(['registered_at', 'created_at']);
      const op = rng.pick(DATE_OPS);
      if (op === 'is_set' || op === 'is_not_set') return { type: 'field', field, op };
      if (rng.chance(0.1)) return { type: 'field', field, op: rng.pick(['in', 'not_in'] as FieldOp[]), value: [rng.pick(['2026-10-25T00:30:00Z', '2026-10-25', '1988-02-29', '2026-12-31T05:00:00Z']), rng.pick(DATE_VALUES)] };
      if (op === 'between' || op === 'not_between') return { type: 'field', field, op, value: [rng.pick(['-1y', '-30d', '1980-01-01', '2026-10-24', 'start_of_month']), rng.pick(['now', 'today', '2028-02-29', '+1d'])] };
      return { type: 'field', field, op, value: rng.pick(DATE_VALUES) };
    }
    case 'set': {
      const field = rng.pick(['tags', 'interests']);
      const pool = field === 'tags' ? ['vip', 'VIP', 'eco', 'Eco', 'beta', 'ünïcode', 'newsletter'] : ['tech', 'events', 'sustainability', 'Sustainability', 'user_tips'];
      const op = rng.pick(SET_OPS);
      const cs = rng.chance(0.25) ? { case_sensitive: true } : {};
      if (op === 'is_set' || op === 'is_not_set') return { type: 'field', field, op };
      if (op === 'contains' || op === 'not_contains') return { type: 'field', field, op, value: rng.pick(pool), ...cs };
      return { type: 'field', field, op, value: rng.some(pool), ...cs };
    }
    case 'fn': {
      const field = rng.pick(['birth_date', 'registered_at']);
      const fn = rng.pick(['age_years', 'days_since', 'days_until_anniversary'] as const);
      const op = rng.pick(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'not_between', 'in'] as FieldOp[]);
      const v = (): number => (fn === 'age_years' ? rng.pick([0, 1, 26, 30, 38, 39, 40, 50]) : rng.pick([0, 1, 2, 29, 30, 364, 365, -1]));
      if (op === 'between' || op === 'not_between') return { type: 'field', field, fn, op, value: [v(), v()].sort((a, b) => a - b) };
      if (op === 'in') return { type: 'field', field, fn, op, value: [v(), v()] };
      return { type: 'field', field, fn, op, value: v() };
    }
    default: {
      const op = rng.pick(DATE_OPS.filter((o) => o !== 'between' && o !== 'not_between'));
      return op === 'is_set' || op === 'is_not_set'
        ? { type: 'field', field: 'last_active_at', op }
        : { type: 'field', field: 'last_active_at', op, value: rng.pick(DATE_VALUES) };
    }
  }
}

function whereCondition(rng: Rng, depth: number): WhereCondition {
  if (depth < 2 && rng.chance(0.25)) {
    const kind = rng.pick(['and', 'or', 'not'] as const);
    if (kind === 'not') return { type: 'not', condition: whereCondition(rng, depth + 1) };
    return { type: kind, conditions: [whereCondition(rng, depth + 1), whereCondition(rng, depth + 1)] };
  }
  const prop = rng.pick(['category', 'amount', 'url', 'campaign', 'page.url', 'page.depth', 'missing', 'constructor', 'toString']);
  const pick = rng.int(0, 7);
  const cs = rng.chance(0.2) ? { case_sensitive: true } : {};
  switch (pick) {
    case 0: return { type: 'field', field: prop, op: rng.pick(['eq', 'neq'] as FieldOp[]), value: rng.pick(['shoes', 'SHOES', 'hüte', '/blog/tips', 'welcome', '200']), ...cs };
    case 1: return { type: 'field', field: prop, op: rng.pick(['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as FieldOp[]), value: rng.pick([0, 1, 49, 100, 150, 200, 0.1]) };
    case 2: return { type: 'field', field: prop, op: rng.pick(['between', 'not_between'] as FieldOp[]), value: [rng.pick([0, 10, 49]), rng.pick([100, 150, 1200])] };
    case 3: return { type: 'field', field: prop, op: rng.pick(['contains', 'not_contains', 'starts_with', 'ends_with'] as FieldOp[]), value: rng.pick(['/products', 'shoe', 'BLOG', 'hat', 'e']), ...cs };
    case 4: return { type: 'field', field: prop, op: rng.pick(['in', 'not_in'] as FieldOp[]), value: rng.chance(0.5) ? ['shoes', 'hats'] : [1, 49] };
    case 5: return { type: 'field', field: prop, op: rng.pick(['is_set', 'is_not_set', 'is_true', 'is_false'] as FieldOp[]) };
    case 6: return { type: 'field', field: prop, op: rng.pick(['matches', 'not_matches'] as FieldOp[]), value: rng.pick(WHERE_REGEXES), ...cs };
    default: return { type: 'field', field: prop, op: 'eq', value: rng.chance(0.5) };
  }
}

function windowOf(rng: Rng): Window | undefined {
  const r = rng.next();
  if (r < 0.3) return undefined;
  if (r < 0.8) return rng.pick(DURATIONS);
  const from = rng.chance(0.8) ? rng.pick(['-60d', '-30d', '2026-10-01', 'start_of_month', '-1y', 'today-7d']) : undefined;
  const to = rng.chance(0.7) ? rng.pick(['-7d', 'now', '2026-10-24', 'today', '+1d', '-1d']) : undefined;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function eventCondition(rng: Rng): Condition {
  const measure = rng.pick(['count', 'count', 'sum', 'avg', 'min', 'max', 'distinct', 'first_at', 'last_at', undefined] as const);
  const event = rng.chance(0.15) ? '*' : rng.pick(EVENT_NAMES);
  const where = rng.chance(0.4) ? whereCondition(rng, 0) : undefined;
  const within = windowOf(rng);
  const base = { type: 'event' as const, event, ...(where ? { where } : {}), ...(within ? { within } : {}) };
  const op = rng.pick(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'not_between'] as MeasureOp[]);
  if (measure === undefined) return rng.chance(0.5) ? base : { ...base, op: rng.pick(['gte', 'lte', 'eq'] as MeasureOp[]), value: rng.int(0, 3) };
  if (measure === 'first_at' || measure === 'last_at') {
    const d = (): string => rng.pick(['-30d', '-7d', '-48h', 'today', '2026-10-24', '2026-10-25', 'start_of_month', '-1y']);
    return { ...base, measure, op, value: op === 'between' || op === 'not_between' ? [rng.pick(['-1y', '-30d', '2026-10-01']), rng.pick(['now', 'today', '-1d'])] : d() };
  }
  const property = measure === 'count' ? undefined : rng.pick(['amount', 'amount', 'campaign', 'category', 'page.depth']);
  // Fractional counts probe the "at least one event" shortcut at its edges (> 0.5, ≥ 1.5).
  const whole = (): number => (measure === 'count' && rng.chance(0.2) ? rng.pick([0.5, 1.5]) : rng.int(0, 4));
  const n = (): number => (measure === 'count' || measure === 'distinct' ? whole() : rng.pick([0, 0.3, 12.5, 49, 100, 149.99, 150, 200, 1200, -5, 1e19, 1e29]));
  const value = op === 'between' || op === 'not_between' ? [n(), n()].sort((a, b) => a - b) : n();
  return { ...base, measure, ...(property ? { property } : {}), op, value };
}

/**
 * Every measure against every comparison at values around its edges, once each: the
 * shortcuts the compiler takes for monotone measures (first_at ≤ X, max ≥ X, count ≥ 1
 * as "some event passes") are exact only at the right edges, and a random tree meets a
 * given edge too rarely to guard it.
 */
export function measureEdgeConditions(): Condition[] {
  const ops: MeasureOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'];
  const out: Condition[] = [];
  for (const event of ['*', 'purchase', 'page_view']) {
    for (const within of [undefined, '30d']) {
      const base = { type: 'event' as const, event, ...(within ? { within } : {}) };
      for (const op of ops) {
        for (const value of [0, 0.5, 1, 1.5, 2]) out.push({ ...base, op, value });
        for (const measure of ['first_at', 'last_at'] as const) {
          for (const value of ['-30d', '-7d', '-48h', 'today', 'start_of_month']) out.push({ ...base, measure, op, value });
        }
        for (const measure of ['min', 'max'] as const) {
          for (const value of [-5, 0, 49, 150, 1e19]) out.push({ ...base, measure, property: 'amount', op, value });
        }
      }
    }
  }
  return out;
}

function sequenceCondition(rng: Rng): Condition {
  const steps = Array.from({ length: rng.int(2, 3) }, () => ({
    event: rng.pick(['cart_add', 'purchase', 'login', 'page_view']),
    ...(rng.chance(0.2) ? { where: whereCondition(rng, 1) } : {}),
  }));
  const absent = rng.chance(0.5);
  const gap = absent || rng.chance(0.7) ? rng.pick(['48h', '24h', '1d', '2d', '1h', '1s', '1w']) : undefined;
  const within = rng.chance(0.8) ? rng.pick(DURATIONS) : undefined;
  const last = steps.length - 1;
  return {
    type: 'sequence',
    steps: steps.map((s, i) => (i === last && absent ? { ...s, absent: true } : s)),
    ...(gap ? { gap } : {}),
    ...(within ? { within } : {}),
  };
}

/** Saved segments the generated trees may reference. */
export const BASE_SEGMENTS = [
  { name: 'Buyers', alias: 'buyers', condition: { type: 'event', event: 'purchase' } },
  { name: 'Zurich', alias: 'zurich', condition: { type: 'field', field: 'city', op: 'in', value: ['zürich', 'zurich'] } },
  { name: 'Zurich buyers', alias: 'zurich_buyers', condition: { type: 'and', conditions: [{ type: 'segment', segment: 'zurich', op: 'in' }, { type: 'segment', segment: 'buyers', op: 'in' }] } },
];

export const genCondition: Gen = (rng, depth) => {
  const r = rng.next();
  if (depth < 3 && r < 0.3) {
    const kind = rng.pick(['and', 'or', 'not'] as const);
    if (kind === 'not') return { type: 'not', condition: genCondition(rng, depth + 1) };
    const n = rng.int(0, 3);
    return { type: kind, conditions: Array.from({ length: n }, () => genCondition(rng, depth + 1)) };
  }
  if (r < 0.6) return fieldCondition(rng);
  if (r < 0.8) return eventCondition(rng);
  if (r < 0.88) return sequenceCondition(rng);
  if (r < 0.94) return { type: 'segment', segment: rng.pick(BASE_SEGMENTS).alias, op: rng.pick(['in', 'not_in'] as const) };
  if (r < 0.98) return { type: 'sample', percent: rng.pick([0, 1, 10, 12.5, 33.333, 50, 99.9, 100]), salt: rng.pick(['holdout-q4', 'ab', '']) };
  return { type: 'all' };
};
