import { useMemo, type ReactNode } from 'react';
import {
  Anchor, Badge, Button, Card, Code, Group, Input, SegmentedControl, Select, Stack, Table, Text, TextInput, Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '@/components/page';
import { compareValues, SortHeader, type SortState } from '@/components/sort-header';
import { Empty, ErrorState, LoadingState } from '@/components/states';
import { useFormat } from '@/lib/workspace';
import type { Formatters } from '@/lib/format';
import { useWeekTrends, type History } from '../api/analytics';
import { useSegments, usedBy, type Segment } from '../api/segments';
import { useRecentActivity, type RecentActivity } from '../hooks/use-live-counts';
import { SegmentRowMenu } from './segment-actions';
import { WeekTrend } from './trend';

// The segment list: every segment with its live member count, its last week, when it was
// computed and which segments use it; searchable, filterable by category and kind, sortable.

const NO_TRENDS: ReadonlyMap<string, History> = new Map();

type SortKey = 'name' | 'alias' | 'category' | 'members' | 'change' | 'computed';
const SORT_KEYS: SortKey[] = ['name', 'alias', 'category', 'members', 'change', 'computed'];
const UNCATEGORISED = '__none__';

function weekChange(h: History | undefined): number | null {
  if (!h?.days.length) return null;
  return h.days[h.days.length - 1].size - h.days[0].size;
}

export function SegmentsPage({ templateAction }: { templateAction?: ReactNode }) {
  const fmt = useFormat();
  const segments = useSegments();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category');
  const kind = params.get('kind') ?? 'all';
  const sortParam = params.get('sort') ?? 'name';
  const sort: SortState<SortKey> = {
    key: (SORT_KEYS.includes(sortParam.replace(/^-/, '') as SortKey) ? sortParam.replace(/^-/, '') : 'name') as SortKey,
    dir: sortParam.startsWith('-') ? 'desc' : 'asc',
  };
  const set = (k: string, v: string | null) => setParams((p) => {
    const n = new URLSearchParams(p);
    if (v === null || v === '') n.delete(k); else n.set(k, v);
    return n;
  }, { replace: true });

  const list = segments.data ?? [];
  const trends = useWeekTrends().data ?? NO_TRENDS;
  const activity = useRecentActivity();
  const referrers = useMemo(() => usedBy(list), [list]);
  const categories = useMemo(() => [...new Set(list.map((s) => s.category).filter((c): c is string => !!c))].sort((a, b) => a.localeCompare(b)), [list]);

  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const rows = list.filter((s) => (!needle || `${s.name} ${s.alias} ${s.description ?? ''}`.toLowerCase().includes(needle))
      && (category === null || (category === UNCATEGORISED ? !s.category : s.category === category))
      && (kind === 'all' || s.kind === kind));
    const key = (s: Segment): unknown => {
      switch (sort.key) {
        case 'name': return s.name;
        case 'alias': return s.alias;
        case 'category': return s.category;
        case 'members': return s.members;
        case 'change': return weekChange(trends.get(s.alias));
        case 'computed': return s.computedAt ? Date.parse(s.computedAt) : null;
      }
    };
    return rows.sort((a, b) => {
      const c = compareValues(key(a), key(b));
      const nullLast = key(a) === null || key(b) === null;
      return nullLast ? c : sort.dir === 'asc' ? c : -c;
    });
  }, [list, q, category, kind, sort.key, sort.dir, trends]);

  const narrow = useMediaQuery('(max-width: 62em)');
  const onSort = (s: SortState<SortKey>) => set('sort', s.dir === 'desc' ? `-${s.key}` : s.key);

  return (
    <Page
      title="Segments"
      subtitle={segments.data ? `${fmt.number(list.length)} segments · counts update live` : undefined}
      actions={(
        <>
          {templateAction}
          <Button component={Link} to="/segments/new" leftSection={<IconPlus size={16} />}>New segment</Button>
        </>
      )}
    >
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          label="Search" placeholder="Name, alias or description" leftSection={<IconSearch size={16} />}
          value={q} onChange={(e) => set('q', e.currentTarget.value)} style={{ flex: '1 1 240px' }} maw={420}
        />
        <Select
          label="Category" placeholder="All categories" clearable style={{ flex: '1 1 180px' }} maw={260}
          data={[...categories.map((c) => ({ value: c, label: c })), { value: UNCATEGORISED, label: 'No category' }]}
          value={category} onChange={(v) => set('category', v)}
        />
        <Stack gap={0}>
          <Input.Label id="kind-filter">Kind</Input.Label>
          <SegmentedControl
            aria-labelledby="kind-filter" value={kind} onChange={(v) => set('kind', v === 'all' ? null : v)}
            data={[{ value: 'all', label: 'All' }, { value: 'dynamic', label: 'Dynamic' }, { value: 'manual', label: 'Manual' }]}
          />
        </Stack>
      </Group>

      {segments.isLoading ? <LoadingState label="Loading segments…" rows={6} />
        : segments.error ? <ErrorState error={segments.error} title="Could not load the segments" onRetry={() => void segments.refetch()} />
        : !list.length ? (
          <Empty
            icon={<IconUsersGroup size={28} />} title="No segments yet"
            description="A segment groups contacts by their fields, tags, events and other segments, and stays current as data arrives."
            action={<Button component={Link} to="/segments/new" leftSection={<IconPlus size={16} />}>Create the first segment</Button>}
          />
        ) : !shown.length ? (
          <Empty title="No segment matches" description="Try another search, category or kind." action={<Button variant="default" onClick={() => setParams({}, { replace: true })}>Clear filters</Button>} />
        ) : narrow ? (
          <Stack gap="sm" data-testid="segments-cards">
            {shown.map((s) => (
              <SegmentCard key={s.alias} s={s} fmt={fmt} history={trends.get(s.alias)} referrers={referrers.get(s.alias) ?? []} activity={activity.get(s.alias)} />
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={960} type="native">
            <Table verticalSpacing="sm" highlightOnHover aria-label="Segments" data-testid="segments-table">
              <Table.Thead>
                <Table.Tr>
                  <SortHeader label="Name" column="name" sort={sort} onSort={onSort} />
                  <SortHeader label="Category" column="category" sort={sort} onSort={onSort} />
                  <Table.Th>Kind</Table.Th>
                  <SortHeader label="Members" column="members" sort={sort} onSort={onSort} align="right" />
                  <SortHeader label="7 days" column="change" sort={sort} onSort={onSort} align="right" />
                  <SortHeader label="Last computed" column="computed" sort={sort} onSort={onSort} />
                  <Table.Th style={{ whiteSpace: 'nowrap' }}>Used by</Table.Th>
                  <Table.Th w={48}><Text span size="sm" fw={600} style={{ position: 'absolute', left: -9999 }}>Actions</Text></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((s) => (
                  <Table.Tr key={s.alias} data-alias={s.alias}>
                    <Table.Td miw={220} maw={360}>
                      <Anchor component={Link} to={`/segments/${s.alias}`} fw={600}>{s.name}</Anchor>
                      <Group gap={6} wrap="nowrap" mt={2}>
                        <Code fz={11} style={{ flexShrink: 0 }}>{s.alias}</Code>
                        {s.description ? <Text size="xs" c="dimmed" lineClamp={1} title={s.description}>{s.description}</Text> : null}
                      </Group>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.category ? <CategoryBadge category={s.category} /> : <Text size="sm" c="dimmed">—</Text>}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}><KindBadge kind={s.kind} /></Table.Td>
                    <Table.Td ta="right"><MemberCount s={s} fmt={fmt} activity={activity.get(s.alias)} /></Table.Td>
                    <Table.Td><WeekTrend history={trends.get(s.alias)} fmt={fmt} /></Table.Td>
                    <Table.Td><Computed at={s.computedAt} fmt={fmt} /></Table.Td>
                    <Table.Td><UsedBy list={referrers.get(s.alias) ?? []} /></Table.Td>
                    <Table.Td><SegmentRowMenu segment={s} referrers={referrers.get(s.alias) ?? []} fmt={fmt} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
    </Page>
  );
}

export function KindBadge({ kind }: { kind: string }) {
  return <Badge variant="dot" color={kind === 'manual' ? 'grape' : 'teal'} radius="sm" tt="none" fw={500} style={{ overflow: 'visible' }}>{kind}</Badge>;
}

export function CategoryBadge({ category }: { category: string }) {
  return <Badge variant="light" color="gray" radius="sm" tt="none" fw={500} style={{ overflow: 'visible' }}>{category}</Badge>;
}

function MemberCount({ s, fmt, activity }: { s: Segment; fmt: Formatters; activity?: RecentActivity }) {
  return (
    <Stack gap={0} align="flex-end">
      <Text fw={600} size="sm" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`members-${s.alias}`} aria-live="polite">{fmt.number(s.members)}</Text>
      {activity ? (
        <Tooltip label="Changes since you opened this page">
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            live <Text span c="teal.7" size="xs">+{fmt.number(activity.entered)}</Text> <Text span c="red.7" size="xs">−{fmt.number(activity.left)}</Text>
          </Text>
        </Tooltip>
      ) : null}
    </Stack>
  );
}

function Computed({ at, fmt }: { at: string | null; fmt: Formatters }) {
  if (!at) return <Text size="sm" c="dimmed">never</Text>;
  return <Tooltip label={fmt.dateTime(at)}><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{fmt.relative(at)}</Text></Tooltip>;
}

function UsedBy({ list }: { list: readonly Segment[] }) {
  if (!list.length) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Group gap={6}>
      {list.map((r) => <Anchor key={r.alias} component={Link} to={`/segments/${r.alias}`} size="sm">{r.name}</Anchor>)}
    </Group>
  );
}

function SegmentCard({ s, fmt, history, referrers, activity }: { s: Segment; fmt: Formatters; history?: History; referrers: readonly Segment[]; activity?: RecentActivity }) {
  return (
    <Card withBorder padding="sm" radius="md" data-alias={s.alias}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} miw={0}>
          <Anchor component={Link} to={`/segments/${s.alias}`} fw={600} style={{ overflowWrap: 'anywhere' }}>{s.name}</Anchor>
          <Group gap={6}><Code>{s.alias}</Code><KindBadge kind={s.kind} />{s.category ? <CategoryBadge category={s.category} /> : null}</Group>
        </Stack>
        <SegmentRowMenu segment={s} referrers={referrers} fmt={fmt} />
      </Group>
      <Group justify="space-between" mt="sm" wrap="nowrap">
        <MemberCount s={s} fmt={fmt} activity={activity} />
        <WeekTrend history={history} fmt={fmt} />
      </Group>
      <Group justify="space-between" mt={6}>
        <Text size="xs" c="dimmed">Computed {s.computedAt ? fmt.relative(s.computedAt) : 'never'}</Text>
        {referrers.length ? <Text size="xs" c="dimmed">Used by {referrers.map((r) => r.name).join(', ')}</Text> : null}
      </Group>
    </Card>
  );
}
