import type { Store } from './store.js';

// The catalog of events a workspace has seen: each name with how many events and when the
// latest was, and the property keys of its most recent events with their JSON types and
// their commonest values. Property keys come from a bounded sample (the newest
// SAMPLE_PER_NAME events of each name), so the work stays the same as events grow.

export const SAMPLE_PER_NAME = 500;
const EXAMPLES = 5;
/** Nested objects are listed down to this many keys in a path (`shipping.address.city`). */
const MAX_PATH_DEPTH = 4;
/** Example text is cut to this many characters. */
const EXAMPLE_CHARS = 120;

export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface CatalogProperty {
  /** The key, dotted for nested objects: what an event condition's `where` names. */
  readonly key: string;
  /** JSON types seen for it, commonest first. */
  readonly types: JsonType[];
  /** Sampled events of this name that carry it. */
  readonly seen: number;
  /** Distinct values among the sampled events (scalars only). */
  readonly distinct: number;
  /** Its commonest values in the sample, commonest first (scalars only). */
  readonly examples: (string | number | boolean)[];
}

export interface CatalogEvent {
  readonly name: string;
  readonly count: number;
  readonly lastSeen: number;
  /** Events of this name the properties were read from (the newest ones). */
  readonly sampled: number;
  readonly properties: CatalogProperty[];
}

const TYPE: Record<string, JsonType> = {
  VARCHAR: 'string', BIGINT: 'number', UBIGINT: 'number', DOUBLE: 'number', HUGEINT: 'number', BOOLEAN: 'boolean',
  OBJECT: 'object', ARRAY: 'array', NULL: 'null',
};

/** A key path a condition can name: letters, digits, `_` and `-` in each part. */
const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Event names by count (commonest first), each with its property keys in name order. */
export async function eventCatalog(store: Store): Promise<CatalogEvent[]> {
  const names = await store.sql.rows('SELECT name, count(*) AS n, max(ts) AS last FROM events GROUP BY name ORDER BY n DESC, name');
  if (!names.length) return [];
  // One pass: the newest events of each name, every key path of their properties (array
  // elements aside), grouped by value; per path and type the total and the commonest values.
  const rows = await store.sql.rows(
    `WITH s AS (SELECT name, properties FROM events QUALIFY row_number() OVER (PARTITION BY name ORDER BY ts DESC) <= ${SAMPLE_PER_NAME}),
          t AS (SELECT s.name, substr(j.fullkey, 3) AS path, j.type, CASE WHEN j.type IN ('OBJECT', 'ARRAY') THEN NULL ELSE CAST(j.atom AS VARCHAR) END AS atom
                FROM s, json_tree(s.properties) j
                WHERE j.key IS NOT NULL AND NOT contains(j.fullkey, '[') AND length(j.fullkey) - length(replace(j.fullkey, '.', '')) <= ${MAX_PATH_DEPTH}),
          v AS (SELECT name, path, type, atom, count(*) AS n FROM t GROUP BY ALL)
     SELECT v.name, v.path, v.type, v.atom, v.n,
            sum(v.n) OVER (PARTITION BY v.name, v.path, v.type) AS type_n,
            count(v.atom) OVER (PARTITION BY v.name, v.path) AS distinct_n
     FROM v
     QUALIFY row_number() OVER (PARTITION BY v.name, v.path, v.type ORDER BY v.n DESC, v.atom) <= ${EXAMPLES}
     ORDER BY v.name, v.path, v.n DESC, v.atom`,
  );
  /** `types`: events per stored JSON type (several, such as BIGINT and DOUBLE, are one JSON type). */
  interface Seen { types: Map<string, number>; distinct: number; values: { v: string | number | boolean; n: number }[] }
  const byName = new Map<string, Map<string, Seen>>();
  for (const r of rows) {
    const name = String(r.name);
    const path = String(r.path);
    if (!PATH.test(path)) continue;
    let e = byName.get(name);
    if (!e) byName.set(name, (e = new Map()));
    let p = e.get(path);
    if (!p) e.set(path, (p = { types: new Map(), distinct: Number(r.distinct_n), values: [] }));
    p.types.set(String(r.type), Number(r.type_n));
    if (r.atom !== null && r.atom !== undefined && r.type !== 'NULL') p.values.push({ v: example(String(r.atom)), n: Number(r.n) });
  }
  return names.map((r) => {
    const e = byName.get(String(r.name));
    const properties = [...(e ?? new Map<string, Seen>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, p]) => {
      const byJson = new Map<JsonType, number>();
      for (const [t, n] of p.types) byJson.set(TYPE[t] ?? 'string', (byJson.get(TYPE[t] ?? 'string') ?? 0) + n);
      const types = [...byJson].sort((a, b) => b[1] - a[1]);
      return {
        key, types: types.map(([t]) => t), seen: types.reduce((n, [, k]) => n + k, 0), distinct: p.distinct,
        examples: p.values.sort((a, b) => b.n - a.n).slice(0, EXAMPLES).map((x) => x.v),
      };
    });
    return { name: String(r.name), count: Number(r.n), lastSeen: Number(r.last), sampled: Math.min(Number(r.n), SAMPLE_PER_NAME), properties };
  });
}

/** A JSON scalar's text as its value; long text cut short. */
function example(atom: string): string | number | boolean {
  let v: unknown;
  try {
    v = JSON.parse(atom);
  } catch {
    v = atom;
  }
  if (typeof v === 'string') return v.length > EXAMPLE_CHARS ? `${v.slice(0, EXAMPLE_CHARS)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** The commonest stored values of a contact field (a stored column), commonest first. */
export async function commonValues(store: Store, key: string, limit: number): Promise<{ value: unknown; count: number }[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive whole number, got ${limit}`);
  const col = store.dialect.quoteIdent(key);
  const rows = await store.sql.rows(`SELECT ${col} AS v, count(*) AS n FROM contacts WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ${limit}`);
  return rows.map((r) => ({ value: r.v, count: Number(r.n) }));
}
