import { Chip, Group, Paper, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { updateRow, toggleNegated, type RowDraft, type RowNode } from '../tree';
import classes from './builder.module.css';
import { useBuilder } from './context';
import { CountBadge } from './CountBadge';
import { DragHandle, NodeActions, useMoveKeys } from './NodeActions';
import { EventRow } from './rows/EventRow';
import { FieldRow } from './rows/FieldRow';
import { SampleRow } from './rows/SampleRow';
import { SegmentRow } from './rows/SegmentRow';
import { SequenceRow } from './rows/SequenceRow';

// One condition of the tree: its controls, a NOT switch, the count of contacts it
// matches on its own, and — while it is unfinished or refused — what is wrong with it.

export function RowEditor({ node, name }: { node: RowNode; name: string }) {
  const b = useBuilder();
  const onKeyDown = useMoveKeys(node);
  const status = b.status(node.id);
  const set = (row: RowDraft) => b.change((r) => updateRow(r, node.id, () => row));
  const refused = status.problemPath !== undefined;

  return (
    <Paper
      withBorder radius="sm" p={6} data-node-id={node.id} onKeyDown={onKeyDown} role="group" aria-label={name}
      style={{ borderColor: refused ? 'var(--mantine-color-red-5)' : undefined, background: node.negated ? 'var(--mantine-color-orange-0)' : undefined }}
    >
      <div className={classes.row}>
        <div className={classes.lead}>
          <DragHandle node={node} name={name} />
          <Chip
            size="xs" variant="outline" color="orange" checked={node.negated} aria-label={`${name}: not (negate)`}
            onChange={() => b.change((r) => toggleNegated(r, node.id))}
          >
            not
          </Chip>
        </div>
        <Group gap={6} wrap="wrap" align="flex-start" className={classes.body}>
          <RowBody row={node.row} set={set} name={name} />
        </Group>
        <div className={classes.tail}>
          <CountBadge count={status.count} problem={status.problem} stale={b.stale} label={`${name} matches`} />
          <NodeActions node={node} name={name} />
        </div>
      </div>
      {status.problem && (
        <Group gap={4} mt={4} pl={4} wrap="nowrap" role={refused ? 'alert' : undefined}>
          <IconAlertCircle size={14} color={refused ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-orange-6)'} />
          <Text size="xs" c={refused ? 'red.7' : 'orange.8'} data-testid="row-problem">
            {refused ? status.problem : `Not counted yet: ${status.problem}`}
            {refused && status.problemPath ? <Text span size="xs" c="dimmed"> (at {status.problemPath})</Text> : null}
          </Text>
        </Group>
      )}
    </Paper>
  );
}

function RowBody({ row, set, name }: { row: RowDraft; set: (r: RowDraft) => void; name: string }) {
  const b = useBuilder();
  switch (row.type) {
    case 'field': return <FieldRow row={row} onChange={set} fields={b.fields} label={name} />;
    case 'event': return <EventRow row={row} onChange={set} events={b.events} label={name} />;
    case 'sequence': return <SequenceRow row={row} onChange={set} events={b.events} label={name} />;
    case 'segment': return <SegmentRow row={row} onChange={set} segments={b.segments} self={b.self} label={name} />;
    case 'sample': return <SampleRow row={row} onChange={set} label={name} />;
    case 'all': return <Text size="sm" fw={500} py={6}>every contact</Text>;
  }
}
