import type { Condition, FieldCondition } from './model.js';
import type { CatalogEvent, CatalogProperty, FieldInfo } from './ops.js';

// "New from template": everyday starting points, adapted to the workspace — each picks
// the closest field and event names the workspace has (a `city` or `town` field, a
// `purchase` or `order_completed` event, an `amount` or `total` property). What it cannot
// find is left blank for the marketer to choose, with a note saying so. Nothing is saved
// until the marketer saves it in the editor.

export interface Template {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
}

export interface TemplateDraft {
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly condition: Condition;
  /** What could not be matched to the workspace and needs a choice. */
  readonly notes: readonly string[];
}

export interface Workspace {
  readonly fields: readonly FieldInfo[];
  readonly events: readonly CatalogEvent[];
}

interface Built { name: string; description: string; category: string; condition: Condition; notes: string[] }

interface Definition extends Template { build(ws: Workspace): Built }

function words(f: FieldInfo): string {
  return `${f.key} ${f.label ?? ''}`.toLowerCase();
}

/** The first field (by pattern order) whose key or label matches, of one of the types. */
export function findField(ws: Workspace, patterns: readonly RegExp[], types?: readonly string[]): FieldInfo | undefined {
  for (const p of patterns) {
    const f = ws.fields.find((x) => p.test(words(x)) && (!types || types.includes(x.type)));
    if (f) return f;
  }
  return undefined;
}

/** The event whose name matches the earliest pattern; among equals, the most frequent. */
export function findEvent(ws: Workspace, patterns: readonly RegExp[]): CatalogEvent | undefined {
  for (const p of patterns) {
    const hits = ws.events.filter((e) => p.test(e.name.toLowerCase().replace(/[\s_.-]+/g, '_')));
    if (hits.length) return [...hits].sort((a, b) => (b.count ?? 0) - (a.count ?? 0))[0];
  }
  return undefined;
}

export function findProperty(e: CatalogEvent | undefined, patterns: readonly RegExp[], numeric = false): CatalogProperty | undefined {
  if (!e) return undefined;
  const isNumber = (p: CatalogProperty): boolean =>
    p.types.some((t) => /number|int|double|decimal|float|bigint/.test(t)) || (p.types.length === 0 && p.examples.some((v) => typeof v === 'number'));
  for (const pat of patterns) {
    const p = e.properties.find((x) => pat.test(x.key.toLowerCase()) && (!numeric || isNumber(x)));
    if (p) return p;
  }
  return undefined;
}

const PURCHASE = [/^purchase/, /order_?(completed|placed)?$/, /^order/, /checkout_?completed/, /purchase|order|buy|checkout/];
const AMOUNT = [/^(amount|total|revenue|value)$/, /amount|total|revenue|price|value|sum/];

const field = (f: string, op: FieldCondition['op'], value?: FieldCondition['value'], extra: Partial<FieldCondition> = {}): FieldCondition =>
  ({ type: 'field', field: f, op, ...(value === undefined ? {} : { value }), ...extra });

function purchaseEvent(ws: Workspace, notes: string[]): string {
  const e = findEvent(ws, PURCHASE);
  if (!e) notes.push('No purchase or order event has been seen yet: choose the event.');
  return e?.name ?? '';
}

const DEFINITIONS: readonly Definition[] = [
  {
    id: 'city', title: 'Contacts from a city', summary: 'Everyone whose city is the one you pick.',
    build(ws) {
      const notes: string[] = [];
      const f = findField(ws, [/\bcity\b/, /town|stadt|ville|ort\b/, /city/]);
      if (!f) notes.push('No city field found: choose the field that holds the city.');
      const value = f?.type === 'select' && f.options?.length ? f.options[0] : '';
      if (!value) notes.push('Enter the city.');
      return { name: 'Contacts from a city', description: 'Contacts living in one city, for local events and offers.', category: 'Location', condition: field(f?.key ?? '', 'eq', value), notes };
    },
  },
  {
    id: 'active_with_email', title: 'Active last month, with an e-mail', summary: 'Did anything in the last month and can be e-mailed.',
    build() {
      return {
        name: 'Active last month with e-mail', description: 'Contacts with any activity in the last month and an e-mail address.', category: 'Engagement',
        condition: { type: 'and', conditions: [field('last_active_at', 'gte', '-1mo'), field('email', 'is_set')] }, notes: [],
      };
    },
  },
  {
    id: 'loyal', title: 'Loyal customers', summary: 'Ordered at least 3 times in the last year.',
    build(ws) {
      const notes: string[] = [];
      const event = purchaseEvent(ws, notes);
      return {
        name: 'Loyal customers', description: 'Three or more orders in the last 12 months.', category: 'Customers',
        condition: { type: 'event', event, within: '1y', op: 'gte', value: 3 }, notes,
      };
    },
  },
  {
    id: 'big_spenders', title: 'Big spenders', summary: 'Spent 1,000 or more in the last year.',
    build(ws) {
      const notes: string[] = [];
      const e = findEvent(ws, PURCHASE);
      if (!e) notes.push('No purchase or order event has been seen yet: choose the event.');
      const p = findProperty(e, AMOUNT, true);
      if (!p) notes.push('No amount property found on that event: choose the property to add up.');
      return {
        name: 'Big spenders', description: 'Spent at least 1,000 in the last 12 months.', category: 'Customers',
        condition: { type: 'event', event: e?.name ?? '', measure: 'sum', property: p?.key ?? '', op: 'gte', value: 1000, within: '1y' }, notes,
      };
    },
  },
  {
    id: 'interested_in_topic', title: 'Interested in a topic', summary: 'Picked a topic in their interests (or tagged with it).',
    build(ws) {
      const notes: string[] = [];
      const f = findField(ws, [/interest/, /topic/, /categor/, /preference/], ['multiselect']);
      if (f) {
        return {
          name: `Interested in ${f.options?.[0] ?? 'a topic'}`, description: 'Contacts who chose this topic.', category: 'Interests',
          condition: field(f.key, 'any_of', f.options?.length ? [f.options[0]] : []), notes,
        };
      }
      notes.push('No interests field found: the template uses tags; enter the topic.');
      return { name: 'Interested in a topic', description: 'Contacts tagged with a topic.', category: 'Interests', condition: field('tags', 'contains', ''), notes };
    },
  },
  {
    id: 'recent_support_case', title: 'Support case in the last 30 days', summary: 'Opened a ticket in the last 30 days.',
    build(ws) {
      const notes: string[] = [];
      const e = findEvent(ws, [/ticket_?(created|opened)?/, /support/, /case_?(opened|created)?/, /complain/, /ticket|case|help/]);
      if (!e) notes.push('No support or ticket event has been seen yet: choose the event.');
      return {
        name: 'Recent support case', description: 'Contacts who opened a support case in the last 30 days.', category: 'Service',
        condition: { type: 'event', event: e?.name ?? '', within: '30d' }, notes,
      };
    },
  },
  {
    id: 'inactive_60d', title: 'Inactive for 60 days', summary: 'No event of any kind in the last 60 days.',
    build() {
      return {
        name: 'Inactive 60 days', description: 'No activity at all in the last 60 days, for win-back.', category: 'Engagement',
        condition: { type: 'not', condition: { type: 'event', event: '*', within: '60d' } }, notes: [],
      };
    },
  },
  {
    id: 'over_points', title: 'Over N points', summary: 'Loyalty points of 1,000 or more.',
    build(ws) {
      const notes: string[] = [];
      const f = findField(ws, [/points/, /score/, /loyalty/, /credit|balance/], ['number']);
      if (!f) notes.push('No points field found: choose the number field.');
      return { name: '1,000 points or more', description: 'Contacts with at least 1,000 points.', category: 'Loyalty', condition: field(f?.key ?? '', 'gte', 1000), notes };
    },
  },
  {
    id: 'registered_30d', title: 'Registered in the last 30 days', summary: 'New contacts of the last 30 days.',
    build(ws) {
      const f = findField(ws, [/sign_?up|registered|registration|joined/], ['date', 'datetime']);
      return {
        name: 'New in the last 30 days', description: 'Contacts who registered in the last 30 days.', category: 'Lifecycle',
        condition: field(f?.key ?? 'created_at', 'gte', '-30d'), notes: [],
      };
    },
  },
  {
    id: 'aged_40_50', title: 'Aged 40–50', summary: 'Age between 40 and 50, from the birth date.',
    build(ws) {
      const notes: string[] = [];
      const f = findField(ws, [/birth/, /\bdob\b/, /birthday/], ['date', 'datetime']);
      if (!f) notes.push('No birth date field found: choose the date field.');
      return {
        name: 'Aged 40 to 50', description: 'Contacts aged 40 to 50 (both included).', category: 'Demographics',
        condition: field(f?.key ?? '', 'between', [40, 50], { fn: 'age_years' }), notes,
      };
    },
  },
  {
    id: 'cart_abandoned', title: 'Added to cart without buying', summary: 'Added to cart and did not buy within 48 hours.',
    build(ws) {
      const notes: string[] = [];
      const cart = findEvent(ws, [/^(cart_?add|add_?to_?cart)$/, /cart/, /basket/]);
      if (!cart) notes.push('No add-to-cart event has been seen yet: choose the first step\'s event.');
      const buy = purchaseEvent(ws, notes);
      return {
        name: 'Abandoned cart', description: 'Added to cart in the last 14 days and did not buy within 48 hours.', category: 'Customers',
        condition: { type: 'sequence', steps: [{ event: cart?.name ?? '' }, { event: buy, absent: true }], gap: '48h', within: '14d' }, notes,
      };
    },
  },
  {
    id: 'vip_or_gold', title: 'VIP or Gold', summary: 'Tagged VIP, or on the Gold tier.',
    build(ws) {
      const tier = ws.fields.find((f) => (f.type === 'select' || f.type === 'multiselect') && f.options?.some((o) => /gold/i.test(o)));
      const gold = tier?.options?.find((o) => /gold/i.test(o));
      const parts: Condition[] = [field('tags', 'contains', 'vip')];
      if (tier && gold) parts.push(field(tier.key, tier.type === 'select' ? 'eq' : 'contains', gold));
      return {
        name: 'VIP or Gold', description: 'Our best customers: tagged VIP or on the Gold tier.', category: 'Loyalty',
        condition: { type: 'or', conditions: parts }, notes: tier ? [] : ['No field with a Gold option found: only the VIP tag is used.'],
      };
    },
  },
  {
    id: 'holdout_10', title: '10 % holdout', summary: 'A stable random 10 % to keep out of a campaign.',
    build() {
      const salt = `holdout-${new Date().getFullYear()}`;
      return {
        name: '10% holdout', description: 'A stable random 10 % of contacts, kept back to measure a campaign\'s effect.', category: 'Experiments',
        condition: { type: 'sample', percent: 10, salt }, notes: [],
      };
    },
  },
];

export const TEMPLATES: readonly Template[] = DEFINITIONS.map(({ id, title, summary }) => ({ id, title, summary }));

/** A template adapted to the workspace, ready to edit; null for an unknown id. */
export function buildTemplate(id: string, ws: Workspace): TemplateDraft | null {
  const d = DEFINITIONS.find((x) => x.id === id);
  return d ? d.build(ws) : null;
}
