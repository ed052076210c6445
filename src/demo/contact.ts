// One generated contact: the record written to the contacts file, plus the hidden
// traits (how they shop, when they signed up) that shape their events, so that fields
// and behaviour agree (VIPs buy more, opted-out contacts rarely open e-mails).

import type { IsoClock } from './iso.js';
import {
  asciiSlug, CITIES, COMPANY_SUFFIX, EMAIL_DOMAINS, FEMALE_FIRST, INDUSTRIES, LAST_NAMES,
  MALE_FIRST, SWISS_COUNTRY, TAGS,
} from './people-data.js';
import { weighted, type Rng } from './random.js';

/** Keys in file order: system fields first, then DEMO_FIELDS order. Absent = missing value. */
export interface DemoContact {
  id: string;
  email?: string;
  phone?: string;
  first_name?: string;
  last_name?: string;
  tags?: string[];
  birth_date?: string;
  gender?: string;
  city?: string;
  country?: string;
  language?: string;
  points?: number;
  status?: string;
  lead_status?: string;
  industry?: string;
  company_size?: number;
  interests?: string[];
  newsletter_opt_in?: boolean;
  registered_at?: string;
  login_method?: string;
  notifications?: string[];
  diet?: string;
  has_pet?: boolean;
  website?: string;
}

export type Status = 'prospect' | 'customer' | 'vip' | 'gold';

export interface Traits {
  /** Sign-up time in epoch seconds; events start no earlier. */
  readonly registeredSec: number;
  readonly status: Status | undefined;
  readonly optedIn: boolean;
  readonly loginMethod: string | undefined;
  readonly highPoints: boolean;
}

export interface ContactContext {
  readonly nowSec: number;
  readonly clock: IsoClock;
}

const DAY = 86400;
const YEAR = 365.2425 * DAY;

const GENDER = weighted<'female' | 'male' | 'diverse'>([['female', 49], ['male', 47], ['diverse', 1.5]]);
const STATUS = weighted<Status>([['prospect', 52], ['customer', 33], ['vip', 8], ['gold', 4]]);
const LEAD_STATUS = weighted<string>([['new', 45], ['qualified', 30], ['inactive', 25]]);
const LOGIN = weighted<string>([['email', 45], ['google', 30], ['apple', 18], ['facebook', 7]]);
const DIET = weighted<string>([['none', 68], ['vegetarian', 22], ['vegan', 10]]);
const INTERESTS: readonly (readonly [string, number])[] = [
  ['product_updates', 0.4], ['events', 0.2], ['user_tips', 0.3], ['sustainability', 0.2], ['tech', 0.25],
];
const MOBILE_PREFIX = ['75', '76', '77', '78', '79', '79', '79', '78'] as const;
const LANDLINE_PREFIX = ['21', '22', '31', '41', '43', '44', '52', '61', '71', '91'] as const;

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.u32() % 10);
  return s;
}

/** Sign-up offset back from now: a steady stream of recent sign-ups on top of a multi-year base. */
function registeredAgo(rng: Rng): number {
  const r = rng.float();
  if (r < 0.04) return rng.float() * 30 * DAY;
  if (r < 0.3) return (30 + rng.float() * 370) * DAY;
  return (400 + rng.float() * 1800) * DAY;
}

function birthDate(rng: Rng, ctx: ContactContext): string {
  // Sum of two uniforms: ages cluster in the 30s–50s like a real customer base.
  const age = 18 + (rng.float() + rng.float()) * 36;
  return ctx.clock.date(ctx.nowSec - Math.floor(age * YEAR));
}

function email(rng: Rng, n: number, first: string | undefined, last: string | undefined): string {
  const f = first === undefined ? 'info' : asciiSlug(first);
  const l = last === undefined ? '' : asciiSlug(last);
  const style = rng.u32() % 4;
  // The running number keeps addresses unique, as most tools dedupe contacts by e-mail.
  const local = style === 0 || l === '' ? `${f}${n}` : style === 1 ? `${f}.${l}${n}` : style === 2 ? `${f[0]}.${l}${n}` : `${f}${l}.${n}`;
  const address = `${local}@${EMAIL_DOMAINS.pick(rng)}`;
  // A few people type their address capitalised; matching must be case-insensitive.
  return rng.chance(0.02) ? address[0].toUpperCase() + address.slice(1) : address;
}

function pickSet(rng: Rng, options: readonly (readonly [string, number])[]): string[] {
  const out: string[] = [];
  for (const [value, p] of options) if (rng.chance(p)) out.push(value);
  return out;
}

/** Builds contact number `n` (1-based). Draws only from `rng`, so contact n is the same whatever the total. */
export function makeContact(rng: Rng, n: number, id: string, ctx: ContactContext): { contact: DemoContact; traits: Traits } {
  const gender = GENDER.pick(rng);
  const firstPool = gender === 'female' ? FEMALE_FIRST : gender === 'male' ? MALE_FIRST : rng.chance(0.5) ? FEMALE_FIRST : MALE_FIRST;
  const first = rng.chance(0.95) ? rng.pick(firstPool) : undefined;
  const last = rng.chance(0.93) ? rng.pick(LAST_NAMES) : undefined;
  const place = CITIES.pick(rng);
  const status = rng.chance(0.97) ? STATUS.pick(rng) : undefined;
  const vipLike = status === 'vip' || status === 'gold';
  const b2b = rng.chance(0.3);
  const hasPhone = rng.chance(0.55);
  const optIn = rng.chance(0.88) ? rng.chance(0.62) : undefined;
  const registeredSec = ctx.nowSec - Math.floor(registeredAgo(rng));

  let points: number | undefined;
  if (rng.chance(0.85)) {
    points = rng.chance(0.15) ? 0 : Math.min(100000, Math.round(rng.logNormal(vipLike ? 900 : 300, 1.3)));
  }

  const interests = rng.chance(0.75) ? pickSet(rng, INTERESTS) : [];
  const tags: string[] = [];
  if (optIn === true && rng.chance(0.55)) tags.push(TAGS.newsletter);
  if (rng.chance(vipLike ? 0.45 : 0.01)) tags.push(rng.chance(0.9) ? TAGS.vip : 'VIP');
  if (rng.chance(0.05)) tags.push(TAGS.beta);
  if (rng.chance(interests.includes('sustainability') ? 0.45 : 0.07)) tags.push(TAGS.eco);
  if (b2b && rng.chance(0.6)) tags.push(TAGS.b2b);
  if (rng.chance(0.06)) tags.push(TAGS.event);
  if (b2b && rng.chance(0.04)) tags.push(TAGS.wholesale);
  if (rng.chance(0.03)) tags.push(TAGS.referral);

  const notifications: string[] = [];
  if (rng.chance(0.6)) {
    if (rng.chance(0.8)) notifications.push('email');
    if (hasPhone && rng.chance(0.35)) notifications.push('sms');
    if (rng.chance(0.35)) notifications.push('push');
  }

  const industry = b2b && rng.chance(0.9) ? INDUSTRIES.pick(rng) : undefined;
  const companySlug = `${last === undefined ? 'firma' : asciiSlug(last)}-${rng.pick(COMPANY_SUFFIX)}`;

  const contact: DemoContact = {
    id,
    email: rng.chance(0.93) ? email(rng, n, first, last) : undefined,
    phone: hasPhone
      ? rng.chance(0.8) ? `+41${rng.pick(MOBILE_PREFIX)}${digits(rng, 7)}` : `+41${rng.pick(LANDLINE_PREFIX)}${digits(rng, 7)}`
      : undefined,
    first_name: first,
    last_name: last,
    tags: tags.length > 0 ? tags : undefined,
    birth_date: rng.chance(0.75) ? birthDate(rng, ctx) : undefined,
    gender: rng.chance(0.88) ? gender : undefined,
    city: rng.chance(0.88) ? place.city : undefined,
    country: rng.chance(0.9) ? (place.country === 'CH' ? SWISS_COUNTRY.pick(rng) : place.country) : undefined,
    language: rng.chance(0.9) ? (rng.chance(0.1) ? 'en' : place.language) : undefined,
    points,
    status,
    lead_status: rng.chance(0.65) ? LEAD_STATUS.pick(rng) : undefined,
    industry,
    company_size: industry !== undefined && rng.chance(0.85) ? Math.max(1, Math.min(200000, Math.round(rng.logNormal(25, 1.8)))) : undefined,
    interests: interests.length > 0 ? interests : undefined,
    newsletter_opt_in: optIn,
    registered_at: rng.chance(0.97) ? ctx.clock.dateTime(registeredSec) : undefined,
    login_method: rng.chance(0.8) ? LOGIN.pick(rng) : undefined,
    notifications: notifications.length > 0 ? notifications : undefined,
    diet: rng.chance(0.55) ? DIET.pick(rng) : undefined,
    has_pet: rng.chance(0.5) ? rng.chance(0.42) : undefined,
    website: b2b && rng.chance(0.6) ? `${rng.chance(0.9) ? 'https' : 'http'}://www.${companySlug}.example` : undefined,
  };
  const traits: Traits = {
    registeredSec,
    status,
    optedIn: optIn !== false,
    loginMethod: contact.login_method,
    highPoints: points !== undefined && points > 1000,
  };
  return { contact, traits };
}
