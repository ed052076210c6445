import { useState } from 'react';
import {
  Anchor, Badge, Button, Card, Collapse, Group, Modal, MultiSelect, Stack, Table, Text, TextInput, Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconPlus, IconSend, IconTrash, IconWebhook } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ConfirmDialog } from '@/components/confirm';
import { SecretOnce } from '@/components/secret-once';
import { Empty, ErrorState, LoadingState } from '@/components/states';
import { api, ApiError, errorMessage } from '@/lib/api-client';
import { useFormat } from '@/lib/workspace';
import type { Formatters } from '@/lib/format';
import {
  useCreateWebhook, useDeleteWebhook, useDeliveries, useTestWebhook, useWebhooks, type CreatedWebhook, type Webhook,
} from '../api/webhooks';

// Webhook subscriptions: all of them (settings), or those that hear about one segment
// (a segment's page). Each opens onto its delivery log and can be sent a test message.

function useSegmentOptions() {
  return useQuery({
    queryKey: ['segments', 'list'],
    queryFn: ({ signal }) => api.get<{ alias: string; name: string }[]>('/api/v1/segments', { signal }),
    select: (list) => list.map((s) => ({ value: s.alias, label: `${s.name} (${s.alias})` })),
  });
}

export function WebhooksPanel({ segment }: { segment?: string }) {
  const fmt = useFormat();
  const hooks = useWebhooks();
  const [creating, create] = useDisclosure(false);
  const list = (hooks.data ?? []).filter((w) => !segment || w.segments === null || w.segments.includes(segment));
  return (
    <Stack gap="md" data-testid="webhooks-panel" data-state={hooks.isLoading ? 'loading' : 'ready'}>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          {segment
            ? 'Subscriptions that are told when a contact enters or leaves this segment (those for every segment included).'
            : 'A subscription is sent segment.entered and segment.left as they happen, signed with its secret (Standard Webhooks), retried with backoff until the receiver answers 2xx.'}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={create.open}>Add webhook</Button>
      </Group>
      {hooks.isLoading ? <LoadingState label="Loading webhooks…" rows={2} />
        : hooks.error ? <ErrorState error={hooks.error} title="Could not load the webhooks" feature="Webhooks" onRetry={() => void hooks.refetch()} />
        : !list.length ? (
          <Empty
            icon={<IconWebhook size={28} />} title="No webhooks"
            description={segment ? 'No subscription hears about this segment yet.' : 'Add one to tell another system when contacts enter or leave segments.'}
          />
        ) : (
          <Stack gap="sm" data-testid="webhooks">{list.map((w) => <WebhookCard key={w.id} hook={w} fmt={fmt} />)}</Stack>
        )}
      <CreateWebhookModal opened={creating} onClose={create.close} segment={segment} />
    </Stack>
  );
}

function WebhookCard({ hook, fmt }: { hook: Webhook; fmt: Formatters }) {
  const [open, { toggle }] = useDisclosure(false);
  const [deleting, setDeleting] = useState(false);
  const test = useTestWebhook();
  const del = useDeleteWebhook();
  return (
    <Card withBorder radius="md" padding="sm" data-webhook={hook.id}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap" miw={0} style={{ flex: '1 1 300px' }}>
          <Button variant="subtle" size="compact-sm" px={4} onClick={toggle} aria-expanded={open} aria-label={open ? 'Hide the delivery log' : 'Show the delivery log'}>
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </Button>
          <Stack gap={0} miw={0}>
            <Text fw={600} size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{hook.url}</Text>
            <Text size="xs" c="dimmed">
              {hook.segments === null ? 'every segment' : hook.segments.join(', ')} · since {fmt.date(hook.createdAt)}
              {hook.pending ? ` · ${fmt.number(hook.pending)} pending` : ''}
            </Text>
          </Stack>
          {hook.disabled ? <Badge color="gray" variant="light">disabled</Badge> : null}
        </Group>
        <Group gap="xs">
          <Button
            size="xs" variant="light" leftSection={<IconSend size={14} />} loading={test.isPending}
            onClick={() => test.mutate(hook.id, {
              onSuccess: (d) => notifications.show({
                color: d.status === 'delivered' ? 'teal' : 'red',
                title: d.status === 'delivered' ? 'Test delivered' : 'Test failed',
                message: d.status === 'delivered' ? `The receiver answered ${d.responseCode} in ${d.durationMs} ms.` : d.error ?? `answered ${d.responseCode}`,
              }),
              onError: (e) => notifications.show({ color: 'red', title: 'Could not send a test', message: errorMessage(e) }),
            })}
          >Send test</Button>
          <Tooltip label="Delete this webhook">
            <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(true)} aria-label={`Delete webhook ${hook.url}`}><IconTrash size={14} /></Button>
          </Tooltip>
        </Group>
      </Group>
      <Collapse expanded={open}>
        <DeliveryLog id={hook.id} open={open} fmt={fmt} />
      </Collapse>
      <ConfirmDialog
        opened={deleting} onClose={() => setDeleting(false)} title="Delete this webhook?" confirmLabel="Delete webhook"
        onConfirm={() => del.mutateAsync(hook.id)}
      >
        Nothing more is sent to <code>{hook.url}</code>, and its delivery log is deleted with it.
      </ConfirmDialog>
    </Card>
  );
}

function DeliveryLog({ id, open, fmt }: { id: string; open: boolean; fmt: Formatters }) {
  const log = useDeliveries(id, open);
  if (!open) return null;
  if (log.isLoading) return <LoadingState label="Loading deliveries…" rows={2} />;
  if (log.error) return <ErrorState error={log.error} title="Could not load the delivery log" />;
  const list = log.data?.deliveries ?? [];
  if (!list.length) return <Text size="sm" c="dimmed" mt="sm">No delivery yet. Changes logged from now on are sent; “Send test” sends one now.</Text>;
  return (
    <Table.ScrollContainer minWidth={640} type="native" mt="sm">
      <Table verticalSpacing={4} fz="sm" aria-label="Delivery log" data-testid="delivery-log">
        <Table.Thead>
          <Table.Tr><Table.Th>When</Table.Th><Table.Th>Message</Table.Th><Table.Th>Attempt</Table.Th><Table.Th>Status</Table.Th><Table.Th>Answer</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(d.at)}</Table.Td>
              <Table.Td><Text size="xs" ff="monospace">{d.changeId === null ? 'test' : `change ${d.changeId}`}</Text></Table.Td>
              <Table.Td>{d.attempt}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={d.status === 'delivered' ? 'teal' : d.status === 'retrying' ? 'yellow' : 'red'}>{d.status}</Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{d.responseCode ?? '—'} · {fmt.number(d.durationMs)} ms{d.error ? ` · ${d.error}` : ''}{d.nextAttemptAt ? ` · next ${fmt.relative(d.nextAttemptAt, Date.now())}` : ''}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CreateWebhookModal({ opened, onClose, segment }: { opened: boolean; onClose: () => void; segment?: string }) {
  const create = useCreateWebhook();
  const segments = useSegmentOptions();
  const [url, setUrl] = useState('');
  const [aliases, setAliases] = useState<string[]>(segment ? [segment] : []);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const close = () => { setCreated(null); setUrl(''); setAliases(segment ? [segment] : []); create.reset(); onClose(); };
  const fieldError = (path: string) => (create.error instanceof ApiError ? create.error.all.find((i) => i.path.startsWith(path))?.message : undefined);
  return (
    <Modal opened={opened} onClose={close} title={created ? 'Webhook added' : 'Add a webhook'} size="lg" centered>
      {created ? (
        <Stack>
          <Text size="sm">Deliveries to <code>{created.url}</code> are signed with this secret. Verify them with any Standard Webhooks library.</Text>
          <SecretOnce label="Signing secret" secret={created.secret} />
          <Group justify="flex-end"><Button onClick={close}>Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); create.mutate({ url: url.trim(), segments: aliases.length ? aliases : null }, { onSuccess: setCreated }); }}>
          <Stack>
            <TextInput
              label="Receiver URL" placeholder="https://example.com/hooks/segmint" required type="url" data-autofocus
              value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={fieldError('body.url')}
            />
            <MultiSelect
              label="Segments" description="Leave empty for every segment" placeholder={aliases.length ? undefined : 'Every segment'} searchable clearable
              data={segments.data ?? []} value={aliases} onChange={setAliases} error={fieldError('body.segments')}
            />
            {create.error && !fieldError('body.') ? <ErrorState error={create.error} title="Refused" /> : null}
            <Text size="xs" c="dimmed">
              Only changes logged from now on are sent. The full protocol is in <Anchor component={Link} to="/settings?tab=webhooks" size="xs">Settings → Webhooks</Anchor> and docs/webhooks.md.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={create.isPending}>Add webhook</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
