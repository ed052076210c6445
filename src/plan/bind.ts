import { createHash } from 'node:crypto';
import type { Condition, EventCondition, FieldCondition, FieldOp, SequenceCondition, Window, WhereCondition } from '../condition/types.js';
import { assertNever } from '../condition/types.js';
import type { FieldInfo, FieldRegistry } from '../fields/index.js';
import { issue, joinPath, type Issue, type Result } from '../errors.js';
import {
  addDuration, localDate, parseDateExpr, parseDuration, resolveDateExpr, startOfDay, type ResolvedDate,
} from '../time/index.js';
import type {
  BindContext, Bound, BoundEvent, BoundField, BoundProp, BoundSequence, BoundWhere, CompareKind, Literal,
  MeasureTest, Test, TimeRange, Transform,
} from './bound.js';
import { regexProblem } from './regex.js';
import { fold, nfc } from './fold.js';

export interface BindOptions extends BindContext {
  readonly fields: FieldRegistry;
  /** Whether a segment alias exists (references are checked when saved). */
  readonly segmentExists: (alias: string) => boolean;
}

type Positive = Exclude<FieldOp, 'neq' | 'not_between' | 'not_in' | 'not_contains' | 'none_of' | 'not_matches' | 'is_not_set'>;

const TWIN: Partial<Record<FieldOp, Positive>> = {
  neq: 'eq', not_between: 'between', not_in: 'in', not_contains: 'contains', none_of: 'any_of', not_matches: 'matches', is_not_set: 'is_set',
};

/** Operators each operand kind accepts (positive forms; twins follow). */
const OPS_BY_KIND: Record<CompareKind, readonly Positive[]> = {
  text: ['eq', 'in', 'contains', 'starts_with', 'ends_with', 'matches', 'is_set'],
  number: ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'is_set'],
  bool: ['eq', 'in', 'is_true', 'is_false', 'is_set'],
  date: ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'is_set'],
  instant: ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'is_set'],
  set: ['contains', 'any_of', 'all_of', 'is_set'],
};

class Binder {
  readonly errors: Issue[] = [];
  readonly today: string;
  constructor(private readonly o: BindOptions) {
    this.today = localDate(o.now, o.tz);
  }

  private err(code: Issue['code'], message: string, path: string): void {
    this.errors.push(issue(code, message, path || '(root)'));
  }

  bind(c: Condition, path: string): Bound {
    switch (c.type) {
      case 'and':
      case 'or':
        return { kind: c.type, children: c.conditions.map((x, i) => this.bind(x, joinPath(joinPath(path, 'conditions'), i))), path, source: c };
      case 'not':
        return { kind: 'not', child: this.bind(c.condition, joinPath(path, 'condition')), path, source: c };
      case 'all':
        return { kind: 'const', value: true, path, source: c };
      case 'field':
        return this.negatable(c, path, (op) => this.field(c, op, path));
      case 'event':
        return this.event(c, path);
      case 'sequence':
        return this.sequence(c, path);
      case 'segment': {
        if (!this.o.segmentExists(c.segment)) this.err('unknown_segment', `unknown segment "${c.segment}"`, joinPath(path, 'segment'));
        const node: Bound = { kind: 'segment', alias: c.segment, path, source: c };
        return c.op === 'in' ? node : { kind: 'not', child: node, path, source: c };
      }
      case 'sample':
        if (c.percent >= 100) return { kind: 'const', value: true, path, source: c };
        if (c.percent <= 0) return { kind: 'const', value: false, path, source: c };
        return { kind: 'sample', salt: c.salt, threshold: sampleThreshold(c.percent), path, source: c };
      default:
        return assertNever(c);
    }
  }

  /** Negative operators are `not` of the positive twin, so missing values fall out right. */
  private negatable<T extends { path: string }>(c: FieldCondition, path: string, make: (op: Positive) => T): T | { kind: 'not'; child: T; path: string; source: FieldCondition } {
    const twin = TWIN[c.op];
    return twin ? { kind: 'not', child: make(twin), path, source: c } : make(c.op as Positive);
  }

  private field(c: FieldCondition, op: Positive, path: string): BoundField {
    const info = this.o.fields.get(c.field);
    const dummy: BoundField = {
      kind: 'field', field: info ?? { key: c.field, type: 'text', kind: 'text', system: false, computed: false },
      transform: 'none', as: 'text', ci: false, test: { op: 'is_set' }, source: c, path, today: this.today,
    };
    if (!info) {
      this.err('unknown_field', `unknown field "${c.field}"`, joinPath(path, 'field'));
      return dummy;
    }
    let transform: Transform = 'none';
    let as: CompareKind = info.kind;
    if (c.fn) {
      if (info.kind !== 'date' && info.kind !== 'instant') {
        this.err('type_mismatch', `function ${c.fn} needs a date or datetime field, "${c.field}" is ${info.type}`, joinPath(path, 'fn'));
        return dummy;
      }
      transform = c.fn;
      as = 'number';
    } else if (info.kind === 'instant' && dateOnlyOperand(c.value)) {
      // A calendar date against a datetime compares the datetime's local date: "registered on 2026-01-05".
      transform = 'local_date';
      as = 'date';
    }
    if (!OPS_BY_KIND[as].includes(op)) {
      this.err('type_mismatch', `operator ${c.op} does not apply to ${c.fn ? `${c.fn}(${c.field})` : `${info.type} field "${c.field}"`}`, joinPath(path, 'op'));
      return dummy;
    }
    if (c.case_sensitive !== undefined && as !== 'text' && as !== 'set') {
      this.err('type_mismatch', `case_sensitive only applies to text fields`, joinPath(path, 'case_sensitive'));
    }
    const ci = (as === 'text' || as === 'set') && c.case_sensitive !== true;
    const test = this.test(op, as, ci, c.value, joinPath(path, 'value'), info);
    return { kind: 'field', field: info, transform, as, ci, test, source: c, path, today: this.today };
  }

  /** Check and normalise the constant(s) of a test for an operand kind. */
  private test(op: Positive, as: CompareKind, ci: boolean, value: unknown, path: string, info?: FieldInfo): Test {
    const one = (v: unknown): Literal => this.literal(as, ci, v, path);
    switch (op) {
      case 'is_set':
      case 'is_true':
      case 'is_false':
        if (value !== undefined) this.err('invalid_condition', `operator ${op} takes no value`, path);
        return { op };
      case 'eq':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (Array.isArray(value)) { this.err('invalid_condition', `operator ${op} takes one value, not a list`, path); return { op: 'is_set' }; }
        return { op, value: one(value) };
      case 'between': {
        if (!Array.isArray(value) || value.length !== 2) { this.err('invalid_condition', 'between takes a list of two values [low, high]', path); return { op: 'is_set' }; }
        return { op, lo: this.literal(as, ci, value[0], `${path}[0]`), hi: this.literal(as, ci, value[1], `${path}[1]`) };
      }
      case 'in': {
        if (!Array.isArray(value)) { this.err('invalid_condition', `operator in takes a list of values`, path); return { op: 'is_set' }; }
        return { op, values: value.map((v, i) => this.literal(as, ci, v, `${path}[${i}]`)) };
      }
      case 'contains':
      case 'starts_with':
      case 'ends_with': {
        if (typeof value !== 'string') { this.err('invalid_condition', `operator ${op} takes a text value`, path); return { op: 'is_set' }; }
        if (as === 'set') return { op: 'has', value: this.member(value, ci, path, info) };
        return { op, value: ci ? fold(nfc(value)) : nfc(value) };
      }
      case 'any_of':
      case 'all_of': {
        if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
          this.err('invalid_condition', `operator ${op} takes a non-empty list of text values`, path);
          return { op: 'is_set' };
        }
        return { op, values: (value as string[]).map((v, i) => this.member(v, ci, `${path}[${i}]`, info)) };
      }
      case 'matches': {
        if (typeof value !== 'string') { this.err('invalid_condition', 'matches takes a regular expression as text', path); return { op: 'is_set' }; }
        const problem = regexProblem(value);
        if (problem) this.err('invalid_regex', problem, path);
        return { op, pattern: nfc(value) };
      }
      default:
        return assertNever(op);
    }
  }

  /** An element for a set test; for a multiselect, it must be one of the options. */
  private member(v: string, ci: boolean, path: string, info?: FieldInfo): string {
    if (info?.options && !info.options.some((o) => fold(o) === fold(v))) {
      this.err('invalid_value', `"${v}" is not an option of "${info.key}" (${info.options.join(', ')})`, path);
    }
    return ci ? fold(nfc(v)) : nfc(v);
  }

  private literal(as: CompareKind, ci: boolean, v: unknown, path: string): Literal {
    switch (as) {
      case 'text':
      case 'set':
        if (typeof v === 'string') return ci ? fold(nfc(v)) : nfc(v);
        if (typeof v === 'number') return String(v);
        break;
      case 'number':
        if (typeof v === 'number' && Number.isFinite(v)) return v;
        if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
        break;
      case 'bool':
        if (typeof v === 'boolean') return v;
        if (v === 'true' || v === 'false') return v === 'true';
        break;
      case 'date':
      case 'instant': {
        const r = typeof v === 'string' ? this.date(v, path) : null;
        if (!r) return as === 'date' ? this.today : this.o.now;
        if (as === 'date') return r.kind === 'date' ? r.date : localDate(r.ms, this.o.tz);
        return r.kind === 'instant' ? r.ms : startOfDay(r.date, this.o.tz);
      }
    }
    this.err('type_mismatch', `expected ${describe(as)}, got ${JSON.stringify(v)}`, path);
    return as === 'number' ? 0 : as === 'bool' ? false : '';
  }

  private date(text: string, path: string): ResolvedDate | null {
    const e = parseDateExpr(text);
    if (!e) {
      this.err('invalid_value', `"${text}" is not a date: use ISO-8601 (2026-01-31, 2026-01-31T10:00:00Z) or a relative date (now, today, start_of_week, start_of_month, start_of_year, -30d, today-1y)`, path);
      return null;
    }
    return resolveDateExpr(e, this.o.now, this.o.tz);
  }

  private range(w: Window | undefined, path: string): TimeRange {
    const now = this.o.now;
    if (w === undefined) return { from: null, to: now };
    if (typeof w === 'string') {
      const d = parseDuration(w);
      if (!d) {
        this.err('invalid_value', `"${w}" is not a duration: use a whole number and a unit s, m, h, d, w, mo or y (30d, 48h)`, path);
        return { from: null, to: now };
      }
      return { from: addDuration(now, d, -1, this.o.tz), to: now };
    }
    const from = w.from === undefined ? null : this.date(w.from, joinPath(path, 'from'));
    const to = w.to === undefined ? null : this.date(w.to, joinPath(path, 'to'));
    // A date-only `to` includes that whole local day.
    const toMs = to === null ? now : to.kind === 'instant' ? to.ms : startOfDay(nextDay(to.date), this.o.tz) - 1;
    return {
      from: from === null ? null : from.kind === 'instant' ? from.ms : startOfDay(from.date, this.o.tz),
      to: Math.min(toMs, now),
    };
  }

  private where(w: WhereCondition, path: string): BoundWhere {
    switch (w.type) {
      case 'and':
      case 'or':
        return { kind: w.type, children: w.conditions.map((x, i) => this.where(x, joinPath(joinPath(path, 'conditions'), i))), path };
      case 'not':
        return { kind: 'not', child: this.where(w.condition, joinPath(path, 'condition')), path };
      case 'field':
        return this.negatable(w, path, (op) => this.prop(w, op, path));
      default:
        return assertNever(w);
    }
  }

  private prop(c: FieldCondition, op: Positive, path: string): BoundProp {
    const property = c.field.split('.');
    const fallback: BoundProp = { kind: 'prop', property, as: 'text', ci: false, test: { op: 'is_set' }, source: c, path };
    if (!property.every((p) => /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(p))) {
      this.err('invalid_condition', `"${c.field}" is not a property name: letters, digits, _ and -, dotted for nested objects`, joinPath(path, 'field'));
      return fallback;
    }
    if (c.fn) { this.err('invalid_condition', 'functions apply to contact fields, not event properties', joinPath(path, 'fn')); return fallback; }
    // Property values are typed by their JSON value; the constant decides which type the test looks for.
    const sample = Array.isArray(c.value) ? c.value[0] : c.value;
    const as: BoundProp['as'] =
      op === 'is_set' ? 'any'
      : op === 'is_true' || op === 'is_false' || typeof sample === 'boolean' ? 'bool'
      : typeof sample === 'number' || op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte' || op === 'between' ? 'number'
      : 'text';
    if (as !== 'any' && (op === 'any_of' || op === 'all_of' || op === 'contains' && as !== 'text' || !OPS_BY_KIND[as].includes(op) && op !== 'contains')) {
      this.err('type_mismatch', `operator ${c.op} does not apply to event property "${c.field}"`, joinPath(path, 'op'));
      return fallback;
    }
    if (op === 'in' && Array.isArray(c.value) && new Set(c.value.map((v) => typeof v)).size > 1) {
      this.err('type_mismatch', 'the values of in must all be of one type', joinPath(path, 'value'));
      return fallback;
    }
    const ci = as === 'text' && c.case_sensitive !== true;
    return { kind: 'prop', property, as, ci, test: this.test(op, as === 'any' ? 'text' : as, ci, c.value, joinPath(path, 'value')), source: c, path };
  }

  private filter(name: string, where: WhereCondition | undefined, path: string): { name: string | null; where: BoundWhere | null } {
    return { name: name === '*' ? null : name, where: where ? this.where(where, joinPath(path, 'where')) : null };
  }

  private event(c: EventCondition, path: string): Bound {
    const measure = c.measure ?? 'count';
    const numeric = measure === 'sum' || measure === 'avg' || measure === 'min' || measure === 'max' || measure === 'distinct';
    if (numeric && !c.property) this.err('invalid_condition', `measure ${measure} needs a "property"`, joinPath(path, 'property'));
    if (!numeric && c.property) this.err('invalid_condition', `measure ${measure} takes no "property"`, joinPath(path, 'property'));
    const temporal = measure === 'first_at' || measure === 'last_at';
    const op = c.op ?? 'gte';
    const raw = c.value ?? (c.op === undefined ? 1 : undefined);
    const vpath = joinPath(path, 'value');
    const dateOnly = temporal && dateOnlyOperand(raw);
    const lit = (v: unknown, p: string): number | string => {
      if (!temporal) {
        if (typeof v === 'number' && Number.isFinite(v)) return v;
        this.err('type_mismatch', `measure ${measure} compares with a number, got ${JSON.stringify(v)}`, p);
        return 0;
      }
      const r = typeof v === 'string' ? this.date(v, p) : (this.err('type_mismatch', `measure ${measure} compares with a date, got ${JSON.stringify(v)}`, p), null);
      if (!r) return dateOnly ? this.today : this.o.now;
      if (dateOnly) return r.kind === 'date' ? r.date : localDate(r.ms, this.o.tz);
      return r.kind === 'instant' ? r.ms : startOfDay(r.date, this.o.tz);
    };
    const positive = op === 'neq' ? 'eq' : op === 'not_between' ? 'between' : op;
    let test: MeasureTest;
    if (positive === 'between') {
      if (!Array.isArray(raw) || raw.length !== 2) {
        this.err('invalid_condition', 'between takes a list of two values [low, high]', vpath);
        test = { op: 'gte', value: 0 };
      } else test = { op: 'between', lo: lit(raw[0], `${vpath}[0]`), hi: lit(raw[1], `${vpath}[1]`) };
    } else {
      if (Array.isArray(raw)) this.err('invalid_condition', `operator ${op} takes one value`, vpath);
      test = { op: positive, value: lit(Array.isArray(raw) ? raw[0] : raw, vpath) };
    }
    const emptyValue = measure === 'count' || measure === 'sum' || measure === 'distinct' ? 0 : null;
    const node: BoundEvent = {
      kind: 'event', ...this.filter(c.event, c.where, path), range: this.range(c.within, joinPath(path, 'within')),
      measure, property: c.property ? c.property.split('.') : null, byDate: dateOnly, test,
      emptyHolds: emptyValue !== null && measureHolds(test, emptyValue), path, source: c,
    };
    return positive === op ? node : { kind: 'not', child: node, path, source: c };
  }

  private sequence(c: SequenceCondition, path: string): BoundSequence {
    const gap = c.gap === undefined ? null : parseDuration(c.gap);
    if (c.gap !== undefined && !gap) this.err('invalid_value', `"${c.gap}" is not a duration: use a whole number and a unit s, m, h, d, w, mo or y`, joinPath(path, 'gap'));
    const steps = c.steps.map((s, i) => {
      const spath = joinPath(joinPath(path, 'steps'), i);
      if (s.absent && i !== c.steps.length - 1) this.err('invalid_condition', 'only the last step may be absent', joinPath(spath, 'absent'));
      if (s.absent && i === 0) this.err('invalid_condition', 'a sequence cannot start with an absent step', joinPath(spath, 'absent'));
      return { ...this.filter(s.event, s.where, spath), absent: s.absent === true };
    });
    if (steps.some((s) => s.absent) && c.gap === undefined) this.err('invalid_condition', 'a sequence with an absent step needs a "gap"', joinPath(path, 'gap'));
    return { kind: 'sequence', steps, range: this.range(c.within, joinPath(path, 'within')), gap, now: this.o.now, path, source: c };
  }
}

/** The ordered comparisons, shared by field tests and event measures. */
export function measureHolds(t: MeasureTest | Extract<Test, { op: MeasureTest['op'] }>, v: Literal): boolean {
  switch (t.op) {
    case 'eq': return v === t.value;
    case 'gt': return v > t.value;
    case 'gte': return v >= t.value;
    case 'lt': return v < t.value;
    case 'lte': return v <= t.value;
    case 'between': return v >= t.lo && v <= t.hi;
  }
}

function describe(as: CompareKind): string {
  switch (as) {
    case 'text': case 'set': return 'a text value';
    case 'number': return 'a number';
    case 'bool': return 'true or false';
    case 'date': case 'instant': return 'a date';
  }
}

function dateOnlyOperand(v: unknown): boolean {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' && parseDateExpr(first)?.kind === 'date';
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** ceil(percent/100 · 2^64) as 16 hex digits: bucket < percent/100 ⟺ hex(bucket) < threshold. */
export function sampleThreshold(percent: number): string {
  const text = Number.isInteger(percent) ? String(percent) : percent.toFixed(12).replace(/0+$/, '');
  const [int, frac = ''] = text.split('.');
  const num = BigInt(int + frac);
  const den = 100n * 10n ** BigInt(frac.length);
  const t = (num * (1n << 64n) + den - 1n) / den;
  return t.toString(16).padStart(16, '0');
}

/** First 8 bytes of SHA-256(salt:id) as 16 hex digits (SEGMENT-LANGUAGE §6). */
export function sampleBucketHex(salt: string, contactId: string): string {
  return createHash('sha256').update(`${salt}:${contactId}`).digest('hex').slice(0, 16);
}

export function bindCondition(c: Condition, o: BindOptions): Result<Bound> {
  const b = new Binder(o);
  const bound = b.bind(c, '');
  return b.errors.length ? { ok: false, errors: b.errors } : { ok: true, value: bound };
}
