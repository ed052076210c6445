import { useState } from 'react';
import { Box, Group, Loader, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUser } from '@tabler/icons-react';
import { useContactSearch, type ContactHit } from '@/lib/contact-lookup';
import { errorMessage } from '@/lib/api-client';

// Type to find a contact; the results are a list of buttons (arrow keys or Tab, Enter).

export function ContactPicker({ label = 'Find a contact', onPick, autoFocus }: { label?: string; onPick: (c: ContactHit) => void; autoFocus?: boolean }) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text, 250);
  const search = useContactSearch(q);
  const hits = search.data ?? [];
  return (
    <Stack gap="xs">
      <TextInput
        label={label}
        description={search.searchable ? 'Search by id, email or name' : 'Type the contact’s id exactly'}
        placeholder={search.searchable ? 'c0000042, anna@example.com, Anna Keller' : 'c0000042'}
        leftSection={<IconSearch size={16} />}
        rightSection={search.isFetching ? <Loader size="xs" /> : null}
        value={text}
        data-autofocus={autoFocus || undefined}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && hits.length === 1) onPick(hits[0]); }}
      />
      {search.error ? <Text size="sm" c="red">{errorMessage(search.error)}</Text> : null}
      {q && !search.isFetching && !search.error && !hits.length ? <Text size="sm" c="dimmed">No contact {search.searchable ? 'matches' : 'has this id'}.</Text> : null}
      {hits.length ? (
        <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Contacts found">
          {hits.map((h) => (
            <li key={h.id}>
              <UnstyledButton onClick={() => onPick(h)} p={6} w="100%" style={{ borderRadius: 6 }} className="hover-row" aria-label={`Pick ${h.name ?? h.email ?? h.id} (${h.id})`}>
                <Group gap="xs" wrap="nowrap">
                  <IconUser size={16} />
                  <Text size="sm" fw={500}>{h.name ?? h.email ?? h.id}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">{h.id}</Text>
                  {h.name && h.email ? <Text size="xs" c="dimmed" truncate>{h.email}</Text> : null}
                </Group>
              </UnstyledButton>
            </li>
          ))}
        </Box>
      ) : null}
    </Stack>
  );
}
