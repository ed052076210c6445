import { useState } from 'react';
import { Card, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { AreaChart, BarChart } from '@mantine/charts';
import { Empty, ErrorState, LoadingState } from '@/components/states';
import type { Formatters } from '@/lib/format';
import { useHistory, useOverlap } from '../api/analytics';
import { useSegments, type SegmentDetail } from '../api/segments';

// Size over time, entered and left per day, and the overlap with another segment.

export function AnalyticsPanel({ segment, fmt }: { segment: SegmentDetail; fmt: Formatters }) {
  const [days, setDays] = useState('30');
  const history = useHistory(segment.alias, Number(days));
  const data = (history.data?.days ?? []).map((d) => ({ ...d, day: fmt.day(d.date, 'short'), left: -d.left }));
  const totals = (history.data?.days ?? []).reduce((t, d) => ({ entered: t.entered + d.entered, left: t.left + d.left }), { entered: 0, left: 0 });
  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed">Days in the workspace’s time zone ({history.data?.timezone ?? fmt.tz}), today included.</Text>
        <SegmentedControl aria-label="Period" value={days} onChange={setDays} data={[{ value: '7', label: '7 days' }, { value: '30', label: '30 days' }, { value: '90', label: '90 days' }]} />
      </Group>
      {history.isLoading ? <LoadingState label="Loading history…" />
        : history.error ? <ErrorState error={history.error} title="Could not load the history" onRetry={() => void history.refetch()} />
        : (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            <Paper withBorder p="md" radius="md">
              <Title order={3} fz="md" mb={4}>Size over time</Title>
              <Text size="xs" c="dimmed" mb="sm">Members at the end of each day</Text>
              <AreaChart
                h={240} data={data} dataKey="day" series={[{ name: 'size', label: 'Members', color: 'teal.6' }]}
                curveType="linear" withDots={false} valueFormatter={(v) => fmt.number(v)} gridAxis="x" tickLine="none"
                role="img" aria-label={`Members per day over the last ${days} days`}
              />
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Title order={3} fz="md" mb={4}>Entered and left per day</Title>
              <Text size="xs" c="dimmed" mb="sm">{fmt.number(totals.entered)} entered, {fmt.number(totals.left)} left in {days} days</Text>
              <BarChart
                h={240} data={data} dataKey="day" type="stacked" gridAxis="x" tickLine="none"
                series={[{ name: 'entered', label: 'Entered', color: 'teal.5' }, { name: 'left', label: 'Left', color: 'red.5' }]}
                valueFormatter={(v) => fmt.number(Math.abs(v))}
                barChartProps={{ stackOffset: 'sign' }}
                role="img" aria-label={`Contacts entering and leaving per day over the last ${days} days`}
              />
            </Paper>
          </SimpleGrid>
        )}
      <OverlapCard segment={segment} fmt={fmt} />
    </Stack>
  );
}

function OverlapCard({ segment, fmt }: { segment: SegmentDetail; fmt: Formatters }) {
  const segments = useSegments();
  const [other, setOther] = useState<string | null>(null);
  const overlap = useOverlap(segment.alias, other);
  const otherName = segments.data?.find((s) => s.alias === other)?.name ?? other ?? '';
  const o = overlap.data;
  const total = o ? o.onlyA + o.both + o.onlyB : 0;
  return (
    <Card withBorder radius="md" padding="md">
      <Title order={3} fz="md" mb="sm">Overlap with another segment</Title>
      <Select
        label="Compare with" placeholder="Pick a segment" searchable clearable maw={360}
        data={(segments.data ?? []).filter((s) => s.alias !== segment.alias).map((s) => ({ value: s.alias, label: `${s.name} (${s.alias})` }))}
        value={other} onChange={setOther}
      />
      {!other ? <Text size="sm" c="dimmed" mt="sm">Pick a segment to see who is in only one of them, or in both.</Text>
        : overlap.isLoading ? <LoadingState label="Counting…" rows={1} />
        : overlap.error ? <ErrorState error={overlap.error} title="Could not compute the overlap" feature="Overlap" />
        : o ? (
          <Stack mt="md" gap="sm" data-testid="overlap">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Stat label={`Only in ${segment.name}`} value={fmt.number(o.onlyA)} color="teal" />
              <Stat label="In both" value={fmt.number(o.both)} color="indigo" />
              <Stat label={`Only in ${otherName}`} value={fmt.number(o.onlyB)} color="orange" />
            </SimpleGrid>
            {total ? (
              <div role="img" aria-label={`${fmt.percent(o.both / total)} of the union is in both`} style={{ display: 'flex', height: 14, borderRadius: 7, overflow: 'hidden' }}>
                <div style={{ flex: o.onlyA, background: 'var(--mantine-color-teal-5)' }} />
                <div style={{ flex: o.both, background: 'var(--mantine-color-indigo-5)' }} />
                <div style={{ flex: o.onlyB, background: 'var(--mantine-color-orange-5)' }} />
              </div>
            ) : <Empty title="Both segments are empty" />}
          </Stack>
        ) : null}
    </Card>
  );
}

function Stat({ label, value, color }: { label: string; value: string; color: string }) {
  return (
    <Paper withBorder p="sm" radius="md" style={{ borderLeft: `4px solid var(--mantine-color-${color}-5)` }}>
      <Text size="xs" c="dimmed" lineClamp={2}>{label}</Text>
      <Text fw={700} fz="xl" style={{ fontVariantNumeric: 'tabular-nums' }}>{value}</Text>
    </Paper>
  );
}
