import { writeFile } from 'node:fs/promises';
import { CATEGORIES, CATEGORY_PRICE, LOGIN_METHODS, PAGES, SPECIAL_CAMPAIGNS } from '../src/demo/event-data.js';
import { Rng, subSeed } from '../src/demo/random.js';
import { contactId } from '../src/demo/sizes.js';
import { DELTA, NOW_MS, SEED } from './config.js';

// The change between the first build and the incremental rebuild: DELTA.events new
// events for existing contacts in the 72 hours before `now` (none after it), and
// DELTA.contacts existing contacts with new values for fields the suite reads.
// Deterministic: its own seeded stream, independent of the workspace size.

/** Bump when the delta's shape changes, so kept data is regenerated. */
export const DELTA_VERSION = 1;

const HOUR = 3_600_000;
const KINDS = [['page_view', 40], ['cart_add', 20], ['purchase', 15], ['email_open', 15], ['login', 10]] as const;
const CITIES = ['Zürich', 'zurich', 'ZUERICH', 'Basel', 'Bern', 'Genève', 'Lugano'] as const;
const STATUSES = ['prospect', 'customer', 'vip', 'gold'] as const;

function pickKind(rng: Rng): (typeof KINDS)[number][0] {
  let x = rng.float() * 100;
  for (const [k, w] of KINDS) {
    if (x < w) return k;
    x -= w;
  }
  return 'page_view';
}

function chf(x: number): number {
  return Math.max(5, Math.round(x * 20)) / 20;
}

function propertiesOf(rng: Rng, kind: (typeof KINDS)[number][0], seq: number): Record<string, unknown> {
  switch (kind) {
    case 'page_view': return { url: PAGES.pick(rng) };
    case 'login': return { method: rng.pick(LOGIN_METHODS) };
    case 'email_open': return { campaign: rng.chance(0.7) ? 'newsletter-2026-10' : SPECIAL_CAMPAIGNS.pick(rng) };
    case 'cart_add': {
      const category = CATEGORIES.pick(rng);
      return { category, price: chf(rng.logNormal(CATEGORY_PRICE[category], 0.6)) };
    }
    case 'purchase': {
      const category = CATEGORIES.pick(rng);
      return { category, amount: chf(rng.logNormal(CATEGORY_PRICE[category] * 1.5, 0.9)), order_id: `bench-o${String(seq).padStart(6, '0')}` };
    }
  }
}

export function deltaEvents(contacts: number): string[] {
  const rng = new Rng(subSeed(SEED, 'bench-delta-events'));
  const lines: string[] = [];
  for (let i = 1; i <= DELTA.events; i++) {
    const kind = pickKind(rng);
    const ts = NOW_MS - Math.floor(rng.float() * 72 * HOUR / 1000) * 1000;
    lines.push(JSON.stringify({
      contact_id: contactId(rng.int(1, contacts)), name: kind, ts: new Date(ts).toISOString().replace('.000Z', 'Z'),
      properties: propertiesOf(rng, kind, i), message_id: `bench-m${String(i).padStart(6, '0')}`,
    }));
  }
  return lines;
}

export function deltaContacts(contacts: number): string[] {
  const rng = new Rng(subSeed(SEED, 'bench-delta-contacts'));
  const chosen = new Set<number>();
  while (chosen.size < Math.min(DELTA.contacts, contacts)) chosen.add(rng.int(1, contacts));
  return [...chosen].sort((a, b) => a - b).map((n) => {
    const c: Record<string, unknown> = { id: contactId(n) };
    if (rng.chance(0.5)) c.city = rng.pick(CITIES);
    if (rng.chance(0.5)) c.points = rng.int(0, 3000);
    if (rng.chance(0.4)) c.status = rng.pick(STATUSES);
    if (rng.chance(0.4)) c.newsletter_opt_in = rng.chance(0.5);
    if (rng.chance(0.2)) c.tags = rng.chance(0.5) ? ['vip'] : ['newsletter'];
    if (Object.keys(c).length === 1) c.points = rng.int(0, 3000);
    return JSON.stringify(c);
  });
}

export async function writeDelta(contactsPath: string, eventsPath: string, contacts: number): Promise<void> {
  await writeFile(contactsPath, `${deltaContacts(contacts).join('\n')}\n`);
  await writeFile(eventsPath, `${deltaEvents(contacts).join('\n')}\n`);
}
