import { Group, Select, Text } from '@mantine/core';
import type { Window } from '../../model';
import { DateValueInput } from '../inputs/DateValueInput';
import { DurationInput } from '../inputs/DurationInput';

// When events count: at any time, in the last N days/hours/weeks/months/years, or
// between two dates (either end optional, each absolute or relative).

type Mode = 'any' | 'last' | 'range';

export function WindowInput({ value, onChange, label, anyLabel = 'at any time' }: {
  value: Window | undefined; onChange: (w: Window | undefined) => void; label: string; anyLabel?: string;
}) {
  const mode: Mode = value === undefined ? 'any' : typeof value === 'string' ? 'last' : 'range';
  const setMode = (m: Mode) => onChange(m === 'any' ? undefined : m === 'last' ? '30d' : { from: '-60d', to: 'now' });
  const range = typeof value === 'object' ? value : {};
  const setEnd = (end: 'from' | 'to', v: string | undefined) => {
    const next: { from?: string; to?: string } = { ...range };
    if (v === undefined) delete next[end]; else next[end] = v;
    onChange(next);
  };
  return (
    <Group gap={6} wrap="wrap" align="center">
      <Select
        aria-label={`${label}: when`} size="sm" w={140} allowDeselect={false} value={mode} onChange={(m) => m && setMode(m as Mode)}
        data={[{ value: 'any', label: anyLabel }, { value: 'last', label: 'in the last' }, { value: 'range', label: 'between' }]}
      />
      {mode === 'last' && <DurationInput label={`${label}: last`} value={value as string} onChange={onChange} />}
      {mode === 'range' && (
        <>
          <DateValueInput label={`${label}: from`} value={range.from} onChange={(v) => setEnd('from', v)} withTime />
          <Text size="sm">and</Text>
          <DateValueInput label={`${label}: to`} value={range.to} onChange={(v) => setEnd('to', v)} withTime />
        </>
      )}
    </Group>
  );
}
