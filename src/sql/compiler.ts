import { assertNever } from '../condition/types.js';
import { isLeapYear } from '../time/index.js';
import type {
  BindContext, Bound, BoundEvent, BoundField, BoundSequence, BoundWhere, CompareKind, EventFilter, Literal, Test,
} from '../plan/bound.js';
import type { Dialect } from './dialect.js';

/**
 * A query whose rows are contacts: column `id`, and for compiled conditions also `_key`,
 * the contact's integer key in the store, which memberships are kept by.
 */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly (string | number | boolean)[];
}

// Every leaf predicate is wrapped so it is TRUE or FALSE, never NULL: logic stays
// two-valued and `NOT` is exact negation (SEGMENT-LANGUAGE §2).

class Compiler {
  readonly params: (string | number | boolean)[] = [];
  private aliases = 0;
  constructor(private readonly d: Dialect, private readonly ctx: BindContext) {}

  /** The one door through which a value enters SQL: as a placeholder. */
  param(v: string | number | boolean): string {
    this.params.push(v);
    return this.d.placeholder(this.params.length);
  }

  private typed(v: Literal, as: CompareKind): string {
    const p = this.param(v);
    switch (as) {
      case 'number': return this.d.castDouble(p);
      case 'date': return this.d.castDate(p);
      case 'instant': return this.d.castBigint(p);
      case 'bool': return `CAST(${p} AS BOOLEAN)`;
      case 'text': case 'set': return p;
    }
  }

  private now(): string {
    return this.d.castBigint(this.param(this.ctx.now));
  }

  predicate(b: Bound): string {
    switch (b.kind) {
      case 'and':
        return b.children.length ? `(${b.children.map((c) => this.predicate(c)).join(' AND ')})` : 'TRUE';
      case 'or':
        return b.children.length ? `(${b.children.map((c) => this.predicate(c)).join(' OR ')})` : 'FALSE';
      case 'not':
        return `(NOT ${this.predicate(b.child)})`;
      case 'const':
        return b.value ? 'TRUE' : 'FALSE';
      case 'field':
        return this.field(b);
      case 'event':
        return this.event(b);
      case 'sequence':
        return this.sequence(b);
      case 'segment':
        return `c._key IN (SELECT m.contact FROM memberships m JOIN segments s ON s.id = m.segment_id WHERE s.alias = ${this.param(b.alias)})`;
      case 'sample':
        return `(${this.d.sha256Hex16(`${this.param(`${b.salt}:`)} || c.id`)} < ${this.param(b.threshold)})`;
      default:
        return assertNever(b);
    }
  }

  private column(b: BoundField): string {
    if (b.field.computed) {
      return `(SELECT max(la.ts) FROM events la WHERE la.contact_id = c.id AND la.ts <= ${this.now()})`;
    }
    return `c.${this.d.quoteIdent(b.field.key)}`;
  }

  private field(b: BoundField): string {
    // latest(ts ≤ now) ≥ X holds exactly when some event lies in [X, now]: a range scan
    // instead of every contact's maximum over all events.
    if (b.field.computed && b.transform === 'none' && (b.test.op === 'gte' || b.test.op === 'gt')) {
      const from = this.typed(b.test.value, 'instant');
      return `c.id IN (SELECT la.contact_id FROM events la WHERE la.ts ${b.test.op === 'gte' ? '>=' : '>'} ${from} AND la.ts <= ${this.now()})`;
    }
    const col = this.column(b);
    const tz = (): string => this.param(this.ctx.tz);
    const date = (): string => (b.field.kind === 'instant' ? this.d.localDate(col, tz()) : col);
    let x: string;
    switch (b.transform) {
      case 'none':
        x = !b.ci ? col : b.as === 'set' ? this.d.listFold(col) : `lower(${col})`;
        break;
      case 'local_date':
        x = date();
        break;
      case 'age_years': case 'days_since': case 'days_until_anniversary':
        x = this.calendarFn(b.transform, date(), b.today);
        break;
      default:
        return assertNever(b.transform);
    }
    if (b.test.op === 'matches') return `coalesce(${this.d.regexMatch(col, this.param(b.test.pattern), b.ci)}, FALSE)`;
    return `coalesce(${this.test(b.test, b.as, x)}, FALSE)`;
  }

  /** The calendar functions of §3, over a DATE expression, with `today` fixed at bind time. */
  private calendarFn(fn: 'age_years' | 'days_since' | 'days_until_anniversary', d: string, today: string): string {
    const t = (): string => this.d.castDate(this.param(today));
    const ty = Number(today.slice(0, 4));
    const annivDay = (leap: boolean): string => (leap ? `day(${d})` : `(CASE WHEN month(${d}) = 2 AND day(${d}) = 29 THEN 28 ELSE day(${d}) END)`);
    switch (fn) {
      case 'days_since':
        return `CAST((${t()} - ${d}) AS DOUBLE)`;
      case 'age_years': {
        const tmd = Number(today.slice(5, 7)) * 100 + Number(today.slice(8, 10));
        return `CAST((${this.param(ty)} - year(${d}) - (CASE WHEN ${this.param(tmd)} < month(${d}) * 100 + ${annivDay(isLeapYear(ty))} THEN 1 ELSE 0 END)) AS DOUBLE)`;
      }
      case 'days_until_anniversary': {
        const thisYear = `make_date(CAST(${this.param(ty)} AS BIGINT), month(${d}), ${annivDay(isLeapYear(ty))})`;
        const nextYear = `make_date(CAST(${this.param(ty + 1)} AS BIGINT), month(${d}), ${annivDay(isLeapYear(ty + 1))})`;
        const now = t();
        return `CAST((CASE WHEN ${thisYear} >= ${now} THEN ${thisYear} - ${now} ELSE ${nextYear} - ${now} END) AS DOUBLE)`;
      }
    }
  }

  private test(t: Test, as: CompareKind, x: string): string {
    const v = (lit: Literal): string => this.typed(lit, as);
    switch (t.op) {
      case 'eq': return `${x} = ${v(t.value)}`;
      case 'gt': return `${x} > ${v(t.value)}`;
      case 'gte': return `${x} >= ${v(t.value)}`;
      case 'lt': return `${x} < ${v(t.value)}`;
      case 'lte': return `${x} <= ${v(t.value)}`;
      case 'between': return `(${x} >= ${v(t.lo)} AND ${x} <= ${v(t.hi)})`;
      case 'in': return t.values.length ? `${x} IN (${t.values.map(v).join(', ')})` : 'FALSE';
      case 'contains': return this.d.contains(x, this.param(t.value));
      case 'starts_with': return this.d.startsWith(x, this.param(t.value));
      case 'ends_with': return this.d.endsWith(x, this.param(t.value));
      case 'has': return this.d.listHas(x, this.param(t.value));
      case 'any_of': return this.d.listHasAny(x, t.values.map((s) => this.param(s)));
      case 'all_of': return this.d.listHasAll(x, t.values.map((s) => this.param(s)));
      case 'is_set': return as === 'set' ? `${this.d.listLength(x)} > 0` : `${x} IS NOT NULL`;
      case 'is_true': return `${x} = TRUE`;
      case 'is_false': return `${x} = FALSE`;
      case 'matches': return 'FALSE'; // handled by the caller, which has the raw column
      default: return assertNever(t);
    }
  }

  private where(w: BoundWhere, props: string): string {
    switch (w.kind) {
      case 'and': return w.children.length ? `(${w.children.map((c) => this.where(c, props)).join(' AND ')})` : 'TRUE';
      case 'or': return w.children.length ? `(${w.children.map((c) => this.where(c, props)).join(' OR ')})` : 'FALSE';
      case 'not': return `(NOT ${this.where(w.child, props)})`;
      case 'prop': {
        const raw = this.d.jsonText(props, w.property);
        const typeOk = this.d.jsonIs(props, w.property, w.as);
        if (w.test.op === 'matches') return `coalesce(${typeOk} AND ${raw} <> '' AND ${this.d.regexMatch(raw, this.param(w.test.pattern), w.ci)}, FALSE)`;
        if (w.as === 'any') return `coalesce(${typeOk} AND NOT (${this.d.jsonIs(props, w.property, 'text')} AND ${raw} = ''), FALSE)`;
        const x = w.as === 'number' ? this.d.tryCastDouble(raw) : w.as === 'bool' ? `(${raw} = 'true')` : w.ci ? `lower(${raw})` : raw;
        const present = w.as === 'text' ? ` AND ${raw} <> ''` : '';
        return `coalesce(${typeOk}${present} AND ${this.test(w.test, w.as, x)}, FALSE)`;
      }
      default: return assertNever(w);
    }
  }

  /** Conditions on one event row `a` for a filter (name and properties). */
  private filter(f: EventFilter, a: string): string[] {
    const out: string[] = [];
    if (f.name !== null) out.push(`${a}.name = ${this.param(f.name)}`);
    if (f.where) out.push(this.where(f.where, `${a}.properties`));
    return out;
  }

  /**
   * Sums are exact to 9 decimals (DECIMAL) so both executors agree to the last digit; a
   * group holding a value beyond ±1e20 falls back to a DOUBLE sum, as the evaluator does.
   */
  private exactSum(isNum: string, prop: string): string {
    const num = `CASE WHEN ${isNum} THEN ${this.d.tryCastDouble(prop)} END`;
    return `(CASE WHEN max(abs(${num})) >= 1e20 THEN sum(${num}) ELSE CAST(sum(CASE WHEN ${isNum} THEN ${this.d.toDecimal9(prop)} END) AS DOUBLE) END)`;
  }

  private event(b: BoundEvent): string {
    const conds = [...this.filter(b, 'e'), `e.ts <= ${this.d.castBigint(this.param(b.range.to))}`];
    if (b.range.from !== null) conds.push(`e.ts >= ${this.d.castBigint(this.param(b.range.from))}`);
    const prop = (): string => this.d.jsonText('e.properties', b.property ?? []);
    const isNum = (): string => this.d.jsonIs('e.properties', b.property ?? [], 'number');
    let agg: string;
    let as: CompareKind = 'number';
    switch (b.measure) {
      case 'count': agg = 'count(*)'; break;
      case 'sum': agg = `coalesce(${this.exactSum(isNum(), prop())}, 0)`; break;
      case 'avg': agg = `${this.exactSum(isNum(), prop())} / NULLIF(count(CASE WHEN ${isNum()} THEN 1 END), 0)`; break;
      case 'min': agg = `min(CASE WHEN ${isNum()} THEN ${this.d.tryCastDouble(prop())} END)`; break;
      case 'max': agg = `max(CASE WHEN ${isNum()} THEN ${this.d.tryCastDouble(prop())} END)`; break;
      case 'distinct': {
        const p = b.property ?? [];
        const j = 'e.properties';
        agg = `(count(DISTINCT CASE WHEN ${this.d.jsonIs(j, p, 'text')} AND ${prop()} <> '' THEN lower(${prop()}) END)`
          + ` + count(DISTINCT CASE WHEN ${this.d.jsonIs(j, p, 'number')} THEN ${this.d.tryCastDouble(prop())} END)`
          + ` + count(DISTINCT CASE WHEN ${this.d.jsonIs(j, p, 'bool')} THEN ${prop()} END))`;
        break;
      }
      case 'first_at': case 'last_at': {
        agg = `${b.measure === 'first_at' ? 'min' : 'max'}(e.ts)`;
        if (b.byDate) { agg = this.d.localDate(agg, this.param(this.ctx.tz)); as = 'date'; } else as = 'instant';
        break;
      }
      default: return assertNever(b.measure);
    }
    const row = this.rowTest(b);
    if (row !== null) return `c.id IN (SELECT e.contact_id FROM events e WHERE ${[...conds, row].join(' AND ')})`;
    const holds = `coalesce(${this.test(b.test, as, agg)}, FALSE)`;
    // Contacts without a matching event never form a group: decide them by `emptyHolds`.
    const groups = (having: string): string =>
      `SELECT e.contact_id FROM events e WHERE ${conds.join(' AND ')} GROUP BY e.contact_id HAVING ${having}`;
    return b.emptyHolds ? `c.id NOT IN (${groups(`NOT ${holds}`)})` : `c.id IN (${groups(holds)})`;
  }

  /**
   * A row test that some matching event passes exactly when the measure passes, or null.
   * first_at ≤ X holds when some event lies at or before X, max ≥ X when some value
   * reaches X, count ≥ 1 when there is an event at all: a filtered scan in place of
   * every contact's aggregate (the whole-history `first_at` of 10M events halves).
   */
  private rowTest(b: BoundEvent): string | null {
    const t = b.test;
    if (t.op === 'between' || t.op === 'eq' || b.byDate) return null;
    const below = t.op === 'lt' || t.op === 'lte';
    switch (b.measure) {
      case 'first_at': return below ? this.test(t, 'instant', 'e.ts') : null;
      case 'last_at': return below ? null : this.test(t, 'instant', 'e.ts');
      case 'min': case 'max': {
        if ((b.measure === 'min') !== below) return null;
        const p = b.property ?? [];
        const x = this.d.tryCastDouble(this.d.jsonText('e.properties', p));
        return `coalesce(${this.d.jsonIs('e.properties', p, 'number')} AND ${this.test(t, 'number', x)}, FALSE)`;
      }
      case 'count': {
        // Counts are whole numbers: ≥ v for 0 < v ≤ 1, or > v for 0 ≤ v < 1, means "at least one".
        const v = Number(t.value);
        return (t.op === 'gte' && v > 0 && v <= 1) || (t.op === 'gt' && v >= 0 && v < 1) ? 'TRUE' : null;
      }
      case 'sum': case 'avg': case 'distinct': return null;
      default: return assertNever(b.measure);
    }
  }

  private sequence(b: BoundSequence): string {
    const n = ++this.aliases;
    const a = (i: number): string => `s${n}_${i}`;
    const gapEnd = (x: string): string | null => (b.gap ? this.d.addDuration(x, b.gap, (v) => this.param(v)) : null);
    const now = this.now();
    const first = a(0);
    const where = [...this.filter(b.steps[0], first), `${first}.ts <= ${this.d.castBigint(this.param(b.range.to))}`];
    if (b.range.from !== null) where.push(`${first}.ts >= ${this.d.castBigint(this.param(b.range.from))}`);
    const joins: string[] = [];
    let last = first;
    for (let i = 1; i < b.steps.length; i++) {
      const step = b.steps[i];
      const cur = a(i);
      const end = gapEnd(`${last}.ts`);
      const within = [`${cur}.contact_id = ${last}.contact_id`, `${cur}.ts > ${last}.ts`, ...(end ? [`${cur}.ts <= ${end}`] : []), ...this.filter(step, cur)];
      if (step.absent) {
        // Absent: the gap after the previous step has fully elapsed and holds no such event.
        where.push(`${end} <= ${now}`, `NOT EXISTS (SELECT 1 FROM events ${cur} WHERE ${within.join(' AND ')})`);
      } else {
        joins.push(`JOIN events ${cur} ON ${[...within, `${cur}.ts <= ${now}`].join(' AND ')}`);
        last = cur;
      }
    }
    return `c.id IN (SELECT ${first}.contact_id FROM events ${first} ${joins.join(' ')} WHERE ${where.join(' AND ')})`;
  }
}

/** `SELECT c.id, c._key FROM contacts c WHERE …` for a bound condition. */
export function compileMembers(b: Bound, d: Dialect, ctx: BindContext): CompiledQuery {
  const c = new Compiler(d, ctx);
  const where = c.predicate(b);
  return { sql: `SELECT c.id, c._key FROM contacts c WHERE ${where}`, params: c.params };
}
