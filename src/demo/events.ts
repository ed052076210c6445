// Events of one contact at a time: sessions spread over the contact's active span,
// cart adds that sometimes turn into a purchase hours later, e-mail opens that
// sometimes lead to a click. Per contact the events come out in time order; the
// file as a whole is grouped by contact (id order), not globally sorted by time.
//
// Everything is drawn into reusable typed arrays first, then sorted and formatted:
// this is the generator's hot path (10M events for the M benchmark size).

import type { Traits } from './contact.js';
import { csvCell } from './contact-format.js';
import {
  BASE_WEIGHTS, CART_ADD, CATEGORIES, CATEGORY_PRICE, CHALLENGE_COMPLETED, CHALLENGES, CLICK_TARGETS,
  EMAIL_CLICK, EMAIL_OPEN, EVENT_NAMES, LOGIN, LOGIN_METHODS, PAGE_VIEW, PAGES, PRIORITIES, PURCHASE,
  REWARD_REDEEMED, REWARDS, SPECIAL_CAMPAIGNS, SUPPORT_CASE, SUPPORT_TOPICS,
} from './event-data.js';
import type { IsoClock } from './iso.js';
import type { Rng } from './random.js';
import type { TextSink } from './sink.js';

const HOUR = 3600;
const DAY = 86400;
const KINDS = EVENT_NAMES.length;

const str = JSON.stringify;

// Property objects that take few values are built once.
const PAGE_PROPS = PAGES.items.map((url) => `{"url":${str(url)}}`);
const LOGIN_PROPS = LOGIN_METHODS.map((m) => `{"method":${str(m)}}`);
const REWARD_PROPS = REWARDS.items.map(([reward, points]) => `{"reward":${str(reward)},"points":${points}}`);
const CHALLENGE_PROPS = CHALLENGES.items.map((c) => `{"challenge":${str(c)}}`);
const SUPPORT_PROPS = SUPPORT_TOPICS.items.flatMap((topic) =>
  PRIORITIES.items.map((priority) => `{"topic":${str(topic)},"priority":${str(priority)}}`));
const NAME_JSON = EVENT_NAMES.map((name) => `","name":"${name}","ts":"`);

export interface EventSinks {
  readonly ndjson: TextSink;
  readonly csv?: TextSink;
}

/** Swiss prices end in 5 Rappen steps; dividing integers keeps the printed decimals short. */
function chf(x: number): number {
  return Math.max(5, Math.round(x * 20)) / 20;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export class EventGenerator {
  private capacity = 0;
  private ts = new Float64Array(0);
  private kind = new Uint8Array(0);
  private aux = new Int32Array(0);
  private value = new Float64Array(0);
  private keys = new Float64Array(0);
  private campaign: string[] = [];
  private readonly weights = new Float64Array(KINDS);
  private messageSeq = 0;
  private orderSeq = 0;

  constructor(
    private readonly rng: Rng,
    private readonly clock: IsoClock,
    /** Earliest event time (epoch seconds). */
    private readonly windowStart: number,
    /** Latest event time (epoch seconds): no event lies in the future of `now`. */
    private readonly nowSec: number,
    private readonly sinks: EventSinks,
  ) {}

  /** Generates and writes exactly `n` events for one contact. */
  emit(id: string, traits: Traits, n: number): void {
    if (n === 0) return;
    this.reserve(n);
    this.setWeights(traits);
    this.fill(traits, n);
    this.sortByTime(n);
    this.write(id, n);
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2, 64);
    this.capacity = cap;
    this.ts = new Float64Array(cap);
    this.kind = new Uint8Array(cap);
    this.aux = new Int32Array(cap);
    this.value = new Float64Array(cap);
    this.keys = new Float64Array(cap);
    this.campaign = new Array<string>(cap).fill('');
  }

  /** Cumulative kind weights for this contact: status drives buying, opt-in drives e-mail. */
  private setWeights(traits: Traits): void {
    const rng = this.rng;
    const buy = traits.status === 'gold' ? 2.8 : traits.status === 'vip' ? 2.2 : traits.status === 'customer' ? 1 : traits.status === 'prospect' ? 0.35 : 0.6;
    const cart = traits.status === 'prospect' ? 0.7 : traits.status === undefined ? 0.8 : 1 + buy / 5;
    const mail = (traits.optedIn ? 1 : 0.1) * rng.logNormal(1, 0.6);
    let sum = 0;
    for (let k = 0; k < KINDS; k++) {
      let w = BASE_WEIGHTS[k];
      if (k === EMAIL_OPEN || k === EMAIL_CLICK) w *= mail;
      else if (k === PURCHASE) w *= buy;
      else if (k === CART_ADD) w *= cart;
      else if (k === LOGIN) w *= traits.loginMethod === undefined ? 0.5 : 1;
      else if (k === REWARD_REDEEMED) w *= traits.highPoints ? 3 : 0.7;
      sum += w;
      this.weights[k] = sum;
    }
  }

  private pickKind(): number {
    const x = this.rng.float() * this.weights[KINDS - 1];
    let k = 0;
    while (k < KINDS - 1 && this.weights[k] <= x) k++;
    return k;
  }

  private put(i: number, t: number, kind: number, aux: number, value: number, campaign: string): void {
    this.ts[i] = t;
    this.kind[i] = kind;
    this.aux[i] = aux;
    this.value[i] = value;
    this.campaign[i] = campaign;
  }

  private campaignAt(t: number): string {
    // Most mail is the monthly newsletter, so `distinct(campaign)` grows with time active.
    return this.rng.chance(0.7) ? `newsletter-${this.clock.date(t).slice(0, 7)}` : SPECIAL_CAMPAIGNS.pick(this.rng);
  }

  /** Draws exactly n events: sessions at random points of the contact's active span. */
  private fill(traits: Traits, n: number): void {
    const rng = this.rng;
    const now = this.nowSec;
    const start = Math.min(now, Math.max(this.windowStart, traits.registeredSec));
    // About a third of contacts drift away: their activity stops somewhere in the window.
    // The others lean towards the present (u² puts more sessions near `end`), as
    // retained customers do; otherwise "active last month" would be rare.
    const churned = rng.chance(0.35);
    const end = churned ? start + Math.floor(rng.float() * (now - start)) : now;
    const span = end - start + 1;
    let i = 0;
    while (i < n) {
      const u = rng.float();
      let t = churned ? start + Math.floor(u * span) : end - Math.floor(u * u * span);
      let left = 1 + rng.geometric(2);
      while (left > 0 && i < n && t <= now) {
        left--;
        const kind = this.pickKind();
        switch (kind) {
          case CART_ADD: {
            const category = CATEGORIES.index(rng);
            const price = chf(rng.logNormal(CATEGORY_PRICE[CATEGORIES.items[category]], 0.6));
            this.put(i++, t, CART_ADD, category, price, '');
            if (i < n && rng.chance(0.4)) {
              // Most buyers finish within a day; some come back after the 48 h mark.
              const r = rng.float();
              const delay = r < 0.75 ? 600 + rng.float() * 24 * HOUR : r < 0.9 ? DAY + rng.float() * DAY : 2 * DAY + rng.float() * 6 * DAY;
              const tp = t + Math.floor(delay);
              if (tp <= now) this.put(i++, tp, PURCHASE, category, chf(price * (1 + rng.geometric(0.4))), '');
            }
            break;
          }
          case PURCHASE: {
            const category = CATEGORIES.index(rng);
            const base = CATEGORY_PRICE[CATEGORIES.items[category]] * 1.5;
            // Long tail: the odd bulk or gift order far above the usual basket.
            const amount = rng.logNormal(base, 0.9) * (rng.chance(0.01) ? 5 + rng.float() * 15 : 1);
            this.put(i++, t, PURCHASE, category, chf(amount), '');
            break;
          }
          case EMAIL_OPEN:
          case EMAIL_CLICK: {
            const campaign = this.campaignAt(t);
            if (kind === EMAIL_OPEN) {
              this.put(i++, t, EMAIL_OPEN, 0, 0, campaign);
              if (i >= n || !rng.chance(0.22)) break;
              t += 5 + (rng.u32() % 900);
              if (t > now) break;
            }
            this.put(i++, t, EMAIL_CLICK, CLICK_TARGETS.index(rng), 0, campaign);
            break;
          }
          case LOGIN: {
            const method = traits.loginMethod !== undefined && rng.chance(0.92) ? traits.loginMethod : rng.pick(LOGIN_METHODS);
            this.put(i++, t, LOGIN, LOGIN_METHODS.indexOf(method as (typeof LOGIN_METHODS)[number]), 0, '');
            break;
          }
          case REWARD_REDEEMED:
            this.put(i++, t, kind, REWARDS.index(rng), 0, '');
            break;
          case CHALLENGE_COMPLETED:
            this.put(i++, t, kind, CHALLENGES.index(rng), 0, '');
            break;
          case SUPPORT_CASE:
            this.put(i++, t, kind, SUPPORT_TOPICS.index(rng) * PRIORITIES.items.length + PRIORITIES.index(rng), 0, '');
            break;
          default:
            this.put(i++, t, PAGE_VIEW, PAGES.index(rng), 0, '');
        }
        t += 20 + (rng.u32() % 400);
      }
    }
  }

  /** Orders slots by (time, draw order) with one numeric typed-array sort: key = offset·n + slot. */
  private sortByTime(n: number): void {
    const keys = this.keys.subarray(0, n);
    for (let i = 0; i < n; i++) keys[i] = (this.ts[i] - this.windowStart) * n + i;
    keys.sort();
  }

  /** The properties object as JSON text; generated strings need no escaping. */
  private props(slot: number): string {
    const kind = this.kind[slot];
    const aux = this.aux[slot];
    switch (kind) {
      case PAGE_VIEW: return PAGE_PROPS[aux];
      case LOGIN: return LOGIN_PROPS[aux];
      case REWARD_REDEEMED: return REWARD_PROPS[aux];
      case CHALLENGE_COMPLETED: return CHALLENGE_PROPS[aux];
      case SUPPORT_CASE: return SUPPORT_PROPS[aux];
      case EMAIL_OPEN: return `{"campaign":"${this.campaign[slot]}"}`;
      case EMAIL_CLICK: return `{"campaign":"${this.campaign[slot]}","url":"${CLICK_TARGETS.items[aux]}"}`;
      case CART_ADD: return `{"category":"${CATEGORIES.items[aux]}","price":${this.value[slot]}}`;
      default: return `{"category":"${CATEGORIES.items[aux]}","amount":${this.value[slot]},"order_id":"o${pad(++this.orderSeq, 8)}"}`;
    }
  }

  private write(id: string, n: number): void {
    const { ndjson, csv } = this.sinks;
    const head = `{"contact_id":"${id}`;
    const csvHead = `${id},`;
    for (let r = 0; r < n; r++) {
      const key = this.keys[r];
      const slot = key - Math.floor(key / n) * n;
      const ts = this.clock.dateTime(this.ts[slot]);
      const p = this.props(slot);
      const messageId = `m${pad(++this.messageSeq, 9)}`;
      ndjson.add(`${head}${NAME_JSON[this.kind[slot]]}${ts}","properties":${p},"message_id":"${messageId}"}\n`);
      if (csv !== undefined) csv.add(`${csvHead}${EVENT_NAMES[this.kind[slot]]},${ts},${csvCell(p)},${messageId}\n`);
    }
  }
}
