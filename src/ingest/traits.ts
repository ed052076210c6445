import { FIELD_KEY, SYSTEM_KEYS, coerceValue, digitsKept, type FieldDef, type FieldInfo, type FieldRegistry, type FieldType, type FieldValue } from '../fields/index.js';
import { NumberText, isJsonObject, type Json, type JsonObject } from './json.js';

// identify traits → contact fields.
//
// A trait names a field by its key (`email`, `plan`), or in camelCase for a snake_case key
// (`firstName` → `first_name`, `createdAt` → `created_at`, `planType` → `plan_type`); when
// both spellings come, the exact key wins. The spec's reserved traits email, phone,
// firstName, lastName and createdAt land in the system fields this way; `name` is not split
// (it sets a declared `name` field, if there is one); `id` is the contact's id, never a field.
// An undeclared trait is ignored and counted, or, with `ingest.declare_traits`, declared with
// an inferred type. A trait that does not fit its field is refused with its reason and the
// rest of the message is applied.

export interface TraitsOutcome {
  /** Field values to write (null clears). */
  readonly values: Record<string, FieldValue | null>;
  /** `traits.KEY: reason` for each trait refused. */
  readonly refused: string[];
  /** Trait names ignored: no declared field and none declared for them. */
  readonly ignored: string[];
  /** Fields to declare first (when declaring is on), with the type their value gives. */
  readonly toDeclare: FieldDef[];
}

/** `firstName` → `first_name`, `userID` → `user_id`, `URLPath` → `url_path`; anything else as it is. */
export function snakeCase(key: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) return key;
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

const TEXT_KINDS: ReadonlySet<FieldInfo['type']> = new Set(['text', 'email', 'phone', 'url', 'select', 'multiselect', 'tags']);

/**
 * The value coerceValue sees: a number sent as text it would print differently keeps that
 * text for text-like fields ("00123" cannot arrive as a number, but 1.50 stays "1.50"), and
 * becomes a number elsewhere only if no digit is lost.
 */
function forField(v: Json, field: FieldInfo): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (v instanceof NumberText) {
    if (TEXT_KINDS.has(field.type)) return { ok: true, value: v.text };
    return digitsKept(v.text) ? { ok: true, value: v.value } : { ok: false, reason: `${v.text} has more digits than a number keeps (send it as a text)` };
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = x instanceof NumberText ? forField(x, field) : { ok: true as const, value: x };
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (isJsonObject(v)) return { ok: true, value: plainForMessage(v) };
  return { ok: true, value: v };
}

/** Only for reasons: an object shown the way it was sent. */
function plainForMessage(v: Json): unknown {
  if (v instanceof NumberText) return v.value;
  if (Array.isArray(v)) return v.map(plainForMessage);
  if (isJsonObject(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, plainForMessage(v[k])]));
  return typeof v === 'symbol' ? null : v;
}

/**
 * The type a first value gives an undeclared trait, chosen so that storing it changes
 * nothing: text stays text whatever it looks like ("08123", "2024-05-01", "true"), a JSON
 * number is a number unless it has more digits than a number keeps (then text, with its
 * digits), a JSON boolean is a boolean. Empty values, lists and objects give no type.
 */
export function inferFieldType(v: Json): FieldType | null {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return 'number';
  if (v instanceof NumberText) return digitsKept(v.text) ? 'number' : 'text';
  if (typeof v === 'string') return v === '' ? null : 'text';
  return null;
}

const labelOf = (key: string): string => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function mapTraits(traits: JsonObject, registry: FieldRegistry, tz: string, declare: boolean): TraitsOutcome {
  const values: Record<string, FieldValue | null> = {};
  const refused: string[] = [];
  const ignored: string[] = [];
  const toDeclare: FieldDef[] = [];
  const taken = new Set<string>();
  // Exact keys first, so they win over a camelCase spelling of the same field.
  const keys = Object.keys(traits);
  const exact = keys.filter((k) => registry.get(k) !== undefined);
  const rest = keys.filter((k) => registry.get(k) === undefined);
  for (const trait of [...exact, ...rest]) {
    if (trait === 'id') continue;
    const fieldKey = registry.get(trait) ? trait : snakeCase(trait);
    const field = registry.get(fieldKey);
    const value = traits[trait];
    if (taken.has(fieldKey)) { ignored.push(trait); continue; }
    if (!field) {
      const type = declare && FIELD_KEY.test(fieldKey) && !SYSTEM_KEYS.has(fieldKey) ? inferFieldType(value) : null;
      if (type) {
        taken.add(fieldKey);
        toDeclare.push({ key: fieldKey, label: labelOf(fieldKey), type });
      } else ignored.push(trait);
      continue;
    }
    taken.add(fieldKey);
    if (field.key === 'id') continue;
    if (field.computed) { refused.push(`traits.${trait}: ${field.key} is computed from events and cannot be written`); continue; }
    const input = forField(value, field);
    if (!input.ok) { refused.push(`traits.${trait}: ${input.reason}`); continue; }
    const c = coerceValue(field, input.value, tz);
    if (c.ok) values[field.key] = c.value;
    else refused.push(`traits.${trait}: ${c.reason.startsWith(`${field.key}: `) ? c.reason.slice(field.key.length + 2) : c.reason}${trait === field.key ? '' : ` (field ${field.key})`}`);
  }
  return { values, refused, ignored, toDeclare };
}
