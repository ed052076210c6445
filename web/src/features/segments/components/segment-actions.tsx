import { useState } from 'react';
import { ActionIcon, Anchor, List, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconDots, IconEye, IconPencil, IconRefresh, IconTrash } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '@/components/confirm';
import { errorMessage } from '@/lib/api-client';
import type { Formatters } from '@/lib/format';
import { useDeleteSegment, useDuplicateSegment, useRebuildSegment, type Segment } from '../api/segments';

// What can be done to a segment from a list row or its page: open, edit, rebuild now,
// duplicate, delete (refused while other segments refer to it; they are named).

export function useSegmentCommands(fmt: Formatters) {
  const rebuild = useRebuildSegment();
  const duplicate = useDuplicateSegment();
  const navigate = useNavigate();
  return {
    rebuild: (s: Pick<Segment, 'alias' | 'name'>) => rebuild.mutate(s.alias, {
      onSuccess: (r) => notifications.show({
        color: 'teal', title: `Rebuilt “${s.name}”`,
        message: `${fmt.number(r.total)} members (${fmt.number(r.entered)} entered, ${fmt.number(r.left)} left)`,
      }),
      onError: (e) => notifications.show({ color: 'red', title: `Could not rebuild “${s.name}”`, message: errorMessage(e) }),
    }),
    rebuilding: rebuild.isPending ? rebuild.variables : null,
    duplicate: (s: Segment) => duplicate.mutate(s, {
      onSuccess: (copy) => {
        notifications.show({ color: 'teal', title: 'Duplicated', message: `“${copy.name}” (${copy.alias}) has ${fmt.number(copy.members)} members` });
        void navigate(`/segments/${copy.alias}`);
      },
      onError: (e) => notifications.show({ color: 'red', title: `Could not duplicate “${s.name}”`, message: errorMessage(e) }),
    }),
  };
}

export function DeleteSegmentDialog({ segment, referrers, opened, onClose, onDeleted }: {
  segment: Pick<Segment, 'alias' | 'name'>; referrers: readonly Segment[]; opened: boolean; onClose: () => void; onDeleted?: () => void;
}) {
  const del = useDeleteSegment();
  return (
    <ConfirmDialog
      opened={opened}
      onClose={onClose}
      title={`Delete “${segment.name}”?`}
      confirmLabel="Delete segment"
      onConfirm={async () => {
        await del.mutateAsync(segment.alias);
        notifications.show({ color: 'teal', title: 'Deleted', message: `“${segment.name}” is gone, with its members and change log.` });
        onDeleted?.();
      }}
    >
      {referrers.length ? (
        <>
          <Text size="sm" mb="xs">Other segments refer to it, so the server will refuse until they no longer do:</Text>
          <List size="sm" mb="xs">
            {referrers.map((r) => <List.Item key={r.alias}><Anchor component={Link} to={`/segments/${r.alias}`}>{r.name}</Anchor> ({r.alias})</List.Item>)}
          </List>
        </>
      ) : null}
      <Text size="sm">Its members, hand-made decisions and change log are deleted with it. This cannot be undone.</Text>
    </ConfirmDialog>
  );
}

export function SegmentRowMenu({ segment, referrers, fmt }: { segment: Segment; referrers: readonly Segment[]; fmt: Formatters }) {
  const cmd = useSegmentCommands(fmt);
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${segment.name}`} loading={cmd.rebuilding === segment.alias}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item component={Link} to={`/segments/${segment.alias}`} leftSection={<IconEye size={16} />}>Open</Menu.Item>
          <Menu.Item component={Link} to={`/segments/${segment.alias}/edit`} leftSection={<IconPencil size={16} />}>Edit definition</Menu.Item>
          <Menu.Item leftSection={<IconRefresh size={16} />} onClick={() => cmd.rebuild(segment)}>Rebuild now</Menu.Item>
          <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => cmd.duplicate(segment)}>Duplicate</Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>Delete…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <DeleteSegmentDialog segment={segment} referrers={referrers} opened={deleting} onClose={() => setDeleting(false)} />
    </>
  );
}
