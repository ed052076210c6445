// Segments of the demo workspace: what marketers actually build, written in the
// canonical JSON condition form (SEGMENT-LANGUAGE.md §2–§6), not DSL text, so the
// demo does not depend on the parser. Referenced segments come before their referrers,
// so the array can be applied in order.

import type { Condition } from '../condition/types.js';

export interface DemoSegment {
  readonly name: string;
  readonly alias: string;
  readonly description: string;
  readonly category: string;
  readonly kind?: 'dynamic' | 'manual';
  readonly condition?: Condition;
}

const zurich: Condition = {
  // `in` compares case-insensitively, so this also catches "ZÜRICH" and "Zurich".
  type: 'field', field: 'city', op: 'in', value: ['zurich', 'zürich'],
};

export const DEMO_SEGMENTS: readonly DemoSegment[] = [
  {
    name: 'Contacts from Zurich',
    alias: 'zurich',
    description: 'City is Zurich in any spelling or case ("Zürich", "Zurich", "ZÜRICH").',
    category: 'Location',
    condition: zurich,
  },
  {
    name: 'French-speaking Switzerland',
    alias: 'romandie',
    description: 'Language French and country Switzerland, for French-language campaigns.',
    category: 'Location',
    condition: {
      type: 'and',
      conditions: [
        { type: 'field', field: 'language', op: 'eq', value: 'fr' },
        { type: 'field', field: 'country', op: 'in', value: ['CH', 'Schweiz', 'Switzerland', 'Suisse', 'Svizzera'] },
      ],
    },
  },
  {
    name: 'Active last month, reachable by e-mail',
    alias: 'active_with_email',
    description: 'Any activity in the last month and an e-mail address on file.',
    category: 'Engagement',
    condition: {
      type: 'and',
      conditions: [
        { type: 'field', field: 'last_active_at', op: 'gte', value: '-1mo' },
        { type: 'field', field: 'email', op: 'is_set' },
      ],
    },
  },
  {
    name: 'Mobile and e-mail on file',
    alias: 'mobile_and_email',
    description: 'Both a phone number and an e-mail address recorded: reachable on two channels.',
    category: 'Data quality',
    condition: {
      type: 'and',
      conditions: [
        { type: 'field', field: 'phone', op: 'is_set' },
        { type: 'field', field: 'email', op: 'is_set' },
      ],
    },
  },
  {
    name: 'Loyal customers',
    alias: 'loyal',
    description: 'Three or more purchases, ever.',
    category: 'Purchases',
    condition: { type: 'event', event: 'purchase', measure: 'count', op: 'gte', value: 3 },
  },
  {
    name: 'Big spenders',
    alias: 'big_spenders',
    description: 'Spent more than CHF 500 in the last 365 days.',
    category: 'Purchases',
    condition: { type: 'event', event: 'purchase', within: '365d', measure: 'sum', property: 'amount', op: 'gt', value: 500 },
  },
  {
    name: 'Interested in product updates',
    alias: 'product_updates_fans',
    description: 'Chose "product updates" among their interests.',
    category: 'Preferences',
    condition: { type: 'field', field: 'interests', op: 'contains', value: 'product_updates' },
  },
  {
    name: 'Support case in the last 30 days',
    alias: 'recent_support',
    description: 'Opened at least one support case in the last 30 days: hold back promotional mail.',
    category: 'Service',
    condition: { type: 'event', event: 'support_case', within: '30d' },
  },
  {
    name: 'Inactive for 60 days',
    alias: 'inactive_60d',
    description: 'No event of any kind in the last 60 days, including contacts never seen active.',
    category: 'Engagement',
    condition: { type: 'event', event: '*', within: '60d', measure: 'count', op: 'eq', value: 0 },
  },
  {
    name: 'Over 1,000 points',
    alias: 'points_1000',
    description: 'Loyalty balance above 1,000 points.',
    category: 'Loyalty',
    condition: { type: 'field', field: 'points', op: 'gt', value: 1000 },
  },
  {
    name: 'Registered in the last 30 days',
    alias: 'new_registrations',
    description: 'Signed up within the last 30 days: onboarding series.',
    category: 'Lifecycle',
    condition: { type: 'field', field: 'registered_at', op: 'gte', value: '-30d' },
  },
  {
    name: 'Aged 40–50',
    alias: 'age_40_50',
    description: 'Age between 40 and 50 inclusive, from the birth date.',
    category: 'Demographics',
    condition: { type: 'field', field: 'birth_date', fn: 'age_years', op: 'between', value: [40, 50] },
  },
  {
    name: 'Women in Zurich who viewed products recently',
    alias: 'zurich_women_product_viewers',
    description: 'Female contacts from Zurich who visited a product page in the last 30 days.',
    category: 'Campaign audiences',
    condition: {
      type: 'and',
      conditions: [
        { type: 'field', field: 'gender', op: 'eq', value: 'female' },
        zurich,
        {
          type: 'event', event: 'page_view', within: '30d',
          where: { type: 'field', field: 'url', op: 'starts_with', value: '/products' },
        },
      ],
    },
  },
  {
    name: 'Abandoned cart (48 h)',
    alias: 'abandoned_cart',
    description: 'Added to cart in the last 14 days and did not buy within 48 hours after.',
    category: 'Purchases',
    condition: {
      type: 'sequence', within: '14d', gap: '48h',
      steps: [{ event: 'cart_add' }, { event: 'purchase', absent: true }],
    },
  },
  {
    name: 'VIP or Gold',
    alias: 'vip_or_gold',
    description: 'Customer status VIP or Gold.',
    category: 'Loyalty',
    condition: { type: 'field', field: 'status', op: 'in', value: ['vip', 'gold'] },
  },
  {
    name: 'Eco-conscious tech buyers',
    alias: 'eco_tech_buyers',
    description: 'Tagged eco, interested in tech, and bought electronics.',
    category: 'Campaign audiences',
    condition: {
      type: 'and',
      conditions: [
        { type: 'field', field: 'tags', op: 'contains', value: 'eco' },
        { type: 'field', field: 'interests', op: 'contains', value: 'tech' },
        {
          type: 'event', event: 'purchase',
          where: { type: 'field', field: 'category', op: 'eq', value: 'electronics' },
        },
      ],
    },
  },
  {
    name: 'Q4 holdout (10%)',
    alias: 'holdout_q4',
    description: 'A stable 10% of contacts kept out of Q4 campaigns to measure their lift.',
    category: 'Experiments',
    condition: { type: 'sample', percent: 10, salt: 'holdout-q4' },
  },
  {
    name: 'Loyal and still active',
    alias: 'loyal_active',
    description: 'In "Loyal customers" and not in "Inactive for 60 days".',
    category: 'Purchases',
    condition: {
      type: 'and',
      conditions: [
        { type: 'segment', segment: 'loyal', op: 'in' },
        { type: 'segment', segment: 'inactive_60d', op: 'not_in' },
      ],
    },
  },
  {
    name: 'Win-back candidates',
    alias: 'win_back',
    description: 'Loyal customers gone quiet for 60 days, minus the Q4 holdout.',
    category: 'Campaign audiences',
    condition: {
      type: 'and',
      conditions: [
        { type: 'segment', segment: 'loyal', op: 'in' },
        { type: 'segment', segment: 'inactive_60d', op: 'in' },
        { type: 'segment', segment: 'holdout_q4', op: 'not_in' },
      ],
    },
  },
  {
    name: 'VIP event guest list',
    alias: 'vip_event_guests',
    description: 'Hand-picked guests for the VIP evening; maintained by the events team.',
    category: 'Events',
    kind: 'manual',
  },
  {
    name: 'Vegans with pets',
    alias: 'vegans_with_pets',
    description: 'Diet vegan and has a pet: plant-based pet food launch.',
    category: 'Preferences',
    condition: {
      type: 'and',
      conditions: [
        { type: 'field', field: 'diet', op: 'eq', value: 'vegan' },
        { type: 'field', field: 'has_pet', op: 'is_true' },
      ],
    },
  },
  {
    name: 'Birthday this week',
    alias: 'birthday_this_week',
    description: 'Birthday today or in the next 6 days: birthday voucher.',
    category: 'Lifecycle',
    condition: { type: 'field', field: 'birth_date', fn: 'days_until_anniversary', op: 'between', value: [0, 6] },
  },
  {
    name: 'Engaged newsletter readers',
    alias: 'engaged_readers',
    description: 'Opened at least 3 different campaigns in the last 90 days.',
    category: 'Engagement',
    condition: { type: 'event', event: 'email_open', within: '90d', measure: 'distinct', property: 'campaign', op: 'gte', value: 3 },
  },
];
