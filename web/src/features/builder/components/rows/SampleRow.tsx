import { Group, NumberInput, Text, TextInput } from '@mantine/core';
import type { SampleDraft } from '../../tree';

// A stable pseudo-random share of contacts: the same salt always picks the same people.

export function SampleRow({ row, onChange, label }: { row: SampleDraft; onChange: (r: SampleDraft) => void; label: string }) {
  return (
    <Group gap={6} wrap="wrap" align="center" style={{ flex: 1 }}>
      <Text size="sm" fw={500}>a random</Text>
      <NumberInput
        aria-label={`${label}: percent`} size="sm" w={100} min={0} max={100} decimalScale={4} suffix=" %"
        value={row.percent ?? ''} onChange={(v) => onChange({ ...row, percent: typeof v === 'number' ? v : undefined })}
      />
      <Text size="sm">of contacts, salt</Text>
      <TextInput
        aria-label={`${label}: salt`} size="sm" w={200} value={row.salt} placeholder="e.g. holdout-q4"
        onChange={(e) => onChange({ ...row, salt: e.currentTarget.value })}
      />
    </Group>
  );
}
