import { Group, NumberInput, Select, Text, TextInput } from '@mantine/core';
import { ANCHORS, ANCHOR_WORDS, UNIT_WORDS, describeDate, formatDate, parseDate, type Anchor, type DateParts, type Unit } from '../../dates';

// A date operand: relative ("1 month ago" ↔ `-1mo`, "start of this month") or a calendar
// date / date and time. The language's text is shown beside it for those who write DSL.

type Mode = 'ago' | 'ahead' | 'date' | Anchor;

const MODES: { value: Mode; label: string }[] = [
  { value: 'ago', label: '… ago' },
  { value: 'ahead', label: 'in … (future)' },
  { value: 'date', label: 'on a date' },
  ...ANCHORS.map((a) => ({ value: a as Mode, label: ANCHOR_WORDS[a] })),
];

const REL_UNITS: Unit[] = ['m', 'h', 'd', 'w', 'mo', 'y'];

function modeOf(p: DateParts | null): Mode {
  if (!p) return 'ago';
  if (p.mode === 'absolute') return 'date';
  if (p.anchor === 'now' && p.offset) return p.offset.sign < 0 ? 'ago' : 'ahead';
  return p.anchor;
}

export function DateValueInput({ value, onChange, label, withTime = false }: {
  value: string | undefined; onChange: (v: string | undefined) => void; label: string; withTime?: boolean;
}) {
  const p = parseDate(value);
  const mode = value === undefined || value === '' ? 'ago' : modeOf(p);
  const offset = p?.mode === 'relative' ? p.offset : null;
  const amount = offset?.duration.amount;
  const unit: Unit = offset?.duration.unit ?? 'd';

  const setMode = (m: Mode) => {
    if (m === 'date') onChange(new Date().toISOString().slice(0, withTime ? 16 : 10));
    else if (m === 'ago' || m === 'ahead') onChange(formatDate({ mode: 'relative', anchor: 'now', offset: { sign: m === 'ago' ? -1 : 1, duration: { amount: amount ?? 30, unit } } }));
    else onChange(m);
  };
  const setOffset = (a: number | undefined, u: Unit) => {
    if (a === undefined || !Number.isFinite(a)) return onChange(undefined);
    onChange(formatDate({ mode: 'relative', anchor: 'now', offset: { sign: mode === 'ahead' ? 1 : -1, duration: { amount: a, unit: u } } }));
  };

  return (
    <Group gap={4} wrap="wrap" align="center">
      <Select aria-label={`${label}: kind of date`} data={MODES} value={mode} onChange={(m) => m && setMode(m as Mode)} allowDeselect={false} w={150} size="sm" />
      {(mode === 'ago' || mode === 'ahead') && (
        <>
          <NumberInput
            aria-label={`${label}: how many`} value={amount ?? ''} min={0} allowDecimal={false} allowNegative={false} w={80} size="sm"
            onChange={(v) => setOffset(typeof v === 'number' ? v : undefined, unit)}
          />
          <Select
            aria-label={`${label}: unit`} value={unit} allowDeselect={false} w={110} size="sm"
            data={REL_UNITS.map((u) => ({ value: u, label: UNIT_WORDS[u][amount === 1 ? 0 : 1] }))}
            onChange={(u) => u && setOffset(amount, u as Unit)}
          />
        </>
      )}
      {mode === 'date' && (
        <TextInput
          aria-label={label} type={withTime ? 'datetime-local' : 'date'} size="sm" w={withTime ? 210 : 160}
          value={p?.mode === 'absolute' ? p.iso.slice(0, withTime ? 16 : 10) : ''}
          onChange={(e) => onChange(e.currentTarget.value || undefined)}
        />
      )}
      {value && p?.mode === 'relative' && (
        <Text size="xs" c="dimmed" title={describeDate(value)}><code>{value}</code></Text>
      )}
    </Group>
  );
}
