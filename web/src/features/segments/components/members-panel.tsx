import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Anchor, Badge, Button, Group, Modal, Progress, Select, Stack, Table, Text, TextInput, Tooltip,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconSearch, IconUserMinus, IconUserPlus, IconArrowBackUp } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ContactPicker } from '@/components/contact-picker';
import { compareValues } from '@/components/sort-header';
import { Empty, ErrorState, LoadingState } from '@/components/states';
import { errorMessage } from '@/lib/api-client';
import { download } from '@/lib/csv';
import type { Formatters } from '@/lib/format';
import { fieldLabel, useFields } from '@/lib/workspace';
import { exportMembers, FIRST_PAGE, useManual, useMembers, type Member } from '../api/members';
import type { SegmentDetail } from '../api/segments';
import { useRecentActivity } from '../hooks/use-live-counts';

// A segment's members: a page at a time, found and ordered by a field, exported whole,
// and changed by hand (include a contact, exclude a member, undo either).

const PAGE_SIZES = ['25', '50', '100', '250'];

export function MembersPanel({ segment, fmt }: { segment: SegmentDetail; fmt: Formatters }) {
  const alias = segment.alias;
  // The members route pages by contact id and has no search or order of its own: the
  // filter and the order apply to the page shown, and say so.
  const fields = useFields();
  const [limit, setLimit] = useState(String(FIRST_PAGE.limit));
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text, 300);
  const [sortField, setSortField] = useState<string | null>(null);
  const [sortDir, setSortDir] = useState<'asc' | 'desc'>('asc');
  const cursor = cursors[cursors.length - 1];
  const members = useMembers(alias, { cursor, limit: Number(limit) });
  const manual = useManual(alias);
  const activity = useRecentActivity(alias).get(alias);
  const [picking, pick] = useDisclosure(false);
  const [exporting, setExporting] = useState<number | null>(null);

  const fieldList = (fields.data ?? []).filter((f) => !['id', 'tags'].includes(f.key));
  const typeOf = new Map(fieldList.map((f) => [f.key, f.type]));
  const extra = sortField && !['first_name', 'last_name', 'email'].includes(sortField) ? sortField : null;
  const included = new Set(segment.manual.include);

  const rows = useMemo(() => {
    let list = members.data?.members ?? [];
    const needle = q.trim().toLowerCase();
    if (needle) list = list.filter((m) => Object.values(m).some((v) => v !== null && String(v).toLowerCase().includes(needle)));
    if (sortField) {
      list = [...list].sort((a, b) => {
        const c = compareValues(a[sortField], b[sortField]);
        return a[sortField] == null || b[sortField] == null ? c : sortDir === 'asc' ? c : -c;
      });
    }
    return list;
  }, [members.data, q, sortField, sortDir]);

  const reset = () => setCursors([null]);
  const decide = (mode: 'include' | 'exclude' | 'reset', id: string, done: string) => manual.mutate({ mode, ids: [id] }, {
    onSuccess: (r) => notifications.show({ color: 'teal', title: done, message: r.members === null ? segment.name : `“${segment.name}” has ${fmt.number(r.members)} members.` }),
    onError: (e) => notifications.show({ color: 'red', title: 'Refused', message: errorMessage(e) }),
  });

  const runExport = async () => {
    setExporting(0);
    try {
      const csv = await exportMembers(alias, setExporting);
      download(`${alias}-members.csv`, csv);
    } catch (e) {
      notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(e) });
    } finally {
      setExporting(null);
    }
  };

  const first = (cursors.length - 1) * Number(limit);
  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Filter this page"
          placeholder="id, name, email, any value" leftSection={<IconSearch size={16} />}
          value={text} onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: '1 1 220px' }} maw={360}
        />
        <Select
          label="Sort this page by" placeholder="Contact id" clearable searchable w={200}
          data={fieldList.map((f) => ({ value: f.key, label: fieldLabel(f) }))}
          value={sortField} onChange={setSortField}
        />
        <Select
          label="Order" w={130} allowDeselect={false} disabled={!sortField}
          data={[{ value: 'asc', label: 'Ascending' }, { value: 'desc', label: 'Descending' }]}
          value={sortDir} onChange={(v) => setSortDir(v === 'desc' ? 'desc' : 'asc')}
        />
        {/* Right-aligned beside the filters; under them on a narrow window, from the left edge like them. */}
        <Group gap="xs" ml={{ base: 0, sm: 'auto' }}>
          <Button variant="default" leftSection={<IconUserPlus size={16} />} onClick={pick.open}>Include a contact</Button>
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void runExport()} loading={exporting !== null}>Export CSV</Button>
        </Group>
      </Group>
      {exporting !== null ? (
        <Stack gap={4} aria-live="polite">
          <Text size="xs" c="dimmed">Exporting… {fmt.number(exporting)} of {fmt.number(segment.members)}</Text>
          <Progress value={segment.members ? (100 * exporting) / segment.members : 100} animated />
        </Stack>
      ) : null}
      {activity ? (
        <Alert variant="light" color="blue" p="xs">
          <Group justify="space-between">
            <Text size="sm">Since this page opened: {fmt.number(activity.entered)} entered, {fmt.number(activity.left)} left.</Text>
            <Button size="xs" variant="subtle" onClick={() => { reset(); void members.refetch(); }}>Refresh the list</Button>
          </Group>
        </Alert>
      ) : null}

      {members.isLoading ? <LoadingState label="Loading members…" />
        : members.error ? <ErrorState error={members.error} title="Could not load the members" onRetry={() => void members.refetch()} />
        : !rows.length ? (
          <Empty
            title={q ? 'No member on this page matches' : 'No members'}
            description={q ? 'The filter looks at the members on this page; move through the pages, or include a contact by hand.' : segment.kind === 'manual' ? 'A manual segment holds only the contacts included by hand.' : 'No contact matches the definition right now.'}
            action={<Button variant="light" leftSection={<IconUserPlus size={16} />} onClick={pick.open}>Include a contact</Button>}
          />
        ) : (
          <Table.ScrollContainer minWidth={340} type="native">
            <Table highlightOnHover verticalSpacing="xs" aria-label={`Members of ${segment.name}`} data-testid="members-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Contact</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th visibleFrom="sm">Email</Table.Th>
                  {extra ? <Table.Th>{fieldLabel(fieldList.find((f) => f.key === extra) ?? { key: extra, label: null })}</Table.Th> : null}
                  <Table.Th w={56}><Text span size="sm" style={{ position: 'absolute', left: -9999 }}>Actions</Text></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((m: Member) => (
                  <Table.Tr key={m.id} data-contact={m.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Anchor component={Link} to={`/contacts/${encodeURIComponent(m.id)}`} ff="monospace" size="sm">{m.id}</Anchor>
                        {included.has(m.id) ? <Badge size="xs" variant="light" color="grape">by hand</Badge> : null}
                      </Group>
                    </Table.Td>
                    <Table.Td><Text size="sm">{[m.first_name, m.last_name].filter(Boolean).join(' ') || '—'}</Text></Table.Td>
                    <Table.Td visibleFrom="sm"><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{fmt.value(m.email)}</Text></Table.Td>
                    {extra ? <Table.Td><Text size="sm">{fmt.value(m[extra], typeOf.get(extra))}</Text></Table.Td> : null}
                    <Table.Td>
                      <Tooltip label="Exclude from this segment">
                        <ActionIcon variant="subtle" color="red" aria-label={`Exclude ${m.id}`} onClick={() => decide('exclude', m.id, `Excluded ${m.id}`)} loading={manual.isPending && manual.variables?.ids[0] === m.id}>
                          <IconUserMinus size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" aria-live="polite">
          {members.data?.members.length ? `Showing ${fmt.number(first + 1)}–${fmt.number(first + members.data.members.length)} of ${fmt.number(segment.members)}` : ''}
        </Text>
        <Group gap="xs">
          <Select aria-label="Members per page" w={90} data={PAGE_SIZES} value={limit} allowDeselect={false} onChange={(v) => { setLimit(v ?? '50'); reset(); }} />
          <Button variant="default" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</Button>
          <Button variant="default" disabled={!members.data?.next} onClick={() => setCursors((c) => [...c, members.data?.next ?? null])}>Next</Button>
        </Group>
      </Group>

      <ManualDecisions segment={segment} onReset={(id) => decide('reset', id, `Hand-made decision on ${id} undone`)} />

      <Modal opened={picking} onClose={pick.close} title={`Include a contact in “${segment.name}”`} centered>
        <Stack>
          <Text size="sm" c="dimmed">An included contact stays a member whatever the definition says, until you undo it.</Text>
          <ContactPicker autoFocus onPick={(c) => { pick.close(); decide('include', c.id, `Included ${c.id}`); }} />
        </Stack>
      </Modal>
    </Stack>
  );
}

function ManualDecisions({ segment, onReset }: { segment: SegmentDetail; onReset: (id: string) => void }) {
  const { include, exclude } = segment.manual;
  if (!include.length && !exclude.length) return null;
  const list = (ids: string[], label: string, color: string) => (ids.length ? (
    <Stack gap={6}>
      <Text size="sm" fw={600}>{label} ({ids.length})</Text>
      <Group gap={6}>
        {ids.slice(0, 100).map((id) => (
          <Badge key={id} variant="light" color={color} radius="sm" pr={3} rightSection={(
            <ActionIcon size="xs" variant="transparent" color={color} aria-label={`Undo the decision on ${id}`} onClick={() => onReset(id)}>
              <IconArrowBackUp size={12} />
            </ActionIcon>
          )}>
            <Anchor component={Link} to={`/contacts/${encodeURIComponent(id)}`} size="xs" c="inherit">{id}</Anchor>
          </Badge>
        ))}
        {ids.length > 100 ? <Text size="xs" c="dimmed">and {ids.length - 100} more</Text> : null}
      </Group>
    </Stack>
  ) : null);
  return (
    <Stack gap="sm" data-testid="manual-decisions">
      <Text fw={600}>Decided by hand</Text>
      {list(include, 'Included', 'grape')}
      {list(exclude, 'Excluded', 'red')}
    </Stack>
  );
}
