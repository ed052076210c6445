import { useState } from 'react';
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Empty, ErrorState, LoadingState } from '@/components/states';
import type { Formatters } from '@/lib/format';
import { UPCOMING_PAGE, useUpcoming } from '../api/analytics';
import type { SegmentDetail } from '../api/segments';

// Who will enter or leave without any new data, and when: windows closing, gaps elapsing,
// birthdays and anniversaries. The engine knows each contact's next boundary.

// The server counts every change of the period but sends the first rows only: a sequence
// segment can have thousands due in a week, and a page of a hundred shows at once.
const MORE = 500;

export function UpcomingPanel({ segment, fmt }: { segment: SegmentDetail; fmt: Formatters }) {
  const [days, setDays] = useState('7');
  const [limit, setLimit] = useState(UPCOMING_PAGE);
  const upcoming = useUpcoming(segment.alias, Number(days), limit);
  const list = upcoming.data?.upcoming ?? [];
  const entering = upcoming.data?.entering ?? 0;
  const total = entering + (upcoming.data?.leaving ?? 0);
  const pickDays = (d: string): void => { setDays(d); setLimit(UPCOMING_PAGE); };
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Changes that will happen with no new data — a window closing, a wait elapsing, a birthday. New events and edits can add to this list.
        </Text>
        <SegmentedControl aria-label="Look ahead" value={days} onChange={pickDays} data={[{ value: '1', label: '24 hours' }, { value: '7', label: '7 days' }, { value: '30', label: '30 days' }]} />
      </Group>
      {upcoming.isLoading ? <LoadingState label="Looking ahead…" />
        : upcoming.error ? <ErrorState error={upcoming.error} title="Could not load upcoming changes" onRetry={() => void upcoming.refetch()} />
        : !list.length ? <Empty icon={<IconClockHour4 size={28} />} title="Nothing due" description={`No contact will enter or leave in the next ${days === '1' ? '24 hours' : `${days} days`} without new data.`} />
        : (
          <>
            <Text size="sm" fw={500} aria-live="polite">
              {fmt.number(entering)} will enter and {fmt.number(total - entering)} will leave by {fmt.dateTime(upcoming.data?.to)}.
            </Text>
            <Table.ScrollContainer minWidth={340} type="native">
              <Table verticalSpacing="xs" aria-label="Upcoming changes" data-testid="upcoming-table">
                <Table.Thead>
                  <Table.Tr><Table.Th>When</Table.Th><Table.Th>Contact</Table.Th><Table.Th>Change</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((u) => (
                    <Table.Tr key={`${u.contactId}-${u.at}-${u.change}`}>
                      <Table.Td><Text size="sm">{fmt.dateTime(u.at)}</Text><Text size="xs" c="dimmed">{fmt.relative(u.at, Date.parse(upcoming.data?.from ?? '') || fmt.now())}</Text></Table.Td>
                      <Table.Td><Anchor component={Link} to={`/contacts/${encodeURIComponent(u.contactId)}`} ff="monospace" size="sm">{u.contactId}</Anchor></Table.Td>
                      <Table.Td><Badge variant="light" color={u.change === 'entered' ? 'teal' : 'red'}>{u.change === 'entered' ? 'will enter' : 'will leave'}</Badge></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {list.length < total ? (
              <Group gap="sm">
                <Text size="sm" c="dimmed">The first {fmt.number(list.length)} of {fmt.number(total)} are shown.</Text>
                <Button variant="light" size="xs" loading={upcoming.isFetching} onClick={() => setLimit(list.length + MORE)}>
                  Show {fmt.number(Math.min(MORE, total - list.length))} more
                </Button>
              </Group>
            ) : null}
          </>
        )}
    </Stack>
  );
}
