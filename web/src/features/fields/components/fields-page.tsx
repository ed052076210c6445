import { useState } from 'react';
import {
  ActionIcon, Badge, Box, Button, Card, Code, Group, Modal, Select, Stack, Table, TagsInput, Text, TextInput, Title, Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { ApiError } from '@/lib/api-client';
import { fieldLabel, useFields, type Field } from '@/lib/workspace';
import { useSaveField, type FieldDef } from '../api/fields';
import { TYPE_RULES, typeLabel } from './type-rules';

// Field settings: every field a condition may name — system, computed and custom — and
// declaring or changing the custom ones.

const KEY = /^[a-z][a-z0-9_]{0,62}$/;
const keyFrom = (label: string): string => label.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, 'f_$1').slice(0, 63);

export function FieldsPage() {
  const fields = useFields();
  const [editing, setEditing] = useState<Field | 'new' | null>(null);
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const list = fields.data ?? [];
  const custom = list.filter((f) => !f.system && !f.computed);
  return (
    <Page
      title="Fields"
      subtitle="What a contact can hold. Conditions, imports and the API check every value against its field’s type."
      actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>Add field</Button>}
    >
      {fields.isLoading ? <LoadingState label="Loading fields…" />
        : fields.error ? <ErrorState error={fields.error} title="Could not load the fields" onRetry={() => void fields.refetch()} />
        : (
          // A narrow window: key and kind under the label, options under the type, the edit
          // button in sight; nothing left off to the side.
          <Table.ScrollContainer minWidth={narrow ? 300 : 720} type="native">
            <Table verticalSpacing="sm" highlightOnHover aria-label="Fields" data-testid="fields-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  {narrow ? null : <Table.Th>Key</Table.Th>}
                  <Table.Th>Type</Table.Th>
                  {narrow ? null : <><Table.Th>Options</Table.Th><Table.Th>Kind</Table.Th></>}
                  <Table.Th w={48} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((f) => {
                  const kind = <Badge variant="light" color={f.computed ? 'indigo' : f.system ? 'gray' : 'teal'} radius="sm">{f.computed ? 'computed' : f.system ? 'system' : 'custom'}</Badge>;
                  const options = f.options?.length
                    ? <Group gap={4}>{f.options.slice(0, 8).map((o) => <Badge key={o} variant="light" color="gray" radius="sm" tt="none">{o}</Badge>)}{f.options.length > 8 ? <Text size="xs" c="dimmed">+{f.options.length - 8}</Text> : null}</Group>
                    : null;
                  return (
                    <Table.Tr key={f.key} data-field={f.key}>
                      <Table.Td fw={500}>
                        {fieldLabel(f)}
                        {narrow ? <Group gap={6} mt={4}><Code>{f.key}</Code>{kind}</Group> : null}
                      </Table.Td>
                      {narrow ? null : <Table.Td><Code>{f.key}</Code></Table.Td>}
                      <Table.Td>
                        {typeLabel(f.type)}
                        {narrow && options ? <Box mt={4}>{options}</Box> : null}
                      </Table.Td>
                      {narrow ? null : (
                        <>
                          <Table.Td maw={320}>{options ?? <Text size="sm" c="dimmed">—</Text>}</Table.Td>
                          <Table.Td>{kind}</Table.Td>
                        </>
                      )}
                      <Table.Td>
                        {!f.system && !f.computed ? (
                          <Tooltip label="Edit label and options">
                            <ActionIcon variant="subtle" color="gray" aria-label={`Edit field ${f.key}`} onClick={() => setEditing(f)}><IconPencil size={16} /></ActionIcon>
                          </Tooltip>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      {fields.data && !custom.length ? <Text size="sm" c="dimmed">No custom fields yet: add one, or let an import declare them from its columns.</Text> : null}

      <Card withBorder radius="md">
        <Title order={2} fz="md" mb="sm">Types and their rules</Title>
        {/* A narrow window shows a type's conditions under what it accepts: no third column cut at the edge. */}
        <Table.ScrollContainer minWidth={narrow ? 300 : 640} type="native">
          <Table verticalSpacing={6} fz="sm" aria-label="Field types">
            <Table.Thead><Table.Tr><Table.Th>Type</Table.Th><Table.Th>Accepts</Table.Th>{narrow ? null : <Table.Th>Conditions</Table.Th>}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {TYPE_RULES.map((r) => (
                <Table.Tr key={r.type}>
                  <Table.Td><Text size="sm" fw={500}>{r.label}</Text><Code>{r.type}</Code></Table.Td>
                  <Table.Td>{r.accepts}{narrow ? <Text size="xs" c="dimmed" mt={4}>Conditions: {r.conditions}</Text> : null}</Table.Td>
                  {narrow ? null : <Table.Td>{r.conditions}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt="sm">A value that does not fit its field is refused with the field, the value and the expected type named; the rest of the row is not applied. A field’s type can change only while no contact holds a value in it.</Text>
      </Card>

      <FieldModal key={editing === null ? 'closed' : editing === 'new' ? 'new' : editing.key} field={editing} existing={list} onClose={() => setEditing(null)} />
    </Page>
  );
}

function FieldModal({ field, existing, onClose }: { field: Field | 'new' | null; existing: readonly Field[]; onClose: () => void }) {
  const isNew = field === 'new';
  const f = field && field !== 'new' ? field : null;
  const save = useSaveField();
  const [label, setLabel] = useState(f?.label ?? '');
  const [key, setKeyText] = useState(f?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(false);
  const [type, setType] = useState<string>(f?.type ?? 'text');
  const [options, setOptions] = useState<string[]>(f?.options ?? []);
  const effectiveKey = isNew && !keyTouched ? keyFrom(label) : key;
  const taken = isNew && existing.some((x) => x.key === effectiveKey);
  const keyError = !effectiveKey ? undefined : !KEY.test(effectiveKey) ? 'Lower-case letters, digits and _, starting with a letter' : taken ? 'A field with this key exists' : undefined;
  const needsOptions = type === 'select' || type === 'multiselect';
  const serverError = (path: string) => (save.error instanceof ApiError ? save.error.all.find((i) => i.path.startsWith(path))?.message : undefined);
  const submit = () => {
    const def = { key: effectiveKey, label: label.trim() || effectiveKey, type, ...(needsOptions ? { options } : {}) } as FieldDef;
    save.mutate(def, {
      onSuccess: () => { notifications.show({ color: 'teal', title: isNew ? 'Field added' : 'Field saved', message: `${def.label} (${def.key})` }); onClose(); },
    });
  };
  return (
    <Modal opened={field !== null} onClose={onClose} title={isNew ? 'Add a field' : `Edit ${f?.key ?? ''}`} centered size="lg">
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack>
          <TextInput label="Label" description="What people read" value={label} onChange={(e) => setLabel(e.currentTarget.value)} required data-autofocus error={serverError('body.label')} />
          <TextInput
            label="Key" description="What imports, the API and conditions use; cannot change later" value={effectiveKey} disabled={!isNew}
            onChange={(e) => { setKeyTouched(true); setKeyText(e.currentTarget.value); }} error={keyError ?? serverError('body.key')} ff="monospace"
          />
          <Select
            label="Type" data={TYPE_RULES.map((r) => ({ value: r.type, label: `${r.label} (${r.type})` }))} value={type} allowDeselect={false}
            onChange={(v) => setType(v ?? 'text')} description={TYPE_RULES.find((r) => r.type === type)?.accepts} error={serverError('body.type')}
          />
          {!isNew && f && type !== f.type ? <Text size="xs" c="orange.8">The type can change only while no contact holds a value in this field; the server refuses otherwise.</Text> : null}
          {needsOptions ? (
            <TagsInput
              label="Options" description="Type an option and press Enter" value={options} onChange={setOptions} clearable
              error={serverError('body.options') ?? (options.length ? undefined : 'A list field needs at least one option')}
            />
          ) : null}
          {save.error && !serverError('body.') ? <ErrorState error={save.error} title="Refused" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending} disabled={!effectiveKey || !!keyError || (needsOptions && !options.length)}>{isNew ? 'Add field' : 'Save'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
