import { Box, Button, Group, Menu, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import { IconFolderPlus, IconPlus } from '@tabler/icons-react';
import type React from 'react';
import { addNode, blankRow, group, groupLabel, groupNumber, rowNode, rowsInOrder, setGroupOp, toggleNegated, type GroupNode, type RowType } from '../tree';
import { useBuilder } from './context';
import { CountBadge } from './CountBadge';
import { DragHandle, NodeActions, useMoveKeys } from './NodeActions';
import { RowEditor } from './RowEditor';

// A group: all of / any of its members, optionally negated, nested to any depth, with
// the count of contacts it matches on its own. Members can be dragged within and between
// groups; a line shows where a dragged one will land.

export const ROW_TYPE_LABELS: Record<RowType, string> = {
  field: 'Contact field', event: 'Event', sequence: 'Sequence of events', segment: 'Segment membership', sample: 'Random sample', all: 'Every contact',
};

const DEPTH_COLORS = ['blue', 'violet', 'teal', 'grape', 'cyan', 'indigo'];

export function GroupEditor({ node, depth }: { node: GroupNode; depth: number }) {
  const b = useBuilder();
  const isRoot = node.id === b.root.id;
  const name = groupLabel(b.root, node);
  const status = b.status(node.id);
  const onKeyDown = useMoveKeys(node);
  const rows = rowsInOrder(b.root);
  const color = DEPTH_COLORS[depth % DEPTH_COLORS.length];

  const addOf = (type: RowType) => {
    const n = rowNode(blankRow(type));
    b.change((r) => addNode(r, node.id, n), n.id, 'first');
  };

  const hoverAt = (e: React.DragEvent, index: number) => {
    if (!b.drag.active()) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'move';
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const after = e.clientY > rect.top + rect.height / 2;
    b.drag.hover(node.id, after ? index + 1 : index);
  };
  const onDrop = (e: React.DragEvent) => {
    if (!b.drag.active()) return;
    e.preventDefault();
    e.stopPropagation();
    b.drag.drop();
  };
  const indicator = (i: number) => b.drag.over?.groupId === node.id && b.drag.over.index === i
    ? <Box h={3} bg="blue.5" style={{ borderRadius: 2 }} data-testid="drop-indicator" />
    : null;

  return (
    <Stack
      gap={6} p={isRoot ? 0 : 8} data-node-id={node.id} role="group" aria-label={name} onKeyDown={isRoot ? undefined : onKeyDown}
      style={isRoot ? undefined : {
        border: `1px solid var(--mantine-color-${color}-3)`, borderLeft: `4px solid var(--mantine-color-${color}-5)`, borderRadius: 6,
        background: node.negated ? 'var(--mantine-color-orange-0)' : `var(--mantine-color-${color}-0)`,
      }}
    >
      <Group gap={6} wrap="wrap" justify="space-between">
        <Group gap={6} wrap="wrap">
          {!isRoot && <DragHandle node={node} name={name} />}
          <Text size="sm" fw={600}>{isRoot ? 'Contacts who match' : `Group ${groupNumber(b.root, node.id)}`}</Text>
          <SegmentedControl
            size="xs" aria-label={`${name}: combine with`} value={node.op} onChange={(v) => b.change((r) => setGroupOp(r, node.id, v as 'and' | 'or'))}
            data={[{ value: 'and', label: 'all of' }, { value: 'or', label: 'any of' }]}
          />
          <Switch
            size="xs" label="not" aria-label={`${name}: not (negate the whole group)`} checked={node.negated} color="orange"
            onChange={() => b.change((r) => toggleNegated(r, node.id))}
          />
        </Group>
        <Group gap={4} wrap="nowrap">
          {isRoot && <Text size="sm" c="dimmed">Total</Text>}
          <CountBadge count={status.count} partial={status.partial} stale={b.stale} label={`${name} matches`} />
          {!isRoot && <NodeActions node={node} name={name} />}
        </Group>
      </Group>
      <Stack gap={6} pl={isRoot ? 0 : 'xs'} onDragOver={(e) => hoverAt(e, node.children.length)} onDrop={onDrop}>
        {node.children.length === 0 && (
          <Text size="sm" c="dimmed" fs="italic" py={4}>
            {isRoot ? 'No conditions yet: add one below.' : `Empty group: it is ${node.op === 'and' ? 'true for every contact' : 'true for no contact'}.`}
          </Text>
        )}
        {node.children.map((c, i) => (
          <div key={c.id} onDragOver={(e) => hoverAt(e, i)} onDrop={onDrop}>
            {indicator(i)}
            {c.kind === 'group'
              ? <GroupEditor node={c} depth={depth + 1} />
              : <RowEditor node={c} name={`Condition ${rows.findIndex((r) => r.id === c.id) + 1}`} />}
            {i === node.children.length - 1 && indicator(i + 1)}
          </div>
        ))}
        {node.children.length === 0 && indicator(0)}
      </Stack>
      <Group gap={6}>
        <Menu position="bottom-start" withinPortal shadow="md">
          <Menu.Target>
            <Button variant="light" size="compact-sm" leftSection={<IconPlus size={14} />} aria-label={`Add a condition to ${name}`}>condition</Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(Object.keys(ROW_TYPE_LABELS) as RowType[]).map((t) => (
              <Menu.Item key={t} onClick={() => addOf(t)}>{ROW_TYPE_LABELS[t]}</Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Button
          variant="subtle" size="compact-sm" leftSection={<IconFolderPlus size={14} />} aria-label={`Add a group to ${name}`}
          onClick={() => {
            const first = rowNode(blankRow('field'));
            b.change((r) => addNode(r, node.id, group(node.op === 'and' ? 'or' : 'and', [first])), first.id, 'first');
          }}
        >
          group
        </Button>
      </Group>
    </Stack>
  );
}

