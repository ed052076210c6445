import type { Condition } from '../condition/types.js';
import type { FieldType } from '../fields/index.js';
import type { CatalogEvent } from '../store/catalog.js';

// Starting points for a new segment, from everyday marketing. Each is adapted to the
// workspace: it names the closest field (by key and label) and event (by name, the
// commonest when several fit) the workspace has, and the closest property of that event.
// When nothing fits, the template is still offered with a stand-in name and a note
// saying what to pick; `ready` tells the two apart.

export interface Template {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly condition: Condition;
  /** True when every field and event it names exists in the workspace. */
  readonly ready: boolean;
  /** What to pick before saving, when the workspace has no fitting field or event. */
  readonly notes: string[];
}

export interface TemplateField {
  readonly key: string;
  readonly label: string | null;
  readonly type: FieldType | 'tags';
  readonly options?: readonly string[];
  readonly computed?: boolean;
}

export interface TemplateContext {
  readonly fields: readonly TemplateField[];
  readonly events: readonly CatalogEvent[];
  /** The commonest values of some fields (by key), for templates that need a value. */
  readonly common: ReadonlyMap<string, readonly unknown[]>;
}

/** Which field the city template needs; the caller reads its commonest value. */
export function cityField(fields: readonly TemplateField[]): TemplateField | null {
  return pickField(fields, ['text', 'select'], /(^|_)(city|town|ort|stadt|ville|citta|locality)($|_)/i, /city|town|stadt|ville/i);
}

/** The best field of one of `types` whose key (or, failing that, label) matches. */
function pickField(fields: readonly TemplateField[], types: readonly (FieldType | 'tags')[], key: RegExp, label?: RegExp): TemplateField | null {
  const fit = fields.filter((f) => types.includes(f.type) && !f.computed);
  return fit.find((f) => key.test(f.key)) ?? (label ? fit.find((f) => f.label !== null && label.test(f.label)) ?? null : null);
}

/** The commonest event whose name matches. */
function pickEvent(events: readonly CatalogEvent[], name: RegExp): CatalogEvent | null {
  return events.filter((e) => name.test(e.name)).sort((a, b) => b.count - a.count)[0] ?? null;
}

/** A numeric property of an event whose key matches, the commonest first. */
function pickNumber(e: CatalogEvent | null, key: RegExp): string | null {
  const p = e?.properties.filter((x) => x.types[0] === 'number' && key.test(x.key)).sort((a, b) => b.seen - a.seen)[0];
  return p?.key ?? null;
}

const PURCHASE = /purchase|^order$|order_(completed|placed)|checkout_completed|transaction/i;
const CART = /cart|basket/i;

export function buildTemplates(ctx: TemplateContext): Template[] {
  const out: Template[] = [];
  const add = (t: Omit<Template, 'ready' | 'notes'>, notes: (string | null)[]): void => {
    const n = notes.filter((x): x is string => x !== null);
    out.push({ ...t, ready: n.length === 0, notes: n });
  };
  const { fields, events } = ctx;

  const city = cityField(fields);
  const cityValue = city ? ctx.common.get(city.key)?.[0] : undefined;
  add({
    id: 'city', name: `Contacts from ${typeof cityValue === 'string' ? cityValue : 'a city'}`, category: 'Location',
    description: 'Everyone whose city is the one chosen (compared without regard to case).',
    condition: { type: 'field', field: city?.key ?? 'city', op: 'eq', value: typeof cityValue === 'string' ? cityValue : 'Zürich' },
  }, [city ? null : 'No city field: pick the field that holds a contact\'s city.']);

  add({
    id: 'active_with_email', name: 'Active last month, with an e-mail', category: 'Engagement',
    description: 'Any activity in the last month and an e-mail address on file.',
    condition: { type: 'and', conditions: [
      { type: 'field', field: 'last_active_at', op: 'gte', value: '-1mo' },
      { type: 'field', field: 'email', op: 'is_set' },
    ] },
  }, []);

  const purchase = pickEvent(events, PURCHASE);
  const purchaseNote = purchase ? null : 'No purchase event seen yet: pick the event that records an order.';
  add({
    id: 'loyal', name: 'Loyal customers', category: 'Purchases',
    description: `Three or more ${purchase?.name ?? 'purchase'} events, ever.`,
    condition: { type: 'event', event: purchase?.name ?? 'purchase', op: 'gte', value: 3 },
  }, [purchaseNote]);

  const amount = pickNumber(purchase, /amount|revenue|total|value|price|sum|spent/i);
  add({
    id: 'big_spenders', name: 'Big spenders', category: 'Purchases',
    description: `Spent more than 500 in the last 365 days (sum of ${amount ?? 'the order amount'}).`,
    condition: { type: 'event', event: purchase?.name ?? 'purchase', measure: 'sum', property: amount ?? 'amount', op: 'gt', value: 500, within: '365d' },
  }, [purchaseNote, purchase && !amount ? `No numeric amount among the properties of ${purchase.name}: pick the property that holds the order value.` : null]);

  const interests = pickField(fields, ['multiselect'], /interest|topic|preference|categor/i, /interest|topic|preference/i);
  const tags = fields.find((f) => f.key === 'tags');
  const topic = interests?.options?.[0] ?? 'newsletter';
  add({
    id: 'interested_in_topic', name: `Interested in ${topic.replace(/_/g, ' ')}`, category: 'Interests',
    description: interests ? `${interests.label ?? interests.key} includes ${topic}.` : `Tagged "${topic}".`,
    condition: interests
      ? { type: 'field', field: interests.key, op: 'any_of', value: [topic] }
      : { type: 'field', field: tags?.key ?? 'tags', op: 'contains', value: topic },
  }, [interests ? null : 'No interests field: this uses tags; pick the tag (or field) that names the topic.']);

  const support = pickEvent(events, /support|ticket|case|complaint|helpdesk/i);
  add({
    id: 'recent_support_case', name: 'Support case in the last 30 days', category: 'Service',
    description: `At least one ${support?.name ?? 'support case'} in the last 30 days.`,
    condition: { type: 'event', event: support?.name ?? 'support_case', within: '30d' },
  }, [support ? null : 'No support event seen yet: pick the event that records a support case.']);

  add({
    id: 'inactive_60d', name: 'Inactive for 60 days', category: 'Engagement',
    description: 'No event of any kind in the last 60 days (contacts who never did anything included).',
    condition: { type: 'event', event: '*', within: '60d', op: 'eq', value: 0 },
  }, []);

  const points = pickField(fields, ['number'], /points|loyalty|score|credit|bonus|stars/i, /points|loyalty|score/i);
  add({
    id: 'over_points', name: `Over 1,000 ${points?.label?.toLowerCase() ?? 'points'}`, category: 'Loyalty',
    description: `${points?.label ?? 'Loyalty points'} of 1,000 or more.`,
    condition: { type: 'field', field: points?.key ?? 'points', op: 'gte', value: 1000 },
  }, [points ? null : 'No points field: pick the number field that holds loyalty points.']);

  const registered = pickField(fields, ['datetime', 'date'], /regist|sign_?up|joined|subscribed_at|member_since/i, /regist|sign.?up|joined/i);
  add({
    id: 'registered_30d', name: 'Registered in the last 30 days', category: 'Lifecycle',
    description: `${registered?.label ?? 'Created'} within the last 30 days.`,
    condition: { type: 'field', field: registered?.key ?? 'created_at', op: 'gte', value: '-30d' },
  }, []);

  const birth = pickField(fields, ['date', 'datetime'], /birth|dob|geburt/i, /birth|geburt/i);
  add({
    id: 'aged_40_50', name: 'Aged 40 to 50', category: 'Demographics',
    description: `Age from ${birth?.label?.toLowerCase() ?? 'the birth date'} between 40 and 50, both included.`,
    condition: { type: 'field', field: birth?.key ?? 'birth_date', fn: 'age_years', op: 'between', value: [40, 50] },
  }, [birth ? null : 'No birth date field: pick the date field that holds a contact\'s birth date.']);

  const cart = pickEvent(events, CART);
  add({
    id: 'cart_abandoned', name: 'Added to cart, no purchase within 48 h', category: 'Purchases',
    description: `${cart?.name ?? 'cart_add'} in the last 14 days, then no ${purchase?.name ?? 'purchase'} within 48 hours.`,
    condition: { type: 'sequence', within: '14d', gap: '48h', steps: [{ event: cart?.name ?? 'cart_add' }, { event: purchase?.name ?? 'purchase', absent: true }] },
  }, [cart ? null : 'No cart event seen yet: pick the event that records adding to the cart.', purchaseNote]);

  const tier = fields.find((f) => (f.type === 'select' || f.type === 'multiselect') && (f.options ?? []).some((o) => /^(vip|gold)$/i.test(o)))
    ?? pickField(fields, ['select', 'text'], /status|tier|level|membership|segment/i, /status|tier|level/i);
  const tierValues = tier?.options?.filter((o) => /^(vip|gold)$/i.test(o)) ?? [];
  add({
    id: 'vip_or_gold', name: 'VIP or Gold', category: 'Loyalty',
    description: tier ? `${tier.label ?? tier.key} is VIP or Gold.` : 'Tagged vip or gold.',
    condition: tier
      ? tier.type === 'multiselect'
        ? { type: 'field', field: tier.key, op: 'any_of', value: tierValues.length ? tierValues : ['vip', 'gold'] }
        : { type: 'field', field: tier.key, op: 'in', value: tierValues.length ? tierValues : ['vip', 'gold'] }
      : { type: 'field', field: tags?.key ?? 'tags', op: 'any_of', value: ['vip', 'gold'] },
  }, [
    tier && tier.options && !tierValues.length ? `${tier.label ?? tier.key} has no VIP or Gold option: pick the values that mean it.` : null,
    tier ? null : 'No status or tier field: this uses the tags vip and gold; pick the field (or tags) that mark the tier.',
  ]);

  add({
    id: 'holdout_10', name: '10 % holdout', category: 'Testing',
    description: 'A stable random 10 % of all contacts, to leave out of a campaign and compare against.',
    condition: { type: 'sample', percent: 10, salt: 'holdout' },
  }, []);

  return out;
}
