import { Group, Select } from '@mantine/core';
import type { SegmentDraft } from '../../tree';

// Membership of another segment: in / not in. The segment being edited is not offered
// (a segment cannot contain itself; longer cycles are refused by the server on save).

export function SegmentRow({ row, onChange, segments, self, label }: {
  row: SegmentDraft; onChange: (r: SegmentDraft) => void; segments: readonly { alias: string; name: string }[]; self?: string; label: string;
}) {
  const data = segments.filter((s) => s.alias !== self).map((s) => ({ value: s.alias, label: s.name === s.alias ? s.alias : `${s.name} (${s.alias})` }));
  if (row.segment && !data.some((d) => d.value === row.segment)) data.push({ value: row.segment, label: `${row.segment} (unknown)` });
  return (
    <Group gap={6} wrap="wrap" align="center" style={{ flex: 1 }}>
      <Select
        aria-label={`${label}: in or not in`} size="sm" w={170} allowDeselect={false} value={row.op}
        data={[{ value: 'in', label: 'is in segment' }, { value: 'not_in', label: 'is not in segment' }]}
        onChange={(op) => op && onChange({ ...row, op: op as 'in' | 'not_in' })}
      />
      <Select
        aria-label={`${label}: segment`} placeholder="choose a segment" data={data} value={row.segment || null} searchable size="sm" miw={200} w={260}
        onChange={(s) => onChange({ ...row, segment: s ?? '' })} nothingFoundMessage="no such segment"
      />
    </Group>
  );
}
