import type { Dialect } from './dialect.js';
import type { Duration } from '../time/index.js';

const jsonPath = (path: readonly string[]): string =>
  `'$${path.map((p) => `."${p.replace(/["'\\]/g, '')}"`).join('')}'`;

const JSON_TYPES: Record<'text' | 'number' | 'bool' | 'any', string> = {
  any: `IN ('VARCHAR', 'BIGINT', 'UBIGINT', 'DOUBLE', 'BOOLEAN')`,
  text: `= 'VARCHAR'`,
  number: `IN ('BIGINT', 'UBIGINT', 'DOUBLE')`,
  bool: `= 'BOOLEAN'`,
};

const EXACT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

const UNIT: Record<Duration['unit'], string> = { s: 'SECOND', m: 'MINUTE', h: 'HOUR', d: 'DAY', w: 'WEEK', mo: 'MONTH', y: 'YEAR' };

/** DuckDB with ICU: TIMESTAMPTZ + INTERVAL steps the calendar of the session TimeZone. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  placeholder: (i) => `$${i}`,
  quoteIdent: (n) => `"${n.replace(/"/g, '""')}"`,
  contains: (h, n) => `contains(${h}, ${n})`,
  startsWith: (s, p) => `starts_with(${s}, ${p})`,
  endsWith: (s, p) => `ends_with(${s}, ${p})`,
  regexMatch: (s, p, ci) => `regexp_matches(${s}, ${p}, '${ci ? 'i' : 'c'}')`,
  listFold: (l) => `list_transform(${l}, x -> lower(x))`,
  listHas: (l, e) => `list_contains(${l}, ${e})`,
  listHasAny: (l, es) => `list_has_any(${l}, [${es.join(', ')}]::VARCHAR[])`,
  listHasAll: (l, es) => `list_has_all(${l}, [${es.join(', ')}]::VARCHAR[])`,
  listLength: (l) => `len(${l})`,
  jsonIs: (j, path, type) => `json_type(${j}, ${jsonPath(path)}) ${JSON_TYPES[type]}`,
  jsonText: (j, path) => `json_extract_string(${j}, ${jsonPath(path)})`,
  localDate: (ms, tz) => `CAST(timezone(${tz}, timezone('UTC', make_timestamp(${ms} * 1000))) AS DATE)`,
  addDuration: (ms, d, param) =>
    d.unit === 's' || d.unit === 'm' || d.unit === 'h'
      ? `(${ms} + CAST(${param(d.n * EXACT_MS[d.unit])} AS BIGINT))`
      : `epoch_ms(timezone('UTC', make_timestamp(${ms} * 1000)) + INTERVAL (CAST(${param(d.n)} AS INTEGER)) ${UNIT[d.unit]})`,
  sha256Hex16: (t) => `substr(sha256(${t}), 1, 16)`,
  castDate: (e) => `CAST(${e} AS DATE)`,
  castBigint: (e) => `CAST(${e} AS BIGINT)`,
  castDouble: (e) => `CAST(${e} AS DOUBLE)`,
  toDecimal9: (t) => `TRY_CAST(TRY_CAST(${t} AS DOUBLE) AS DECIMAL(38, 9))`,
  tryCastDouble: (t) => `TRY_CAST(${t} AS DOUBLE)`,
};
