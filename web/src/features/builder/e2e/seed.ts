import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A small workspace for the builder's browser test: 60 contacts over four cities with
// points, birth dates, tags and a tier, and a few hundred purchase, cart and page-view
// events around a fixed clock. Deterministic, so counts can be compared with the CLI's.

export const NOW = '2026-03-15T10:00:00Z';

export const FIELDS = [
  { key: 'city', label: 'City', type: 'select', options: ['Zürich', 'Bern', 'Genève', 'Basel'] },
  { key: 'points', label: 'Points', type: 'number' },
  { key: 'birth_date', label: 'Birth date', type: 'date' },
  { key: 'tier', label: 'Tier', type: 'select', options: ['Silver', 'Gold'] },
  { key: 'interests', label: 'Interests', type: 'multiselect', options: ['shoes', 'bags', 'hats'] },
  { key: 'newsletter', label: 'Newsletter', type: 'boolean' },
];

const CITIES = ['Zürich', 'Bern', 'Genève', 'Basel'];
const DAY = 86_400_000;

/** Write fields.json, contacts.ndjson and events.ndjson into `dir`. */
export function writeSeed(dir: string): { fields: string; contacts: string; events: string } {
  mkdirSync(dir, { recursive: true });
  const contacts: string[] = [];
  const events: string[] = [];
  const now = Date.parse(NOW);
  for (let i = 1; i <= 60; i++) {
    const id = `c${String(i).padStart(3, '0')}`;
    const year = 1960 + ((i * 7) % 45);
    contacts.push(JSON.stringify({
      id, email: i % 5 === 0 ? '' : `${id}@example.com`, first_name: `Name${i}`,
      city: CITIES[i % 4], points: (i * 37) % 1000, birth_date: `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      tier: i % 3 === 0 ? 'Gold' : 'Silver', interests: [['shoes'], ['bags'], ['shoes', 'hats'], []][i % 4],
      newsletter: i % 2 === 0, tags: i % 7 === 0 ? ['vip'] : [],
    }));
    const purchases = i % 5;
    for (let k = 0; k < purchases; k++) {
      const ts = new Date(now - ((i * 3 + k * 11) % 80) * DAY - k * 3_600_000).toISOString();
      events.push(JSON.stringify({ contact_id: id, name: 'purchase', ts, message_id: `p-${id}-${k}`, properties: { amount: 20 + ((i * 13 + k * 29) % 300), category: ['shoes', 'bags', 'hats'][(i + k) % 3] } }));
    }
    if (i % 3 !== 1) {
      const ts = new Date(now - ((i * 5) % 20) * DAY - 5 * 3_600_000).toISOString();
      events.push(JSON.stringify({ contact_id: id, name: 'cart_add', ts, message_id: `c-${id}`, properties: { sku: `sku${i % 6}` } }));
    }
    for (let k = 0; k < i % 4; k++) {
      const ts = new Date(now - ((i + k * 17) % 90) * DAY).toISOString();
      events.push(JSON.stringify({ contact_id: id, name: 'page_view', ts, message_id: `v-${id}-${k}`, properties: { url: ['/pricing', '/shoes', '/'][k % 3] } }));
    }
  }
  const paths = { fields: join(dir, 'fields.json'), contacts: join(dir, 'contacts.ndjson'), events: join(dir, 'events.ndjson') };
  writeFileSync(paths.fields, JSON.stringify(FIELDS, null, 2));
  writeFileSync(paths.contacts, `${contacts.join('\n')}\n`);
  writeFileSync(paths.events, `${events.join('\n')}\n`);
  return paths;
}
