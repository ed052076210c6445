import { call, type Served } from './harness.js';

// A small workspace with two weeks of history: fields, 50 contacts in four cities, events
// arriving day by day while the fixed clock moves on, and segments of every kind — one of
// them referring to two others, one manual.

export const START = '2026-03-01T09:00:00Z';
export const NOW = '2026-03-15T10:00:00Z';
const DAY = 86_400_000;

export const FIELDS = [
  { key: 'city', label: 'City', type: 'text' },
  { key: 'plan', label: 'Plan', type: 'select', options: ['Free', 'Pro', 'VIP', 'Gold'] },
  { key: 'points', label: 'Points', type: 'number' },
  { key: 'birth_date', label: 'Birth date', type: 'date' },
  { key: 'newsletter', label: 'Newsletter', type: 'boolean' },
  { key: 'interests', label: 'Interests', type: 'multiselect', options: ['shoes', 'bags', 'hats', 'running'] },
];

const FIRST = ['Anna', 'Luca', 'Mia', 'Noah', 'Lea', 'Elias', 'Sofia', 'Leon', 'Emma', 'Jonas', 'Lina', 'Finn', 'Laura', 'David', 'Nina', 'Tim', 'Sara', 'Ben', 'Julia', 'Paul', 'Alina', 'Jan', 'Elena', 'Marco', 'Chiara'];
const LAST = ['Keller', 'Meier', 'Müller', 'Schmid', 'Weber', 'Huber', 'Frei', 'Baumann', 'Graf', 'Roth'];
const CITIES = ['Zürich', 'Bern', 'Basel', 'Genève'];
const PLANS = ['Free', 'Pro', 'VIP', 'Gold'];

export const contactId = (i: number): string => `c${String(i).padStart(3, '0')}`;

export function contacts(): Record<string, unknown>[] {
  return Array.from({ length: 50 }, (_, k) => {
    const i = k + 1;
    const first = FIRST[k % FIRST.length];
    const last = LAST[(k * 3) % LAST.length];
    return {
      id: contactId(i), first_name: first, last_name: last,
      email: i % 9 === 0 ? null : `${first.toLowerCase()}.${last.toLowerCase().replace('ü', 'ue')}${i}@example.com`,
      city: CITIES[i % 4], plan: PLANS[(i * 7) % 4], points: (i * 137) % 2000,
      birth_date: `${1962 + ((i * 7) % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      newsletter: i % 3 !== 0, interests: [['shoes'], ['bags', 'shoes'], ['running'], []][i % 4],
      tags: i % 6 === 0 ? ['vip'] : i % 5 === 0 ? ['b2b'] : [],
      created_at: new Date(Date.parse(START) - (i * 9) * DAY).toISOString(),
    };
  });
}

/** Events of day `d` (0 = START): a few purchases, carts and page views. */
function eventsOfDay(d: number, at: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 1; i <= 50; i++) {
    const t = (h: number) => new Date(at + h * 3_600_000).toISOString();
    if ((i * 7 + d * 3) % 11 === 0) out.push({ contact_id: contactId(i), name: 'purchase', ts: t(0.5), message_id: `p-${d}-${i}`, properties: { amount: 20 + ((i * 31 + d * 17) % 180), category: ['shoes', 'bags', 'hats'][(i + d) % 3] } });
    if ((i + d * 5) % 9 === 0) out.push({ contact_id: contactId(i), name: 'cart_add', ts: t(0.75), message_id: `c-${d}-${i}`, properties: { sku: `sku-${(i + d) % 8}` } });
    if ((i * 3 + d) % 4 === 0) out.push({ contact_id: contactId(i), name: 'page_view', ts: t(0.25), message_id: `v-${d}-${i}`, properties: { path: ['/', '/shoes', '/pricing', '/blog/running'][(i + d) % 4] } });
  }
  return out;
}

export const SEGMENTS = [
  { name: 'Zürich', alias: 'zurich', category: 'Location', description: 'Contacts living in Zürich.', condition: 'city = "Zürich"' },
  { name: 'Recent buyers', alias: 'buyers', category: 'Customers', description: 'Bought something in the last 7 days.', condition: 'performed purchase within 7d' },
  { name: 'Big spenders', alias: 'big_spenders', category: 'Customers', description: 'Spent 300 or more in 30 days.', condition: 'performed purchase sum(amount) >= 300 within 30d' },
  { name: 'VIP or Gold', alias: 'vip_gold', category: 'Customers', condition: 'plan in ("VIP", "Gold")' },
  { name: 'Zürich buyers', alias: 'zurich_buyers', category: 'Location', description: 'Recent buyers in Zürich: refers to two segments.', condition: 'in segment zurich and in segment buyers' },
  { name: 'Cart abandoners', alias: 'cart_abandoners', category: 'Engagement', description: 'Added to cart, no purchase within 48 hours.', condition: 'performed cart_add then not purchase gap 48h within 14d' },
  { name: 'Newsletter, 40–60', alias: 'newsletter_40_60', category: 'Engagement', condition: 'newsletter is true and age(birth_date) between 40 and 60' },
  { name: 'Holdout 10 %', alias: 'holdout', category: 'Tests', condition: 'sample 10% salt "q1-holdout"' },
  { name: 'Press list', alias: 'press', category: 'Lists', kind: 'manual', description: 'Picked by hand.' },
];

export interface Seeded { writeKey: string }

/** Fields, contacts, segments, then two weeks of events with the clock moving a day at a time. */
export async function seed(s: Served): Promise<Seeded> {
  await call(s, 'PUT', '/api/v1/settings', { timezone: 'Europe/Zurich' });
  await call(s, 'POST', '/api/v1/fields', FIELDS);
  await call(s, 'POST', '/api/v1/contacts', contacts());
  for (const seg of SEGMENTS) await call(s, 'POST', '/api/v1/segments', seg);
  await call(s, 'POST', '/api/v1/segments/press/include', { ids: [contactId(3), contactId(8), contactId(21)] });
  const start = Date.parse(START);
  const end = Date.parse(NOW);
  // Each day: the clock moves to its end (time-driven changes apply on the way), then
  // the day's events arrive, already in the past, as a tracking source would send them.
  for (let d = 0; start + d * DAY < end; d++) {
    const at = start + d * DAY;
    await call(s, 'POST', '/api/v1/clock', { now: new Date(Math.min(at + DAY, end)).toISOString() });
    const events = eventsOfDay(d, at);
    if (events.length) await call(s, 'POST', '/api/v1/events', events);
    if (d === 6) await call(s, 'POST', '/api/v1/contacts', [{ id: contactId(12), city: 'Zürich' }, { id: contactId(17), plan: 'Gold' }]);
  }
  // A second save of one definition, so it has versions to compare and restore.
  await call(s, 'PUT', '/api/v1/segments/big_spenders', { name: 'Big spenders', category: 'Customers', description: 'Spent 200 or more in 30 days.', condition: 'performed purchase sum(amount) >= 200 within 30d' });
  const { key } = await call<{ key: string }>(s, 'POST', '/api/v1/keys', { role: 'write', name: 'website tracking' });
  return { writeKey: key };
}
