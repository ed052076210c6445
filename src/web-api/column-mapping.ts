import { FIELD_KEY, SYSTEM_KEYS, normalizeName, type FieldDef, type FieldRegistry } from '../fields/index.js';
import { TypeGuess } from '../import/infer.js';
import { checkContact, checkEvent } from '../import/validate.js';

// Columns of an uploaded file mapped to what a record holds: contact fields, or the keys of
// an event (and its properties). A column is matched to a field by its key, by its label,
// by its normalized name ("First Name" → first_name) or by a common synonym ("E-Mail",
// "Email Address" → email; "Signup date" → created_at). A mapping renames each column to
// its target or skips it (null); columns the mapping does not name keep their own name,
// as in a plain import.

export type ImportKind = 'contacts' | 'events';

/** column → target key (a field key; for events a record key or `properties.KEY`), or null to skip it. */
export type Mapping = Readonly<Record<string, string | null>>;

export type MatchedBy = 'key' | 'label' | 'name' | 'synonym' | 'property';

export interface Target {
  readonly key: string;
  readonly label: string | null;
  readonly type: string;
}

export interface Suggestion {
  readonly target: string | null;
  readonly matchedBy: MatchedBy | null;
}

const compact = (s: string): string => normalizeName(s).replace(/_/g, '');

/** Other names of the system fields and the event keys, compared without `_`. */
const SYNONYMS: Readonly<Record<ImportKind, Readonly<Record<string, readonly string[]>>>> = {
  contacts: {
    id: ['contactid', 'customerid', 'userid', 'externalid', 'uid', 'contact', 'customer', 'kundennummer', 'identifier'],
    email: ['mail', 'emailaddress', 'emailadresse', 'mailaddress', 'emails', 'courriel'],
    phone: ['phonenumber', 'telephone', 'telephonenumber', 'tel', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'phoneno', 'telefon', 'handy'],
    first_name: ['firstname', 'first', 'givenname', 'forename', 'vorname', 'prenom'],
    last_name: ['lastname', 'last', 'surname', 'familyname', 'nachname', 'nom'],
    created_at: ['created', 'createdon', 'createddate', 'datecreated', 'signupdate', 'signedup', 'signedupat', 'signupat', 'registered', 'registeredat', 'registrationdate', 'joined', 'joinedat', 'since'],
    tags: ['tag', 'labels', 'label'],
  },
  events: {
    contact_id: ['contact', 'contactid', 'userid', 'user', 'customerid', 'customer', 'id'],
    name: ['event', 'eventname', 'eventtype', 'type', 'action'],
    ts: ['timestamp', 'time', 'when', 'date', 'datetime', 'occurredat', 'happenedat', 'createdat', 'eventtime', 'at'],
    properties: ['props', 'data', 'payload', 'attributes', 'traits'],
    message_id: ['messageid', 'eventid', 'msgid'],
  },
};

export const EVENT_KEYS = ['contact_id', 'name', 'ts', 'properties', 'message_id'] as const;

/** A property key a condition can name. */
const PROPERTY_KEY = /^[A-Za-z0-9_-]+$/;

/** The target a column most likely means, among `targets` (keys with labels). */
export function suggestTarget(column: string, targets: readonly Target[], kind: ImportKind): Suggestion {
  const byKey = targets.find((t) => t.key === column);
  if (byKey) return { target: byKey.key, matchedBy: 'key' };
  const label = column.trim().toLowerCase();
  const byLabel = targets.find((t) => t.label !== null && t.label.trim().toLowerCase() === label);
  if (byLabel) return { target: byLabel.key, matchedBy: 'label' };
  const name = normalizeName(column);
  const c = compact(column);
  const byName = targets.find((t) => t.key === name) ?? targets.find((t) => compact(t.key) === c)
    ?? targets.find((t) => t.label !== null && compact(t.label) === c);
  if (byName) return { target: byName.key, matchedBy: 'name' };
  for (const [key, names] of Object.entries(SYNONYMS[kind])) {
    if (names.includes(c) && targets.some((t) => t.key === key)) return { target: key, matchedBy: 'synonym' };
  }
  if (kind === 'events' && name && PROPERTY_KEY.test(name)) return { target: `properties.${name}`, matchedBy: 'property' };
  return { target: null, matchedBy: null };
}

/** A mapping for every column: each suggested target, used at most once (the first column to claim it wins). */
export function suggestMapping(columns: readonly string[], targets: readonly Target[], kind: ImportKind): { mapping: Record<string, string | null>; matched: Record<string, MatchedBy | null> } {
  const mapping: Record<string, string | null> = {};
  const matched: Record<string, MatchedBy | null> = {};
  const taken = new Set<string>();
  // Exact keys first, so "email" claims email before "E-Mail" does.
  const order: MatchedBy[] = ['key', 'label', 'name', 'synonym', 'property'];
  const suggestions = new Map(columns.map((c) => [c, suggestTarget(c, targets, kind)]));
  for (const rank of order) {
    for (const col of columns) {
      const s = suggestions.get(col) as Suggestion;
      if (s.matchedBy !== rank || s.target === null || taken.has(s.target)) continue;
      taken.add(s.target);
      mapping[col] = s.target;
      matched[col] = rank;
    }
  }
  for (const col of columns) if (!(col in mapping)) { mapping[col] = null; matched[col] = null; }
  return { mapping, matched };
}

/** The key a new field for this column would get, or null when its name gives none. */
export function fieldKeyFor(column: string): string | null {
  let key = normalizeName(column).slice(0, 63).replace(/_+$/, '');
  if (key && !/^[a-z]/.test(key)) key = `f_${key}`.slice(0, 63);
  return FIELD_KEY.test(key) && !SYSTEM_KEYS.has(key) ? key : null;
}

export interface MappingProblem {
  /** The column the problem is about. */
  readonly column: string;
  readonly message: string;
}

/**
 * Whether every target can take a column: a declared or system field (computed ones are
 * not written), a new field key when fields may be created; for events a record key or
 * `properties.KEY`. Two columns may not share a target.
 */
/** How a surface says "skip the column" and "create fields" in its messages (the API's words by default). */
export interface MappingWords {
  readonly skip: (column: string) => string;
  readonly createFields: string;
}

const API_WORDS: MappingWords = { skip: () => '(null)', createFields: '(createFields=true)' };

export function checkMapping(mapping: Mapping, kind: ImportKind, registry: FieldRegistry, createFields: boolean, words: MappingWords = API_WORDS): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const seen = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping)) {
    if (target === null) continue;
    const other = seen.get(target);
    if (other !== undefined) { problems.push({ column, message: `"${column}" and "${other}" are both mapped to ${target}; map one of them elsewhere or skip it ${words.skip(column)}` }); continue; }
    seen.set(target, column);
    if (kind === 'events') {
      if ((EVENT_KEYS as readonly string[]).includes(target)) continue;
      const prop = /^properties\.(.+)$/.exec(target)?.[1];
      if (prop !== undefined && PROPERTY_KEY.test(prop)) continue;
      problems.push({ column, message: `"${target}" is not an event key: map to ${EVENT_KEYS.join(', ')} or properties.KEY (letters, digits, _ and -), or skip the column ${words.skip(column)}` });
      continue;
    }
    const f = registry.get(target);
    if (f?.computed) { problems.push({ column, message: `${target} is computed from events and cannot be imported` }); continue; }
    if (f || target === 'id') continue;
    if (!FIELD_KEY.test(target)) { problems.push({ column, message: `"${target}" is not a field key (lower case letters, digits and _, starting with a letter)` }); continue; }
    if (!createFields) problems.push({ column, message: `unknown field "${target}": map the column to a declared field, skip it ${words.skip(column)}, or create fields ${words.createFields}` });
  }
  return problems;
}

/** Columns a mapping does not name, mapped to themselves (as a plain import reads them). */
export function completeMapping(mapping: Mapping, columns: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = { ...mapping };
  for (const c of columns) if (!(c in out)) out[c] = c;
  return out;
}

/** A decimal as amounts are written ("19.90", "-3", "0.5"; not "08123", "+41", "1e3" or "1,000"). */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * A CSV cell as a property value: a decimal as a number when a double holds all its digits
 * (15 significant at most), `true`/`false` as booleans, any other text as it is.
 */
function propertyValue(v: unknown, fromCsv: boolean): unknown {
  if (!fromCsv || typeof v !== 'string') return v;
  if (DECIMAL.test(v) && v.replace(/^-|\./g, '').replace(/^0+/, '').length <= 15) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

/**
 * A record as the mapping renames it. For events, `properties.KEY` targets go into the
 * properties object (a `properties` column holding JSON text is read and merged); empty
 * cells of such columns are left out.
 */
export function applyMapping(record: Readonly<Record<string, unknown>>, mapping: Mapping, kind: ImportKind, fromCsv: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props: Record<string, unknown> = {};
  let hasProps = false;
  for (const [column, value] of Object.entries(record)) {
    const target = column in mapping ? mapping[column] : column;
    if (target === null || target === undefined) continue;
    const prop = kind === 'events' ? /^properties\.(.+)$/.exec(target)?.[1] : undefined;
    if (prop !== undefined) {
      if (value === '' || value === null || value === undefined) continue;
      props[prop] = propertyValue(value, fromCsv);
      hasProps = true;
    } else out[target] = value;
  }
  if (hasProps) {
    const base = out.properties;
    let merged: unknown = props;
    if (typeof base === 'string' && base.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(base);
        // Not an object: left as it is, for the import's check to refuse with its reason.
        merged = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...parsed, ...props } : base;
      } catch {
        merged = base;
      }
    } else if (base && typeof base === 'object' && !Array.isArray(base)) merged = { ...base, ...props };
    out.properties = merged;
  }
  return out;
}

/** New fields for mapped targets no field has yet: each labelled with its column's header, typed from its values. */
export class FieldCreator {
  private readonly guesses = new Map<string, { column: string; guess: TypeGuess }>();

  constructor(mapping: Mapping, registry: FieldRegistry) {
    for (const [column, target] of Object.entries(mapping)) {
      if (target !== null && target !== 'id' && !registry.get(target) && FIELD_KEY.test(target)) this.guesses.set(target, { column, guess: new TypeGuess() });
    }
  }

  /** Note the values a mapped record holds for new fields. */
  add(mapped: Readonly<Record<string, unknown>>): void {
    for (const [key, g] of this.guesses) if (key in mapped) g.guess.add(mapped[key]);
  }

  get size(): number {
    return this.guesses.size;
  }

  defs(): FieldDef[] {
    return [...this.guesses].map(([key, g]) => ({ key, label: g.column.trim() || key, type: g.guess.type() }));
  }
}

export interface CellCheck {
  /** Reasons by column. */
  readonly cells: Record<string, string[]>;
  /** Reasons that concern no one column (a required key no column maps to). */
  readonly row: string[];
}

/**
 * Check one mapped record as the import will, and put each reason on the column it comes
 * from: reasons start with the key they concern (`points: "lots" is not a number`).
 */
export function checkCells(record: Readonly<Record<string, unknown>>, mapping: Mapping, kind: ImportKind, registry: FieldRegistry, tz: string, fromCsv: boolean): CellCheck {
  const mapped = applyMapping(record, mapping, kind, fromCsv);
  const r = kind === 'contacts' ? checkContact(mapped, registry, tz) : checkEvent(mapped, tz);
  const cells: Record<string, string[]> = {};
  const row: string[] = [];
  if (r.ok) return { cells, row };
  const columnsOf = (key: string): string[] => Object.keys(record).filter((col) => {
    const t = col in mapping ? mapping[col] : col;
    return t === key || (key === 'properties' && typeof t === 'string' && t.startsWith('properties.'));
  });
  for (const reason of r.reasons) {
    const key = /^([A-Za-z_][A-Za-z0-9_]*): /.exec(reason)?.[1];
    const cols = key ? columnsOf(key) : [];
    if (!cols.length) { row.push(reason); continue; }
    for (const col of cols) (cells[col] ??= []).push(reason);
  }
  return { cells, row };
}
