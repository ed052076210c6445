import { Group, Table, UnstyledButton, Text } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import type { ReactNode } from 'react';

// A column header that sorts: a button for the keyboard, aria-sort for screen readers.

export type SortDir = 'asc' | 'desc';
export interface SortState<K extends string> { key: K; dir: SortDir }

export function SortHeader<K extends string>({ label, column, sort, onSort, align, w }: {
  label: ReactNode; column: K; sort: SortState<K>; onSort: (s: SortState<K>) => void; align?: 'left' | 'right'; w?: number | string;
}) {
  const active = sort.key === column;
  const Icon = active ? (sort.dir === 'asc' ? IconChevronUp : IconChevronDown) : IconSelector;
  return (
    <Table.Th aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} w={w} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton
        onClick={() => onSort({ key: column, dir: active && sort.dir === 'desc' ? 'asc' : active ? 'desc' : (align === 'right' ? 'desc' : 'asc') })}
        style={{ width: '100%' }}
      >
        <Group gap={4} justify={align === 'right' ? 'flex-end' : 'flex-start'} wrap="nowrap">
          <Text fw={600} size="sm">{label}</Text>
          <Icon size={14} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return 1;
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}
