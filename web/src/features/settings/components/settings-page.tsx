import { useState, type ReactNode } from 'react';
import {
  Badge, Button, Card, Group, Modal, Select, Stack, Table, Tabs, Text, TextInput, Title, SegmentedControl,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus, IconSettings, IconWebhook } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '@/components/confirm';
import { Page } from '@/components/page';
import { SecretOnce } from '@/components/secret-once';
import { ErrorState, LoadingState } from '@/components/states';
import { errorMessage } from '@/lib/api-client';
import { useFormat, useSettings } from '@/lib/workspace';
import { useCreateKey, useKeys, useRevokeKey, useSaveSettings, type ApiKey, type CreatedKey } from '../api/settings';

// Workspace settings: the time zone, API keys (a new one shown once; revoke), and the
// webhook subscriptions (the webhooks feature's panel, handed in by the app).

const TABS = ['general', 'keys', 'webhooks'] as const;

export function SettingsPage({ webhooks }: { webhooks?: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') as typeof TABS[number]) ? params.get('tab') as string : 'general';
  return (
    <Page title="Settings">
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? 'general' }, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="general" leftSection={<IconSettings size={16} />}>Workspace</Tabs.Tab>
          <Tabs.Tab value="keys" leftSection={<IconKey size={16} />}>API keys</Tabs.Tab>
          <Tabs.Tab value="webhooks" leftSection={<IconWebhook size={16} />}>Webhooks</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="general" pt="lg"><TimezoneCard /></Tabs.Panel>
        <Tabs.Panel value="keys" pt="lg"><KeysCard /></Tabs.Panel>
        <Tabs.Panel value="webhooks" pt="lg">{webhooks}</Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function zones(): string[] {
  try {
    const list = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    return list.includes('UTC') ? list : ['UTC', ...list];
  } catch {
    return ['UTC'];
  }
}

function TimezoneCard() {
  const settings = useSettings();
  const save = useSaveSettings();
  const fmt = useFormat();
  const [tz, setTz] = useState<string | null>(null);
  if (settings.isLoading) return <LoadingState rows={1} />;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const current = settings.data?.timezone ?? 'UTC';
  const value = tz ?? current;
  return (
    <Card withBorder radius="md" maw={640}>
      <Title order={2} fz="md" mb={4}>Time zone</Title>
      <Text size="sm" c="dimmed" mb="md">
        Calendar words (today, this month), ages, birthdays and day-long windows are counted in it, and dates without an offset are read in it. Pages show times in it too: it is {fmt.dateTime(fmt.now())} there now.
      </Text>
      <form onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ timezone: value }, {
          onSuccess: (s) => { setTz(null); notifications.show({ color: 'teal', title: 'Time zone saved', message: `The workspace now counts days in ${s.timezone}.` }); },
          onError: (err) => notifications.show({ color: 'red', title: 'Refused', message: errorMessage(err) }),
        });
      }}>
        <Group align="flex-end" wrap="wrap">
          <Select label="Workspace time zone" data={zones()} value={value} onChange={setTz} searchable allowDeselect={false} w={320} maxDropdownHeight={280} />
          <Button type="submit" loading={save.isPending} disabled={value === current}>Save</Button>
        </Group>
      </form>
    </Card>
  );
}

function KeysCard() {
  const keys = useKeys();
  const fmt = useFormat();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useRevokeKey();
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Admin keys can do everything; write keys can only send contacts and events (/v1 tracking, POST contacts and events), so they can ship inside a website or an app.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>Create key</Button>
      </Group>
      {keys.isLoading ? <LoadingState rows={3} />
        : keys.error ? <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
        : (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table verticalSpacing="sm" aria-label="API keys" data-testid="keys-table">
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Role</Table.Th><Table.Th>Created</Table.Th><Table.Th>Last used</Table.Th><Table.Th>Status</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {(keys.data ?? []).map((k) => (
                  <Table.Tr key={k.id} data-key={k.id} c={k.revokedAt ? 'dimmed' : undefined}>
                    <Table.Td><Text size="sm" fw={500}>{k.name ?? '—'}</Text><Text size="xs" c="dimmed" ff="monospace">{k.id}</Text></Table.Td>
                    <Table.Td><Badge variant="light" color={k.role === 'admin' ? 'indigo' : 'gray'}>{k.role}</Badge></Table.Td>
                    <Table.Td fz="sm">{fmt.date(k.createdAt)}</Table.Td>
                    <Table.Td fz="sm">{k.lastUsedAt ? fmt.relative(k.lastUsedAt, Date.now()) : 'never'}</Table.Td>
                    <Table.Td>{k.revokedAt ? <Badge color="red" variant="light">revoked {fmt.date(k.revokedAt)}</Badge> : <Badge color="teal" variant="light">active</Badge>}</Table.Td>
                    <Table.Td>{!k.revokedAt ? <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name ?? k.id}`}>Revoke</Button> : null}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      <CreateKeyModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={revoking !== null} onClose={() => setRevoking(null)} title={`Revoke ${revoking?.name ?? revoking?.id ?? ''}?`} confirmLabel="Revoke key"
        onConfirm={() => revoke.mutateAsync(revoking?.id ?? '')}
      >
        Every request with this key is refused from now on. If this browser signed in with it, you will be asked to sign in again.
      </ConfirmDialog>
    </Stack>
  );
}

function CreateKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'write'>('write');
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const close = () => { setCreated(null); setName(''); create.reset(); onClose(); };
  return (
    <Modal opened={opened} onClose={close} title={created ? 'Key created' : 'Create an API key'} centered size="lg">
      {created ? (
        <Stack>
          <SecretOnce label={`${created.role === 'admin' ? 'Admin' : 'Write'} key`} secret={created.key} />
          <Group justify="flex-end"><Button onClick={close}>Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); create.mutate({ role, ...(name.trim() ? { name: name.trim() } : {}) }, { onSuccess: setCreated }); }}>
          <Stack>
            <TextInput label="Name" description="Where it will be used, e.g. “website tracking”" value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="key-role">Role</Text>
              <SegmentedControl aria-labelledby="key-role" value={role} onChange={(v) => setRole(v === 'admin' ? 'admin' : 'write')} data={[{ value: 'write', label: 'Write (send data only)' }, { value: 'admin', label: 'Admin (everything)' }]} />
            </Stack>
            {create.error ? <ErrorState error={create.error} title="Refused" /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={create.isPending}>Create key</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
