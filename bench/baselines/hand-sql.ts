import type { ManualChanges } from '../suite.js';
import { sampleBound, type HandClock } from './clock.js';

// Baseline (1): for each suite segment, the query a person fluent in DuckDB would write
// against the store's tables (src/store/duckdb-store.ts) to get that segment's members
// at the fixed clock. Written from SEGMENT-LANGUAGE.md and knowledge of the schema and
// data (select and multiselect values are stored as their canonical option; empty
// values are NULL; properties are JSON with numeric amounts and prices), not from the
// engine's compiler. Relative dates are worked out in ./clock.ts and inlined.
// Every query returns one column `id`; the benchmark checks each against the engine.

export interface HandQuery {
  readonly alias: string;
  readonly sql: string;
}

/** An epoch-ms constant, with its instant for the reader. */
function at(ms: number): string {
  return `${ms} /* ${new Date(ms).toISOString()} */`;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Anniversaries in the next `days` days, as a month·100+day range; only for windows inside one year, away from Feb 28/29. */
function anniversaryRange(k: HandClock, days: number): [number, number] {
  const md = k.nextMonthDays(days);
  const contiguous = md.every((x, i) => i === 0 || x === md[i - 1] + 1);
  if (!contiguous || md.some((x) => x === 228 || x === 229)) {
    throw new Error(`hand SQL for birthday_this_week is written for a clock whose next ${days} days stay in one month away from Feb 29 (today ${k.today})`);
  }
  return [md[0], md[md.length - 1]];
}

export function handQueries(k: HandClock, manual: ReadonlyMap<string, ManualChanges>): HandQuery[] {
  const now = at(k.now);
  const gap48h = 48 * 3_600_000;
  const [bdFrom, bdTo] = anniversaryRange(k, 7);
  const queries: HandQuery[] = [
    { alias: 'everyone', sql: 'SELECT id FROM contacts' },
    {
      alias: 'zurich',
      sql: `SELECT id FROM contacts WHERE lower(city) IN ('zurich', 'zürich', 'zuerich')`,
    },
    { alias: 'zurich_exact_spelling', sql: `SELECT id FROM contacts WHERE city = 'Zürich'` },
    {
      alias: 'foreign_non_german',
      sql: `SELECT id FROM contacts
        WHERE (country IS NULL OR lower(country) NOT IN ('ch', 'schweiz', 'switzerland', 'suisse', 'svizzera'))
          AND (language IS NULL OR language <> 'de')`,
    },
    {
      // Aged 40..50 today: born after today−51y, on or before today−40y.
      alias: 'age_40_50',
      sql: `SELECT id FROM contacts WHERE birth_date > DATE '${k.dateYearsAgo(51)}' AND birth_date <= DATE '${k.dateYearsAgo(40)}'`,
    },
    {
      alias: 'birthday_this_week',
      sql: `SELECT id FROM contacts WHERE month(birth_date) * 100 + day(birth_date) BETWEEN ${bdFrom} AND ${bdTo}`,
    },
    {
      // days_since(local date) < 30 ⇔ registered on or after the local day today−29 (future dates too).
      alias: 'new_prospects',
      sql: `SELECT id FROM contacts
        WHERE registered_at >= ${at(k.startOf(k.dateDaysAgo(29)))}
          AND (status IS NULL OR status NOT IN ('customer', 'vip', 'gold'))`,
    },
    {
      // last_active_at >= now−1mo ⇔ some event in [now−1mo, now].
      alias: 'active_loyalty_members',
      sql: `SELECT id FROM contacts
        WHERE email IS NOT NULL
          AND (points > 1000 OR list_contains(list_transform(tags, t -> lower(t)), 'vip'))
          AND id IN (SELECT contact_id FROM events WHERE ts BETWEEN ${at(k.monthsAgo(1))} AND ${now})`,
    },
    {
      alias: 'b2b_retail',
      sql: `SELECT id FROM contacts
        WHERE contains(lower(industry), 'retail')
          AND starts_with(lower(website), 'https://')
          AND (email IS NULL OR NOT contains(lower(email), 'gmail'))
          AND (company_size IS NULL OR company_size NOT BETWEEN 1 AND 9)`,
    },
    {
      alias: 'engaged_subscribers',
      sql: `SELECT id FROM contacts
        WHERE newsletter_opt_in
          AND list_has_all(interests, ['product_updates', 'user_tips'])
          AND list_has_any(notifications, ['email', 'push'])
          AND NOT list_contains(interests, 'sustainability')`,
    },
    {
      alias: 'bluewin_mobiles',
      sql: `SELECT id FROM contacts
        WHERE ends_with(lower(email), '@bluewin.example')
          AND starts_with(phone, '+417') AND regexp_full_match(phone, '\\+417[5-9][0-9]{7}')
          AND NOT regexp_matches(lower(email), '^(info|office|admin)[0-9]*@')`,
    },
    {
      alias: 'transactional_only',
      sql: `SELECT id FROM contacts WHERE email IS NOT NULL AND phone IS NULL AND newsletter_opt_in = false`,
    },
    {
      alias: 'loyal_buyers',
      sql: `SELECT contact_id AS id FROM events WHERE name = 'purchase' AND ts <= ${now}
        GROUP BY contact_id HAVING count(*) >= 3`,
    },
    {
      // Amounts have at most two decimals: DECIMAL(18,2) sums them exactly.
      alias: 'big_spenders',
      sql: `SELECT contact_id AS id FROM events
        WHERE name = 'purchase' AND ts BETWEEN ${at(k.daysAgo(365))} AND ${now}
        GROUP BY contact_id HAVING sum(TRY_CAST(properties->>'$.amount' AS DECIMAL(18, 2))) > 500`,
    },
    {
      // One pass over purchases and cart adds, one filtered aggregate per condition.
      alias: 'premium_baskets',
      sql: `SELECT contact_id AS id FROM events
        WHERE name IN ('purchase', 'cart_add') AND ts <= ${now}
        GROUP BY contact_id
        HAVING avg(TRY_CAST(properties->>'$.amount' AS DECIMAL(18, 2))) FILTER (WHERE name = 'purchase') >= 150
           AND min(TRY_CAST(properties->>'$.amount' AS DOUBLE)) FILTER (WHERE name = 'purchase' AND lower(properties->>'$.category') IN ('electronics', 'home')) >= 100
           AND max(TRY_CAST(properties->>'$.price' AS DOUBLE)) FILTER (WHERE name = 'cart_add' AND ts >= ${at(k.daysAgo(90))}) > 300`,
    },
    {
      // One pass over every event of each contact.
      alias: 'lapsed_campaign_readers',
      sql: `SELECT contact_id AS id FROM events WHERE ts <= ${now}
        GROUP BY contact_id
        HAVING count(DISTINCT lower(properties->>'$.campaign')) FILTER (WHERE name = 'email_open' AND ts BETWEEN ${at(k.startOfMonth(3))} AND ${at(k.startOfMonth(0))}) >= 2
           AND max(ts) FILTER (WHERE name = 'login') <= ${at(k.daysAgo(60))}
           AND min(ts) <= ${at(k.daysAgo(180))}`,
    },
    {
      // The first purchase after each qualifying cart add (ASOF), absent or later than 48 h.
      alias: 'cart_abandoners',
      sql: `WITH carts AS (
          SELECT contact_id, ts FROM events
          WHERE name = 'cart_add' AND ts >= ${at(k.daysAgo(14))} AND ts <= ${at(k.now - gap48h)}
            AND TRY_CAST(properties->>'$.price' AS DOUBLE) >= 50
        ), purchases AS (
          SELECT contact_id, ts FROM events WHERE name = 'purchase'
        )
        SELECT DISTINCT c.contact_id AS id
        FROM carts c ASOF LEFT JOIN purchases p ON c.contact_id = p.contact_id AND c.ts < p.ts
        WHERE p.ts IS NULL OR p.ts > c.ts + ${gap48h}`,
    },
    {
      alias: 'holdout_q4',
      sql: `SELECT id FROM contacts WHERE substr(sha256('holdout-q4:' || id), 1, 16) < '${sampleBound(10)}'`,
    },
    {
      alias: 'loyal_active',
      sql: `SELECT c.id FROM memberships m JOIN contacts c ON c._key = m.contact
        WHERE m.segment_id = (SELECT id FROM segments WHERE alias = 'loyal_buyers')
          AND c.id IN (SELECT contact_id FROM events WHERE ts BETWEEN ${at(k.daysAgo(30))} AND ${now})`,
    },
    {
      alias: 'loyal_active_campaign',
      sql: `SELECT id FROM contacts WHERE _key IN (
        SELECT contact FROM memberships WHERE segment_id = (SELECT id FROM segments WHERE alias = 'loyal_active')
        EXCEPT SELECT contact FROM memberships WHERE segment_id = (SELECT id FROM segments WHERE alias = 'holdout_q4'))`,
    },
  ];
  return queries.map((q) => ({ alias: q.alias, sql: withManual(q.alias, q.sql, manual.get(q.alias)) }));
}

/** Membership = (matching ∪ included) \ excluded, for segments with manual changes. */
function withManual(alias: string, sql: string, m: ManualChanges | undefined): string {
  if (!m || (!m.include.length && !m.exclude.length)) return sql;
  const a = quote(alias);
  return `(${sql}
        UNION SELECT contact_id FROM manual WHERE segment = ${a} AND mode = 'include')
        EXCEPT SELECT contact_id FROM manual WHERE segment = ${a} AND mode = 'exclude'`;
}
