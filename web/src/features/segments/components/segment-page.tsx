import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Code, Group, Menu, Paper, SimpleGrid, Tabs, Text, Tooltip } from '@mantine/core';
import {
  IconChartAreaLine, IconChevronDown, IconClockHour4, IconCopy, IconHistory, IconPencil, IconRefresh, IconTrash, IconUsers, IconWebhook,
} from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { useFormat } from '@/lib/workspace';
import { prefetchSegmentPage, segmentTab, type SegmentTab } from '../api/prefetch';
import { useSegment, useSegments, usedBy, referencedAliases } from '../api/segments';
import { MembersPanel } from './members-panel';
import { DeleteSegmentDialog, useSegmentCommands } from './segment-actions';
import { CategoryBadge, KindBadge } from './segments-page';
import { UpcomingPanel } from './upcoming-panel';
import { VersionsPanel } from './versions-panel';

// Charts load with the tab that shows them.
const AnalyticsPanel = lazy(() => import('./analytics-panel').then((m) => ({ default: m.AnalyticsPanel })));

// One segment: what it is, its members, how it changed and will change, its saved
// versions and the webhooks that hear about it.

export function SegmentPage({ alias, webhooks }: { alias: string; webhooks?: ReactNode }) {
  const fmt = useFormat();
  const segment = useSegment(alias);
  const all = useSegments();
  const cmd = useSegmentCommands(fmt);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: SegmentTab = segmentTab(params.get('tab'));
  const [deleting, setDeleting] = useState(false);
  const qc = useQueryClient();
  // The open tab's data beside the segment, not after it (the router has usually asked already).
  const firstTab = useRef(tab);
  useEffect(() => { prefetchSegmentPage(qc, alias, firstTab.current); }, [qc, alias]);

  if (segment.isLoading) return <Page title="Segment" crumbs={[{ label: 'Segments', to: '/segments' }, { label: alias }]}><LoadingState label="Loading the segment…" /></Page>;
  if (segment.error || !segment.data) {
    return (
      <Page title={alias} crumbs={[{ label: 'Segments', to: '/segments' }, { label: alias }]}>
        <ErrorState error={segment.error} title="Could not load this segment" onRetry={() => void segment.refetch()} />
      </Page>
    );
  }
  const s = segment.data;
  const referrers = usedBy(all.data ?? []).get(alias) ?? [];
  const refs = referencedAliases(s.condition);
  const nameOf = (a: string) => all.data?.find((x) => x.alias === a)?.name ?? a;

  return (
    <Page
      title={s.name}
      crumbs={[{ label: 'Segments', to: '/segments' }, { label: s.name }]}
      subtitle={(
        <Group gap={8} wrap="wrap">
          <Code>{s.alias}</Code>
          <KindBadge kind={s.kind} />
          {s.category ? <CategoryBadge category={s.category} /> : null}
          {s.description ? <Text size="sm" c="dimmed">{s.description}</Text> : null}
        </Group>
      )}
      actions={(
        <>
          <Button component={Link} to={`/segments/${alias}/edit`} leftSection={<IconPencil size={16} />}>Edit</Button>
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={cmd.rebuilding === alias} onClick={() => cmd.rebuild(s)}>Rebuild now</Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" rightSection={<IconChevronDown size={14} />}>More</Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => cmd.duplicate(s)}>Duplicate</Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>Delete…</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </>
      )}
    >
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing={{ base: 'xs', sm: 'md' }}>
        <Paper withBorder p="md" radius="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Members</Text>
          <Text fz={32} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="segment-members" aria-live="polite">{fmt.number(s.members)}</Text>
          <Text size="xs" c="dimmed">updates live</Text>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Last computed</Text>
          <Tooltip label={fmt.dateTime(s.computedAt)}><Text fz="lg" fw={600} mt={6}>{s.computedAt ? fmt.relative(s.computedAt) : 'never'}</Text></Tooltip>
          <Text size="xs" c="dimmed">a full rebuild; between rebuilds every change of data or time applies at once</Text>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>Used by</Text>
          {referrers.length ? (
            <Group gap={6} mt={6}>{referrers.map((r) => <Badge key={r.alias} component={Link} to={`/segments/${r.alias}`} variant="light" style={{ cursor: 'pointer' }}>{r.name}</Badge>)}</Group>
          ) : <Text fz="sm" mt={6} c="dimmed">No other segment refers to this one</Text>}
          {refs.length ? <Text size="xs" c="dimmed" mt={6}>Refers to {refs.map(nameOf).join(', ')}</Text> : null}
        </Paper>
      </SimpleGrid>

      <Card withBorder radius="md" padding="md">
        <Group justify="space-between" mb={6}>
          <Text fw={600} size="sm">Definition</Text>
          <Text size="xs" c="dimmed">updated {fmt.dateTime(s.updatedAt)}</Text>
        </Group>
        {s.kind === 'manual' ? <Text size="sm" c="dimmed">A manual segment: only the contacts included by hand.</Text>
          : s.dsl ? <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="segment-dsl">{s.dsl}</Code>
          : <Text size="sm" c="dimmed">No condition: nobody matches.</Text>}
      </Card>

      <Tabs value={tab} onChange={(v) => setParams((p) => { const n = new URLSearchParams(p); n.set('tab', v ?? 'members'); return n; }, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>Members</Tabs.Tab>
          <Tabs.Tab value="analytics" leftSection={<IconChartAreaLine size={16} />}>Analytics</Tabs.Tab>
          <Tabs.Tab value="upcoming" leftSection={<IconClockHour4 size={16} />}>Upcoming</Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>History</Tabs.Tab>
          <Tabs.Tab value="webhooks" leftSection={<IconWebhook size={16} />}>Webhooks</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="members" pt="md"><MembersPanel segment={s} fmt={fmt} /></Tabs.Panel>
        <Tabs.Panel value="analytics" pt="md"><Suspense fallback={<LoadingState label="Loading charts…" />}><AnalyticsPanel segment={s} fmt={fmt} /></Suspense></Tabs.Panel>
        <Tabs.Panel value="upcoming" pt="md"><UpcomingPanel segment={s} fmt={fmt} /></Tabs.Panel>
        <Tabs.Panel value="history" pt="md"><VersionsPanel segment={s} fmt={fmt} /></Tabs.Panel>
        <Tabs.Panel value="webhooks" pt="md">{webhooks}</Tabs.Panel>
      </Tabs>

      <DeleteSegmentDialog segment={s} referrers={referrers} opened={deleting} onClose={() => setDeleting(false)} onDeleted={() => void navigate('/segments')} />
    </Page>
  );
}
