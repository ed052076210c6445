// Vocabulary for generated events: names, their popularity, and property values.
// Popularity is skewed the way a shop's tracking is (page views dwarf purchases,
// support cases are rare), so that selective and broad conditions both exist.

import { weighted, zipfPicker } from './random.js';

export const EVENT_NAMES = [
  'page_view', 'email_open', 'email_click', 'login', 'cart_add', 'purchase',
  'reward_redeemed', 'challenge_completed', 'support_case',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Property keys each event carries: what segment conditions may refer to. */
export const EVENT_PROPERTIES: Readonly<Record<EventName, readonly string[]>> = {
  page_view: ['url'],
  email_open: ['campaign'],
  email_click: ['campaign', 'url'],
  login: ['method'],
  cart_add: ['category', 'price'],
  purchase: ['category', 'amount', 'order_id'],
  reward_redeemed: ['reward', 'points'],
  challenge_completed: ['challenge'],
  support_case: ['topic', 'priority'],
};

export const PAGE_VIEW = 0;
export const EMAIL_OPEN = 1;
export const EMAIL_CLICK = 2;
export const LOGIN = 3;
export const CART_ADD = 4;
export const PURCHASE = 5;
export const REWARD_REDEEMED = 6;
export const CHALLENGE_COMPLETED = 7;
export const SUPPORT_CASE = 8;

/** Base popularity per kind (index = kind); contacts scale these by their traits. */
export const BASE_WEIGHTS: readonly number[] = [50, 16, 3, 10, 7, 2, 1.2, 1.5, 0.6];

export const CATEGORIES = weighted<string>([
  ['apparel', 18], ['shoes', 12], ['electronics', 12], ['home', 10], ['beauty', 9], ['sports', 8],
  ['food', 8], ['books', 6], ['garden', 5], ['toys', 4],
]);

/** Typical unit price per category (CHF); prices vary log-normally around it. */
export const CATEGORY_PRICE: Readonly<Record<string, number>> = {
  apparel: 45, shoes: 90, electronics: 180, home: 55, beauty: 30, sports: 70, food: 18,
  books: 24, garden: 40, toys: 35,
};

const PRODUCTS = ['classic', 'pro', 'lite', 'eco', 'max', 'mini', 'air', 'plus'] as const;

function pageList(): string[] {
  const pages = ['/', '/products', '/pricing', '/blog', '/account', '/cart', '/about', '/contact', '/checkout', '/help/shipping', '/help/returns'];
  for (const c of CATEGORIES.items) pages.push(`/products/${c}`);
  CATEGORIES.items.forEach((c, ci) => PRODUCTS.forEach((p, pi) => pages.push(`/products/${c}/${p}-${101 + ci * 37 + pi * 11}`)));
  for (const slug of ['spring-trends', 'sustainable-packaging', 'app-release-3', 'size-guide', 'gift-ideas', 'recycling', 'customer-story-zurich', 'new-loyalty-program', 'tech-deep-dive', 'vegan-recipes']) {
    pages.push(`/blog/${slug}`);
  }
  // Deterministic interleave so that the long-tail rank is not simply "all products, then all posts".
  const ranked: string[] = [];
  const head = pages.slice(0, 11);
  const tail = pages.slice(11);
  for (let i = 0; i < Math.max(head.length, tail.length); i++) {
    if (i < head.length) ranked.push(head[i]);
    if (i < tail.length) ranked.push(tail[i]);
  }
  return ranked;
}

export const PAGES = zipfPicker(pageList(), 1.05);
export const CLICK_TARGETS = zipfPicker(PAGES.items.filter((u) => u.startsWith('/products/') || u.startsWith('/blog/')), 0.9);

export const SPECIAL_CAMPAIGNS = zipfPicker([
  'welcome-series', 'black-friday', 'spring-sale', 'summer-sale', 'product-launch-x2', 'winback',
  'loyalty-update', 'event-invite', 'survey-2024', 'cyber-monday',
], 0.8);

export const REWARDS = weighted<readonly [string, number]>([
  [['voucher-10', 500], 30], [['free-shipping', 300], 25], [['coffee', 150], 15], [['tote-bag', 800], 10],
  [['voucher-50', 2500], 6], [['vip-event-ticket', 5000], 2],
]);

export const CHALLENGES = zipfPicker([
  'profile-complete', 'app-download', 'first-review', 'step-challenge', 'plastic-free-july',
  'recipe-quiz', 'refer-a-friend', 'birthday-bonus',
], 0.9);

export const SUPPORT_TOPICS = weighted<string>([
  ['delivery', 30], ['returns', 22], ['billing', 15], ['account', 14], ['product', 12], ['privacy', 3],
]);

export const PRIORITIES = weighted<string>([['normal', 60], ['low', 20], ['high', 15], ['urgent', 5]]);

export const LOGIN_METHODS = ['email', 'google', 'apple', 'facebook'] as const;
