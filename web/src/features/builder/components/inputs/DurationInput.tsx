import { Group, NumberInput, Select } from '@mantine/core';
import { UNITS, UNIT_WORDS, formatDuration, parseDuration, type Unit } from '../../dates';

// A duration as the language writes it (`30d`, `48h`): a number and a unit.

export function DurationInput({ value, onChange, label, units = UNITS }: {
  value: string | undefined; onChange: (v: string) => void; label: string; units?: readonly Unit[];
}) {
  const d = parseDuration(value) ?? { amount: Number.NaN, unit: 'd' as Unit };
  const set = (amount: number, unit: Unit) => onChange(Number.isFinite(amount) ? formatDuration({ amount, unit }) : `${unit}`);
  return (
    <Group gap={4} wrap="nowrap">
      <NumberInput
        aria-label={`${label}: amount`} value={Number.isFinite(d.amount) ? d.amount : ''} min={1} allowDecimal={false} allowNegative={false}
        onChange={(v) => set(typeof v === 'number' ? v : Number.parseInt(v, 10), d.unit)} w={80} size="sm"
      />
      <Select
        aria-label={`${label}: unit`} value={d.unit} allowDeselect={false} w={110} size="sm"
        data={units.map((u) => ({ value: u, label: UNIT_WORDS[u][Number.isFinite(d.amount) && d.amount === 1 ? 0 : 1] }))}
        onChange={(u) => u && set(d.amount, u as Unit)}
      />
    </Group>
  );
}
