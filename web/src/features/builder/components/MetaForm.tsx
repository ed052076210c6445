import { Autocomplete, Grid, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';

// Name, alias, description, category and kind of a segment.

export interface Meta {
  readonly name: string;
  readonly alias: string;
  /** The alias was typed by hand: stop deriving it from the name. */
  readonly aliasEdited: boolean;
  readonly description: string;
  readonly category: string;
  readonly kind: 'dynamic' | 'manual';
}

export function MetaForm({ meta, onChange, editing, aliasNote, aliasError, nameError, categories }: {
  meta: Meta; onChange: (m: Meta) => void; editing: boolean; aliasNote?: string | null; aliasError?: string | null; nameError?: string | null;
  categories: readonly string[];
}) {
  return (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <TextInput
          id="segment-name" label="Name" required value={meta.name} error={nameError ?? undefined} placeholder="e.g. Zürich shoe buyers"
          onChange={(e) => onChange({ ...meta, name: e.currentTarget.value })} data-autofocus
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <TextInput
          id="segment-alias" label="Alias" value={meta.alias} disabled={editing} error={aliasError ?? undefined}
          description={editing ? 'The alias of a saved segment does not change.' : aliasNote ?? 'Used in "in segment …", the API and exports. Made from the name; you can change it.'}
          onChange={(e) => onChange({ ...meta, alias: e.currentTarget.value, aliasEdited: true })}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      </Grid.Col>
      <Grid.Col span={12}>
        <Textarea
          label="Description" value={meta.description} autosize minRows={1} maxRows={4} placeholder="What this segment is for"
          onChange={(e) => onChange({ ...meta, description: e.currentTarget.value })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <Autocomplete
          label="Category" value={meta.category} data={[...categories]} placeholder="Pick one or type a new one"
          onChange={(category) => onChange({ ...meta, category })}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="segment-kind-label">Kind</Text>
          <SegmentedControl
            aria-labelledby="segment-kind-label" value={meta.kind} onChange={(k) => onChange({ ...meta, kind: k as Meta['kind'] })}
            data={[{ value: 'dynamic', label: 'Dynamic' }, { value: 'manual', label: 'Manual' }]}
          />
          <Text size="xs" c="dimmed">
            {meta.kind === 'dynamic' ? 'Members are the contacts the condition matches, kept up to date as data arrives and time passes.' : 'Members are the contacts you include by hand.'}
          </Text>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
