import type React from 'react';
import { ActionIcon, Button, Chip, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconFilterPlus, IconTrash } from '@tabler/icons-react';
import { propertyType, type CatalogEvent, type FieldInfo } from '../../ops';
import { addNode, addRow, group, removeNode, setGroupOp, toggleNegated, updateRow, type EditorNode, type GroupNode } from '../../tree';
import { FieldRow } from './FieldRow';

// Property filters of an event or a sequence step (`where`): comparisons on the event's
// properties, named and typed from the catalog, with its example values offered.

export function WhereEditor({ where, onChange, event, label }: {
  where: GroupNode | null; onChange: (w: GroupNode | null) => void; event: CatalogEvent | undefined; label: string;
}) {
  const props = event?.properties ?? [];
  const asFields: FieldInfo[] = props.map((p) => ({ key: p.key, label: null, type: propertyType(p) ?? 'text', options: null }));
  const typeOf = (k: string) => propertyType(props.find((p) => p.key === k));
  const examplesOf = (k: string) => props.find((p) => p.key === k)?.examples ?? [];

  const add = () => {
    const root = where ?? group('and');
    onChange(addRow(root, root.id, { type: 'field', field: '', op: 'eq' }));
  };

  if (!where || where.children.length === 0) {
    return (
      <Button variant="subtle" size="compact-sm" leftSection={<IconFilterPlus size={14} />} onClick={add} aria-label={`${label}: add a property filter`} style={{ alignSelf: 'flex-start' }}>
        where…
      </Button>
    );
  }

  const edit = (f: (g: GroupNode) => GroupNode) => {
    const next = f(where);
    onChange(next.children.length ? next : null);
  };

  const renderNode = (n: EditorNode, i: number): React.ReactNode => {
    const name = `${label}, filter ${i + 1}`;
    if (n.kind === 'group') {
      return (
        <Stack key={n.id} gap={4} pl="sm" style={{ borderLeft: '2px solid var(--mantine-color-gray-4)' }} role="group" aria-label={`${name}: ${n.op === 'and' ? 'all' : 'any'} of`}>
          <GroupHeader g={n} edit={edit} label={name} />
          {n.children.map((c, k) => renderNode(c, k))}
        </Stack>
      );
    }
    if (n.row.type !== 'field') return null;
    return (
      <Group key={n.id} gap={6} wrap="nowrap" align="center">
        <Chip size="xs" checked={n.negated} onChange={() => edit((w) => toggleNegated(w, n.id))} aria-label={`${name}: not`} variant="outline">not</Chip>
        <FieldRow
          row={n.row} what="property" fields={asFields} label={name} propertyTypes={typeOf} examples={examplesOf}
          onChange={(r) => edit((w) => updateRow(w, n.id, () => r))}
        />
        <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${name}`} onClick={() => edit((w) => removeNode(w, n.id))}>
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
    );
  };

  return (
    <Stack gap={4} pl="sm" py={4} style={{ borderLeft: '2px solid var(--mantine-color-teal-3)' }} role="group" aria-label={`${label}: property filters`}>
      <Group gap={6}>
        <Text size="sm" c="dimmed">where</Text>
        {where.children.length > 1 && <GroupHeader g={where} edit={edit} label={`${label} filters`} />}
      </Group>
      {where.children.map((c, i) => renderNode(c, i))}
      <Group gap={4}>
        <Button variant="subtle" size="compact-xs" leftSection={<IconFilterPlus size={12} />} onClick={() => edit((w) => addRow(w, w.id, { type: 'field', field: '', op: 'eq' }))}>
          property filter
        </Button>
        <Button variant="subtle" size="compact-xs" color="gray" onClick={() => edit((w) => addNode(w, w.id, group(w.op === 'and' ? 'or' : 'and', [])))}>
          filter group
        </Button>
      </Group>
    </Stack>
  );
}

function GroupHeader({ g, edit, label }: { g: GroupNode; edit: (f: (w: GroupNode) => GroupNode) => void; label: string }) {
  return (
    <SegmentedControl
      size="xs" aria-label={`${label}: combine with`}
      data={[{ value: 'and', label: 'all of' }, { value: 'or', label: 'any of' }]}
      value={g.op} onChange={(v) => edit((w) => setGroupOp(w, g.id, v as 'and' | 'or'))}
    />
  );
}
