import { useMemo, useState } from 'react';
import { Badge, Box, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconHistory, IconRestore } from '@tabler/icons-react';
import { ConfirmDialog } from '@/components/confirm';
import { Empty, ErrorState, LoadingState } from '@/components/states';
import { outline, type Node } from '@/lib/condition-text';
import { diffLines } from '@/lib/diff';
import type { Formatters } from '@/lib/format';
import { savedBy, useRestoreVersion, useVersions, type Version } from '../api/versions';
import type { SegmentDetail } from '../api/segments';

// Every saved version of the definition: when, by which key, a readable diff between
// any two, and restore (saved as a new version, so nothing is lost).

function lines(v: Version): string[] {
  const d = v.definition;
  return [
    `name: ${d.name}`,
    `description: ${d.description ?? '—'}`,
    `category: ${d.category ?? '—'}`,
    `kind: ${d.kind}`,
    ...(d.kind === 'manual' ? [] : ['condition:', ...outline(d.condition as Node | null, 1)]),
  ];
}

export function VersionsPanel({ segment, fmt }: { segment: SegmentDetail; fmt: Formatters }) {
  const versions = useVersions(segment.alias);
  const restore = useRestoreVersion(segment.alias);
  const list = versions.data ?? [];
  const [fromV, setFrom] = useState<string | null>(null);
  const [toV, setTo] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<Version | null>(null);
  // A narrow window: who saved under when, no name column (the differences show it), the
  // actions one above the other — all in sight without scrolling sideways.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const latest = list.find((v) => v.current) ?? list[0];
  const from = list.find((v) => String(v.version) === fromV) ?? list[1] ?? latest;
  const to = list.find((v) => String(v.version) === toV) ?? latest;
  const diff = useMemo(() => (from && to ? diffLines(lines(from), lines(to)) : []), [from, to]);
  const options = list.map((v) => ({ value: String(v.version), label: `Version ${v.version} · ${fmt.dateTime(v.savedAt)}` }));

  if (versions.isLoading) return <LoadingState label="Loading versions…" />;
  if (versions.error) return <ErrorState error={versions.error} title="Could not load the versions" feature="Definition history" onRetry={() => void versions.refetch()} />;
  if (!list.length) return <Empty icon={<IconHistory size={28} />} title="No saved versions" description="Each save of the definition is kept here." />;
  const changed = diff.some((d) => d.kind !== 'same');
  return (
    <Stack gap="lg">
      <Table.ScrollContainer minWidth={narrow ? 300 : 620} type="native">
        <Table verticalSpacing="xs" aria-label="Saved versions" data-testid="versions-table">
          <Table.Thead>
            <Table.Tr><Table.Th>Version</Table.Th><Table.Th>Saved</Table.Th>{narrow ? null : <><Table.Th>By</Table.Th><Table.Th>Name</Table.Th></>}<Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((v) => (
              <Table.Tr key={v.version} data-version={v.version}>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm" fw={600}>{v.version}</Text>
                    {v.current ? <Badge size="xs" variant="light">current</Badge> : null}
                    {v.restoredFrom !== null ? <Badge size="xs" variant="outline" color="gray">restored {v.restoredFrom}</Badge> : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{fmt.dateTime(v.savedAt)}</Text>
                  {narrow ? <Text size="xs" c="dimmed" title={v.savedBy.id}>by {savedBy(v)}</Text> : null}
                </Table.Td>
                {narrow ? null : (
                  <>
                    <Table.Td><Text size="sm" title={v.savedBy.id}>{savedBy(v)}</Text></Table.Td>
                    <Table.Td><Text size="sm">{v.definition.name}</Text></Table.Td>
                  </>
                )}
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap={narrow ? 'wrap' : 'nowrap'}>
                    {!v.current ? (
                      <Button size="xs" variant="subtle" onClick={() => { setFrom(String(v.version)); setTo(String(latest.version)); }} aria-label={`Compare version ${v.version} with current`}>
                        {narrow ? 'Compare' : 'Compare with current'}
                      </Button>
                    ) : null}
                    {!v.current ? (
                      <Button size="xs" variant="light" leftSection={<IconRestore size={14} />} onClick={() => setRestoring(v)} aria-label={`Restore version ${v.version}`}>Restore</Button>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Paper withBorder radius="md" p="md">
        <Title order={3} fz="md" mb="sm">Differences</Title>
        <Group gap="sm" mb="md" wrap="wrap">
          <Select label="From" data={options} value={from ? String(from.version) : null} onChange={setFrom} allowDeselect={false} w={300} />
          <Select label="To" data={options} value={to ? String(to.version) : null} onChange={setTo} allowDeselect={false} w={300} />
        </Group>
        {!changed ? <Text size="sm" c="dimmed">These two versions are the same.</Text> : (
          <Box component="pre" m={0} p="sm" fz="sm" ff="monospace" style={{ background: 'var(--mantine-color-gray-0)', borderRadius: 6, overflowX: 'auto' }} aria-label="Differences between the versions" data-testid="version-diff">
            {diff.map((d, i) => (
              <Box
                key={i} component="div"
                style={{
                  background: d.kind === 'added' ? 'var(--mantine-color-teal-1)' : d.kind === 'removed' ? 'var(--mantine-color-red-1)' : undefined,
                  whiteSpace: 'pre-wrap',
                }}
              >
                <span aria-label={d.kind === 'same' ? undefined : d.kind} style={{ display: 'inline-block', width: '2ch' }}>{d.kind === 'added' ? '+' : d.kind === 'removed' ? '−' : ' '}</span>
                <span style={{ textDecoration: d.kind === 'removed' ? 'line-through' : undefined }}>{d.text}</span>
              </Box>
            ))}
          </Box>
        )}
      </Paper>

      <ConfirmDialog
        opened={restoring !== null} onClose={() => setRestoring(null)} color="teal"
        title={`Restore version ${restoring?.version ?? ''}?`} confirmLabel="Restore this version"
        onConfirm={async () => {
          if (!restoring) return;
          await restore.mutateAsync(restoring.version);
          notifications.show({ color: 'teal', title: 'Restored', message: `The definition of version ${restoring.version} is saved as the newest version; members follow.` });
        }}
      >
        The definition of version {restoring?.version} ({restoring ? fmt.dateTime(restoring.savedAt) : ''}) is saved again as a new version.
        Members are recomputed at once; the versions in between stay in the history.
      </ConfirmDialog>
    </Stack>
  );
}
