import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { errorMessage } from '@/lib/api-client';
import { useTemplates, type TemplateChoice } from '../hooks/useTemplates';

// A dozen everyday starting points, adapted to the workspace. Picking one opens it in the
// editor, where everything can be changed before it is saved.

export function TemplatePicker({ onPick }: { onPick: (t: TemplateChoice) => void }) {
  const { templates, isLoading, error } = useTemplates();
  if (isLoading) return <Group justify="center" p="lg"><Loader size="sm" /><Text size="sm">Loading templates…</Text></Group>;
  if (error) return <Alert color="red" title="Templates could not be loaded">{errorMessage(error)}</Alert>;
  if (!templates.length) return <Text c="dimmed">No templates.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" role="list" aria-label="Templates">
      {templates.map((t) => (
        <UnstyledButton key={t.id} onClick={() => onPick(t)} role="listitem" aria-label={`Start from template: ${t.title}`} data-template={t.id}>
          <Card withBorder padding="sm" radius="md" h="100%" className="segmint-template-card">
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600} size="sm">{t.title}</Text>
                {t.category && <Badge size="xs" variant="light" color="gray">{t.category}</Badge>}
              </Group>
              <Text size="xs" c="dimmed">{t.summary}</Text>
              {t.notes.length > 0 && <Text size="xs" c="orange.8">Needs a choice: {t.notes[0]}</Text>}
            </Stack>
          </Card>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}
