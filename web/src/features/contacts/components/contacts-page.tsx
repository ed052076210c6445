import { useState } from 'react';
import { Anchor, Badge, Card, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconUser } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { ContactPicker } from '@/components/contact-picker';
import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { useFormat } from '@/lib/workspace';
import { useSegmentCounts } from '../api/contacts';
import { recentContacts } from './recent';

// Find a contact and open it; the ones opened lately stay at hand.

export function ContactsPage() {
  const navigate = useNavigate();
  const [recent] = useState(recentContacts);
  return (
    <Page title="Contacts" subtitle="Open a contact to see its fields, events, segments and why it is in each.">
      <Paper withBorder radius="md" p="md" maw={640}>
        <ContactPicker label="Find a contact" autoFocus onPick={(c) => void navigate(`/contacts/${encodeURIComponent(c.id)}`)} />
      </Paper>
      <Stack gap="sm">
        <Title order={2} fz="md">Opened lately</Title>
        {recent.length ? (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            {recent.map((c) => (
              <Card key={c.id} withBorder radius="md" padding="sm" component={Link} to={`/contacts/${encodeURIComponent(c.id)}`} aria-label={`Open ${c.name ?? c.email ?? c.id}`}>
                <Group gap="xs" wrap="nowrap">
                  <IconUser size={18} />
                  <Stack gap={0} miw={0}>
                    <Text size="sm" fw={600} truncate>{c.name ?? c.email ?? c.id}</Text>
                    <Text size="xs" c="dimmed" ff="monospace" truncate>{c.id}{c.name && c.email ? ` · ${c.email}` : ''}</Text>
                  </Stack>
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        ) : (
          <Text size="sm" c="dimmed">
            None yet. Contacts are also one click away from a segment’s <Anchor component={Link} to="/segments" size="sm">members</Anchor>.
          </Text>
        )}
      </Stack>
      <BySegment />
    </Page>
  );
}

function BySegment() {
  const segments = useSegmentCounts();
  const fmt = useFormat();
  return (
    <Stack gap="sm">
      <Title order={2} fz="md">Browse by segment</Title>
      {segments.isLoading ? <LoadingState rows={2} />
        : segments.error ? <ErrorState error={segments.error} onRetry={() => void segments.refetch()} />
        : !segments.data?.length ? <Text size="sm" c="dimmed">No segments yet.</Text>
        : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
            {segments.data.map((s) => (
              <UnstyledButton key={s.alias} component={Link} to={`/segments/${s.alias}`} className="hover-row" p="xs" style={{ borderRadius: 8 }} aria-label={`Members of ${s.name}: ${fmt.number(s.members)}`}>
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm" fw={500} truncate>{s.name}</Text>
                  <Badge variant="light" color="gray">{fmt.number(s.members)}</Badge>
                </Group>
              </UnstyledButton>
            ))}
          </SimpleGrid>
        )}
    </Stack>
  );
}
