import { useEffect, useMemo, useState } from 'react';
import {
  Accordion, Anchor, Badge, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, Timeline, Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconActivity, IconTrash } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '@/components/confirm';
import { Page } from '@/components/page';
import { Empty, ErrorState, LoadingState } from '@/components/states';
import { contactName } from '@/lib/contact-lookup';
import type { Formatters } from '@/lib/format';
import { fieldLabel, useFields, useFormat, type Field } from '@/lib/workspace';
import { useContact, useContactSegments, useDeleteContact, useMembershipHistory, type Contact } from '../api/contacts';
import { rememberContact } from './recent';
import { ExplainTree } from './explain-tree';

// A contact: its fields and tags, what it did, every segment with in/out and why, and
// every time it entered or left one.

export function ContactPage({ id }: { id: string }) {
  const fmt = useFormat();
  const contact = useContact(id);
  const fields = useFields();
  const del = useDeleteContact();
  const navigate = useNavigate();
  const [erasing, setErasing] = useState(false);
  const crumbs = [{ label: 'Contacts', to: '/contacts' }, { label: id }];
  const loaded = contact.data;
  useEffect(() => {
    if (loaded) rememberContact({ id: loaded.id, name: contactName(loaded.fields), email: typeof loaded.fields.email === 'string' ? loaded.fields.email : null });
  }, [loaded]);

  if (contact.isLoading) return <Page title="Contact" crumbs={crumbs}><LoadingState label="Loading the contact…" /></Page>;
  if (contact.error || !contact.data) {
    return <Page title={id} crumbs={crumbs}><ErrorState error={contact.error} title="Could not load this contact" onRetry={() => void contact.refetch()} /></Page>;
  }
  const c = contact.data;
  const name = contactName(c.fields);
  return (
    <Page
      title={name ?? (typeof c.fields.email === 'string' ? c.fields.email : c.id)}
      documentTitle={name ?? c.id}
      crumbs={crumbs}
      subtitle={(
        <Group gap={8} wrap="wrap">
          <Code>{c.id}</Code>
          {name && typeof c.fields.email === 'string' ? <Text size="sm">{c.fields.email}</Text> : null}
          <Text size="sm" c="dimmed">{fmt.number(c.eventCount)} events · in {fmt.number(c.segments.length)} segments</Text>
        </Group>
      )}
      actions={<Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setErasing(true)}>Erase contact</Button>}
    >
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Stack gap="lg">
          <FieldsCard contact={c} fields={fields.data ?? []} fmt={fmt} />
          <Card withBorder radius="md">
            <Title order={2} fz="md" mb="sm">Tags</Title>
            {c.tags.length ? <Group gap={6}>{c.tags.map((t) => <Badge key={t} variant="light" radius="sm">{t}</Badge>)}</Group> : <Text size="sm" c="dimmed">No tags</Text>}
          </Card>
        </Stack>
        <SegmentsCard contact={c} fmt={fmt} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <EventsCard contact={c} fmt={fmt} />
        <HistoryCard id={c.id} fmt={fmt} />
      </SimpleGrid>
      <ConfirmDialog
        opened={erasing} onClose={() => setErasing(false)} title={`Erase ${c.id}?`} confirmLabel="Erase for good"
        onConfirm={async () => {
          await del.mutateAsync(c.id);
          notifications.show({ color: 'teal', title: 'Erased', message: `${c.id}, its events and its membership history are gone.` });
          void navigate('/contacts');
        }}
      >
        The contact, its events, hand-made decisions and membership history are erased: nothing of it remains. Segments update at once.
      </ConfirmDialog>
    </Page>
  );
}

function FieldsCard({ contact, fields, fmt }: { contact: Contact; fields: readonly Field[]; fmt: Formatters }) {
  const known = new Map(fields.map((f) => [f.key, f]));
  const keys = Object.keys(contact.fields);
  return (
    <Card withBorder radius="md">
      <Title order={2} fz="md" mb="sm">Fields</Title>
      <Table verticalSpacing={6} aria-label="Fields" data-testid="contact-fields">
        <Table.Tbody>
          {keys.map((k) => {
            const f = known.get(k);
            const v = contact.fields[k];
            return (
              <Table.Tr key={k}>
                <Table.Th w="40%" fw={500} c="dimmed" fz="sm" scope="row">{fieldLabel(f ?? { key: k, label: null })}</Table.Th>
                <Table.Td fz="sm" style={{ overflowWrap: 'anywhere' }} c={v === null || v === undefined ? 'dimmed' : undefined}>{fmt.value(v, f?.type)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function SegmentsCard({ contact, fmt }: { contact: Contact; fmt: Formatters }) {
  const segments = useContactSegments(contact.id);
  const [open, setOpen] = useState<string | null>(null);
  const list = [...(segments.data ?? [])].sort((a, b) => Number(b.member) - Number(a.member));
  const inCount = list.filter((s) => s.member).length;
  const names = new Map(list.map((s) => [s.segment, s.name]));
  return (
    <Card withBorder radius="md">
      <Title order={2} fz="md" mb={4}>Segments</Title>
      <Text size="sm" c="dimmed" mb="sm">{segments.data ? `In ${fmt.number(inCount)} of ${fmt.number(list.length)}. Open one to see why.` : 'In or out of each segment, and why.'}</Text>
      {segments.isLoading ? <LoadingState rows={3} />
        : segments.error ? <ErrorState error={segments.error} title="Could not load the contact’s segments" feature="In or out, and why," onRetry={() => void segments.refetch()} />
        : !list.length ? <Text size="sm" c="dimmed">No segments yet.</Text>
        : (
          <Accordion value={open} onChange={setOpen} variant="separated" radius="md" chevronPosition="left" data-testid="contact-segments">
            {list.map((s) => (
              <Accordion.Item key={s.segment} value={s.segment} data-segment={s.segment}>
                <Accordion.Control aria-label={`${s.name}: ${s.member ? 'in' : 'out'}. Show why`}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Stack gap={0} miw={0}>
                      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>{s.name}</Text>
                      {s.manual ? <Text size="xs" c="grape.7">{s.manual === 'include' ? 'included by hand' : 'excluded by hand'}</Text> : null}
                    </Stack>
                    <Badge color={s.member ? 'teal' : 'gray'} variant={s.member ? 'filled' : 'light'} miw={42}>{s.member ? 'in' : 'out'}</Badge>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  {open === s.segment ? <ExplainTree explanation={s} fmt={fmt} names={names} /> : null}
                  <Anchor component={Link} to={`/segments/${s.segment}`} size="xs">Open the segment</Anchor>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
    </Card>
  );
}

function EventsCard({ contact, fmt }: { contact: Contact; fmt: Formatters }) {
  const [name, setName] = useState<string | null>(null);
  const names = useMemo(() => [...new Set(contact.events.map((e) => e.name))].sort(), [contact.events]);
  const shown = contact.events.filter((e) => !name || e.name === name);
  return (
    <Card withBorder radius="md">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} fz="md">Events</Title>
        <Select aria-label="Filter events by name" placeholder="All events" clearable data={names} value={name} onChange={setName} w={200} size="xs" />
      </Group>
      {!contact.events.length ? <Empty icon={<IconActivity size={24} />} title="No events" description="Events sent for this contact appear here." />
        : (
          <>
            <Timeline bulletSize={14} lineWidth={2} data-testid="events-timeline" aria-label="Events, newest first">
              {shown.map((e, i) => (
                <Timeline.Item key={`${e.ts}-${i}`} title={<Text size="sm" fw={600}>{e.name}</Text>}>
                  <Text size="xs" c="dimmed">{fmt.dateTime(e.ts)}</Text>
                  {Object.keys(e.properties).length ? (
                    <Text size="xs" ff="monospace" mt={2} style={{ overflowWrap: 'anywhere' }}>
                      {Object.entries(e.properties).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ')}
                    </Text>
                  ) : null}
                </Timeline.Item>
              ))}
            </Timeline>
            <Text size="xs" c="dimmed" mt="sm">
              {contact.eventCount > contact.events.length ? `The latest ${fmt.number(contact.events.length)} of ${fmt.number(contact.eventCount)} events.` : `${fmt.number(contact.eventCount)} events.`}
            </Text>
          </>
        )}
    </Card>
  );
}

const CAUSES: Record<string, string> = { data: 'by data', time: 'by time', manual: 'by hand', definition: 'definition saved' };

function HistoryCard({ id, fmt }: { id: string; fmt: Formatters }) {
  const history = useMembershipHistory(id);
  const segments = useContactSegments(id);
  const nameOf = (a: string) => segments.data?.find((s) => s.segment === a)?.name ?? a;
  const rows = history.data?.pages.flatMap((p) => p.history) ?? [];
  // A narrow window shows why under when, so the change stays in sight without scrolling sideways.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  return (
    <Card withBorder radius="md">
      <Title order={2} fz="md" mb="sm">Membership history</Title>
      {history.isLoading ? <LoadingState rows={3} />
        : history.error ? <ErrorState error={history.error} title="Could not load the membership history" feature="Membership history" />
        : !rows.length ? <Text size="sm" c="dimmed">This contact has not entered or left any segment.</Text>
        : (
          <>
            <Table.ScrollContainer minWidth={narrow ? 300 : 420} type="native">
              <Table verticalSpacing={6} aria-label="Membership history" data-testid="membership-history">
                <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Segment</Table.Th><Table.Th>Change</Table.Th>{narrow ? null : <Table.Th>Why</Table.Th>}</Table.Tr></Table.Thead>
                <Table.Tbody>
                  {rows.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                        {fmt.dateTime(h.at)}
                        {narrow ? <Text size="xs" c="dimmed" style={{ whiteSpace: 'normal' }}>{CAUSES[h.cause] ?? h.cause}</Text> : null}
                      </Table.Td>
                      <Table.Td fz="sm"><Anchor component={Link} to={`/segments/${h.segment}`} size="sm">{nameOf(h.segment)}</Anchor></Table.Td>
                      <Table.Td><Badge variant="light" color={h.change === 'entered' ? 'teal' : 'red'}>{h.change}</Badge></Table.Td>
                      {narrow ? null : <Table.Td fz="sm">{CAUSES[h.cause] ?? h.cause}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {history.hasNextPage ? <Group mt="sm"><Button variant="default" size="xs" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>Older changes</Button></Group> : null}
          </>
        )}
    </Card>
  );
}
