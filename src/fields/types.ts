export const FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'datetime', 'select', 'multiselect', 'email', 'phone', 'url'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDef {
  readonly key: string;
  readonly label: string;
  readonly type: FieldType;
  readonly options?: readonly string[];
}

/** How a stored value is shaped, whatever its declared type. */
export type ValueKind = 'text' | 'number' | 'bool' | 'date' | 'instant' | 'set';

/** A field as the executors see it: declared, system or computed. */
export interface FieldInfo {
  readonly key: string;
  readonly type: FieldType | 'tags';
  readonly kind: ValueKind;
  readonly options?: readonly string[];
  readonly system: boolean;
  /** Derived from events at evaluation time, never stored. */
  readonly computed: boolean;
}

/** A stored value: text, number, boolean, 'YYYY-MM-DD', epoch ms, or a set of strings. */
export type FieldValue = string | number | boolean | readonly string[];

export function kindOf(type: FieldType | 'tags'): ValueKind {
  switch (type) {
    case 'number': return 'number';
    case 'boolean': return 'bool';
    case 'date': return 'date';
    case 'datetime': return 'instant';
    case 'multiselect': case 'tags': return 'set';
    case 'text': case 'select': case 'email': case 'phone': case 'url': return 'text';
  }
}

const sys = (key: string, type: FieldType | 'tags', computed = false): FieldInfo =>
  ({ key, type, kind: kindOf(type), system: true, computed });

export const SYSTEM_FIELDS: readonly FieldInfo[] = [
  sys('id', 'text'),
  sys('email', 'email'),
  sys('phone', 'phone'),
  sys('first_name', 'text'),
  sys('last_name', 'text'),
  sys('created_at', 'datetime'),
  sys('tags', 'tags'),
  sys('last_active_at', 'datetime', true),
];

export const SYSTEM_KEYS = new Set(SYSTEM_FIELDS.map((f) => f.key));
