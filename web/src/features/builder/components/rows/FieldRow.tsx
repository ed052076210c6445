import { Autocomplete, Checkbox, Group, Select, Tooltip } from '@mantine/core';
import type { FieldFn, FieldOp } from '../../model';
import { FN_LABELS, fieldLabel, isDateType, opLabel, opsFor, valueKind, type FieldInfo } from '../../ops';
import type { FieldDraft } from '../../tree';
import { omit } from '../../omit';
import { ValueInput } from '../inputs/ValueInput';

// A comparison on a contact field (or, inside an event's filters, on a property): the
// field, an optional date function (age, days since…), the operators its type offers and
// the inputs that fit them.

const TEXTUAL = new Set(['text', 'email', 'phone', 'url', 'tags']);
const CASE_OPS: ReadonlySet<FieldOp> = new Set(['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'ends_with', 'matches', 'not_matches', 'any_of', 'none_of', 'all_of']);

export interface FieldChoice {
  readonly value: string;
  readonly label: string;
  readonly group: string;
}

export function fieldChoices(fields: readonly FieldInfo[]): { group: string; items: { value: string; label: string }[] }[] {
  const groups: Record<string, { value: string; label: string }[]> = {};
  for (const f of fields) {
    const g = f.computed ? 'Computed' : f.system ? 'System' : 'Custom fields';
    (groups[g] ??= []).push({ value: f.key, label: fieldLabel(f) });
  }
  return ['Custom fields', 'System', 'Computed'].filter((g) => groups[g]).map((g) => ({ group: g, items: groups[g] }));
}

export function FieldRow({ row, onChange, fields, label, what = 'field', propertyTypes, examples }: {
  row: FieldDraft;
  onChange: (r: FieldDraft) => void;
  fields: readonly FieldInfo[];
  label: string;
  what?: 'field' | 'property';
  /** For properties: the type their example values suggest. */
  propertyTypes?: (key: string) => string | undefined;
  examples?: (key: string) => readonly (string | number | boolean)[];
}) {
  const info = fields.find((f) => f.key === row.field);
  const type = what === 'property' ? propertyTypes?.(row.field) : info?.type;
  const ops = opsFor(type, row.fn);
  const kind = valueKind(type, row.fn);

  const setField = (key: string | null) => {
    const next = fields.find((f) => f.key === key);
    const nextType = what === 'property' ? propertyTypes?.(key ?? '') : next?.type;
    const nextOps = opsFor(nextType, undefined);
    const sameKind = valueKind(nextType) === kind && !row.fn;
    onChange({
      type: 'field', field: key ?? '', op: nextOps.includes(row.op) ? row.op : nextOps[0],
      ...(sameKind && row.value !== undefined ? { value: row.value } : {}),
      ...(row.case_sensitive ? { case_sensitive: true } : {}),
    });
  };
  const setFn = (fn: string | null) => {
    const f = (fn || undefined) as FieldFn | undefined;
    const nextOps = opsFor(type, f);
    const rest = omit(row, 'fn', 'value');
    onChange({ ...rest, op: nextOps.includes(row.op) ? row.op : nextOps[0], ...(f ? { fn: f } : {}) });
  };
  const setOp = (op: string | null) => {
    if (!op) return;
    const value = row.value;
    const rest = omit(row, 'value');
    const was = row.op;
    // Keep the value when its shape still fits (one value ↔ one value).
    const keep = value !== undefined && shape(was) === shape(op as FieldOp);
    onChange({ ...rest, op: op as FieldOp, ...(keep ? { value } : {}) });
  };

  const choices = what === 'field'
    ? fieldChoices(fields)
    : [{ group: 'Properties', items: fields.map((f) => ({ value: f.key, label: f.key })) }];

  return (
    <Group gap={6} wrap="wrap" align="center" style={{ flex: 1, minWidth: 0 }}>
      {what === 'field' && isDateType(type) && (
        <Select
          aria-label={`${label}: compare`} size="sm" w={190} allowDeselect={false}
          data={[{ value: '', label: 'the date' }, ...Object.entries(FN_LABELS).map(([value, l]) => ({ value, label: l }))]}
          value={row.fn ?? ''} onChange={setFn}
        />
      )}
      {what === 'field'
        ? (
          <Select
            aria-label={`${label}: field`} placeholder="choose a field" data={choices} value={row.field || null}
            onChange={setField} searchable size="sm" miw={170} w={200} nothingFoundMessage="no such field"
          />
        )
        : (
          <AutocompleteProperty value={row.field} keys={fields.map((f) => f.key)} label={`${label}: property`} onChange={setField} />
        )}
      <Select
        aria-label={`${label}: operator`} data={ops.map((o) => ({ value: o, label: opLabel(o, type, row.fn) }))}
        value={ops.includes(row.op) ? row.op : null} onChange={setOp} allowDeselect={false} size="sm" w={170}
        placeholder="operator"
      />
      <ValueInput
        op={row.op} kind={kind} value={row.value} label={`${label}: value`}
        onChange={(value) => { const rest = omit(row, 'value'); onChange(value === undefined ? rest : { ...rest, value }); }}
        options={info?.options ?? null} examples={examples?.(row.field)}
      />
      {(type === undefined || TEXTUAL.has(type)) && !row.fn && CASE_OPS.has(row.op) && (
        <Tooltip label="Match upper and lower case exactly">
          <Checkbox
            label="Aa" aria-label={`${label}: match case`} size="xs" checked={row.case_sensitive === true}
            onChange={(e) => { const rest = omit(row, 'case_sensitive'); onChange(e.currentTarget.checked ? { ...rest, case_sensitive: true } : rest); }}
          />
        </Tooltip>
      )}
    </Group>
  );
}

function shape(op: FieldOp): string {
  if (['between', 'not_between'].includes(op)) return 'pair';
  if (['in', 'not_in', 'any_of', 'none_of', 'all_of'].includes(op)) return 'list';
  if (['is_set', 'is_not_set', 'is_true', 'is_false'].includes(op)) return 'none';
  return 'one';
}


function AutocompleteProperty({ value, keys, label, onChange }: { value: string; keys: string[]; label: string; onChange: (k: string) => void }) {
  return <Autocomplete aria-label={label} placeholder="property" data={keys} value={value} onChange={onChange} size="sm" w={170} />;
}
