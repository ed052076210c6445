import { ActionIcon, Group, Menu, Tooltip } from '@mantine/core';
import {
  IconArrowDown, IconArrowUp, IconCopy, IconDots, IconFolderPlus, IconGripVertical, IconIndentDecrease, IconIndentIncrease, IconTrash,
} from '@tabler/icons-react';
import type React from 'react';
import {
  contains, duplicate, groupLabel, groupsInOrder, indent, locate, moveNode, outdent, removeNode, reorder, ungroup, wrapInGroup,
  type EditorNode, type GroupNode,
} from '../tree';
import { useBuilder } from './context';

// The controls every group and row has besides its own: a drag handle, move up/down,
// more moves (into another group, out of this one, wrap in a new group), duplicate and
// remove. The same moves answer the keyboard: Alt+↑/↓ reorder, Alt+← moves out of the
// group, Alt+→ into the group just above.

export function useMoveKeys(node: EditorNode): (e: React.KeyboardEvent) => void {
  const { change } = useBuilder();
  return (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const moves: Record<string, (r: GroupNode) => GroupNode> = {
      ArrowUp: (r) => reorder(r, node.id, -1),
      ArrowDown: (r) => reorder(r, node.id, 1),
      ArrowLeft: (r) => outdent(r, node.id),
      ArrowRight: (r) => indent(r, node.id),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    e.stopPropagation();
    change(move, node.id);
  };
}

export function DragHandle({ node, name }: { node: EditorNode; name: string }) {
  const { drag } = useBuilder();
  return (
    <Tooltip label="Drag to move · Alt+↑↓ reorder · Alt+←→ out of / into a group" openDelay={600}>
      <ActionIcon
        variant="subtle" color="gray" data-handle aria-label={`Move ${name}: drag, or Alt and the arrow keys`}
        draggable
        onDragStart={(e) => {
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('text/plain', node.id);
          const frame = (e.currentTarget as HTMLElement).closest('[data-node-id]');
          if (frame) e.dataTransfer.setDragImage(frame, 12, 12);
          drag.start(node.id);
        }}
        onDragEnd={() => drag.end()}
        style={{ cursor: 'grab' }}
      >
        <IconGripVertical size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

export function NodeActions({ node, name }: { node: EditorNode; name: string }) {
  const { root, change } = useBuilder();
  const at = locate(root, node.id);
  if (!at || !at.parent) return null;
  const parent = at.parent;
  const first = at.index === 0;
  const last = at.index === parent.children.length - 1;
  const prev = first ? null : parent.children[at.index - 1];
  const targets = groupsInOrder(root).filter((g) => g.group.id !== parent.id && !contains(node, g.group.id));

  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} up`} disabled={first} onClick={() => change((r) => reorder(r, node.id, -1), node.id)}>
        <IconArrowUp size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} down`} disabled={last} onClick={() => change((r) => reorder(r, node.id, 1), node.id)}>
        <IconArrowDown size={16} />
      </ActionIcon>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${name}`}><IconDots size={16} /></ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconIndentDecrease size={14} />} disabled={parent.id === root.id} onClick={() => change((r) => outdent(r, node.id), node.id)}>
            Move out of this group
          </Menu.Item>
          <Menu.Item leftSection={<IconIndentIncrease size={14} />} disabled={prev?.kind !== 'group'} onClick={() => change((r) => indent(r, node.id), node.id)}>
            Move into the group above
          </Menu.Item>
          {targets.length > 0 && <Menu.Label>Move to</Menu.Label>}
          {targets.map((t) => (
            <Menu.Item key={t.group.id} pl={12 + t.depth * 12} onClick={() => change((r) => moveNode(r, node.id, t.group.id, t.group.children.length), node.id)}>
              {groupLabel(root, t.group)}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconFolderPlus size={14} />} onClick={() => change((r) => wrapInGroup(r, node.id, 'or'), node.id)}>Put in a new group</Menu.Item>
          {node.kind === 'group' && (
            <Menu.Item onClick={() => change((r) => ungroup(r, node.id))}>Ungroup (keep its conditions)</Menu.Item>
          )}
          <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => change((r) => duplicate(r, node.id))}>Duplicate</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={() => change((r) => removeNode(r, node.id), parent.id)}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}
