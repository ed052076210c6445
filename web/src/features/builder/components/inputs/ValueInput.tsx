import { Autocomplete, Group, MultiSelect, NumberInput, Select, TagsInput, Text, TextInput } from '@mantine/core';
import type { FieldOp, MeasureOp, Scalar } from '../../model';
import type { ValueKind } from '../../ops';
import { arity } from '../../tree';
import { DateValueInput } from './DateValueInput';

// The value side of a comparison, shaped by the operator (one value, a range, a list,
// none) and by the field's kind: numbers, dates (relative or on a calendar), options of a
// select field, chips for lists.

type Value = Scalar | readonly Scalar[] | undefined;

export interface ValueInputProps {
  readonly op: FieldOp | MeasureOp;
  readonly kind: ValueKind;
  readonly value: Value;
  readonly onChange: (v: Value) => void;
  readonly label: string;
  readonly options?: readonly string[] | null;
  readonly examples?: readonly Scalar[];
}

const toNumber = (v: string | number): number | undefined => {
  if (typeof v === 'number') return v;
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : undefined;
};

export function ValueInput(props: ValueInputProps) {
  const { op, value, onChange, label, kind, options } = props;
  switch (arity(op)) {
    case 'none': return null;
    case 'pair': {
      const [lo, hi] = Array.isArray(value) ? value : [undefined, undefined];
      const set = (i: 0 | 1, v: Value) => {
        const next: (Scalar | undefined)[] = [lo, hi];
        next[i] = v as Scalar | undefined;
        onChange(next as Scalar[]);
      };
      return (
        <Group gap={6} wrap="wrap" align="center">
          <One {...props} value={lo} onChange={(v) => set(0, v)} label={`${label}: from`} />
          <Text size="sm">and</Text>
          <One {...props} value={hi} onChange={(v) => set(1, v)} label={`${label}: to`} />
        </Group>
      );
    }
    case 'list': {
      const list = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
      const fromStrings = (xs: string[]) => onChange(kind === 'number' ? xs.map((x) => toNumber(x) ?? x) : xs);
      if (options && options.length) {
        return <MultiSelect aria-label={label} data={[...options]} value={list} onChange={fromStrings} searchable size="sm" miw={200} placeholder="pick one or more" />;
      }
      return (
        <TagsInput
          aria-label={label} value={list} onChange={fromStrings} size="sm" miw={220} placeholder="type a value, Enter to add"
          data={props.examples?.map(String)} splitChars={[',']}
        />
      );
    }
    case 'one': return <One {...props} />;
  }
}

function One({ kind, value, onChange, label, options, examples }: ValueInputProps) {
  const v = Array.isArray(value) ? undefined : (value as Scalar | undefined);
  switch (kind) {
    case 'number':
      return (
        <NumberInput
          aria-label={label} value={typeof v === 'number' ? v : typeof v === 'string' ? v : ''} size="sm" w={120}
          onChange={(x) => onChange(x === '' ? undefined : toNumber(x))} placeholder="number"
        />
      );
    case 'boolean':
      return (
        <Select
          aria-label={label} data={['true', 'false']} value={v === undefined ? null : String(v)} size="sm" w={100}
          onChange={(x) => onChange(x === null ? undefined : x === 'true')}
        />
      );
    case 'date': case 'datetime':
      return <DateValueInput label={label} value={typeof v === 'string' ? v : undefined} onChange={onChange} withTime={kind === 'datetime'} />;
    case 'select': case 'set':
      if (options && options.length) {
        return <Select aria-label={label} data={[...options]} value={v === undefined ? null : String(v)} onChange={(x) => onChange(x ?? undefined)} searchable size="sm" miw={160} placeholder="pick an option" />;
      }
      return <TextInput aria-label={label} value={v === undefined ? '' : String(v)} onChange={(e) => onChange(e.currentTarget.value)} size="sm" miw={160} placeholder="value" />;
    case 'text':
      if (examples && examples.length) {
        return (
          <Autocomplete
            aria-label={label} data={[...new Set(examples.map(String))]} value={v === undefined ? '' : String(v)}
            onChange={(x) => onChange(x)} size="sm" miw={180} placeholder="value"
          />
        );
      }
      return <TextInput aria-label={label} value={v === undefined ? '' : String(v)} onChange={(e) => onChange(e.currentTarget.value)} size="sm" miw={180} placeholder="value" />;
  }
}
