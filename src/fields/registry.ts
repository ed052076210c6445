import { z } from 'zod';
import { FIELD_TYPES, SYSTEM_FIELDS, SYSTEM_KEYS, kindOf, type FieldDef, type FieldInfo } from './types.js';
import { fail, issue, ok, type Issue, type Result } from '../errors.js';

export const FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** Lower-case ASCII words joined by `_`: "E-Mail Adresse" → e_mail_adresse, "Prénom" → prenom. */
export function normalizeName(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

const fieldDefSchema = z.strictObject({
  key: z.string().regex(FIELD_KEY, 'must match ^[a-z][a-z0-9_]{0,62}$'),
  label: z.string().min(1),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string().min(1)).min(1).optional(),
});

/** Validate a fields file: shape, key syntax, options for select types, no duplicates. */
export function parseFieldDefs(input: unknown): Result<FieldDef[]> {
  const list = Array.isArray(input) ? input : [input];
  const errors: Issue[] = [];
  const out: FieldDef[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const r = fieldDefSchema.safeParse(raw);
    if (!r.success) {
      for (const e of r.error.issues) errors.push(issue('invalid_value', e.message, `fields[${i}]${e.path.map((p) => `.${String(p)}`).join('')}`));
      return;
    }
    const f = r.data;
    const at = `fields[${i}]`;
    if (SYSTEM_KEYS.has(f.key)) errors.push(issue('conflict', `"${f.key}" is a system field and cannot be declared`, `${at}.key`));
    if (seen.has(f.key)) errors.push(issue('conflict', `field "${f.key}" is declared twice`, `${at}.key`));
    seen.add(f.key);
    const needsOptions = f.type === 'select' || f.type === 'multiselect';
    if (needsOptions && !f.options) errors.push(issue('invalid_value', `a ${f.type} field needs "options"`, `${at}.options`));
    if (!needsOptions && f.options) errors.push(issue('invalid_value', `"options" only fit select and multiselect fields`, `${at}.options`));
    out.push(f.options ? { key: f.key, label: f.label, type: f.type, options: f.options } : { key: f.key, label: f.label, type: f.type });
  });
  return errors.length ? fail(...errors) : ok(out);
}

/** Every field a condition may name: system fields first, then the declared ones. */
export class FieldRegistry {
  private readonly byKey = new Map<string, FieldInfo>();
  constructor(readonly declared: readonly FieldDef[]) {
    for (const f of SYSTEM_FIELDS) this.byKey.set(f.key, f);
    for (const d of declared) {
      this.byKey.set(d.key, { key: d.key, type: d.type, kind: kindOf(d.type), options: d.options, system: false, computed: false });
    }
  }
  get(key: string): FieldInfo | undefined {
    return this.byKey.get(key);
  }
  all(): FieldInfo[] {
    return [...this.byKey.values()];
  }
  /** Stored columns, in a fixed order: system (not computed) then declared. */
  stored(): FieldInfo[] {
    return this.all().filter((f) => !f.computed);
  }
}
