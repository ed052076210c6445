import { Group, Text, Tooltip } from '@mantine/core';
import { Sparkline } from '@/components/sparkline';
import type { Formatters } from '@/lib/format';
import type { History } from '../api/analytics';

// The last seven days of a segment: the change in members and a small trend line.

export function WeekTrend({ history, fmt }: { history: History | undefined; fmt: Formatters }) {
  if (!history) return <Text size="sm" c="dimmed" aria-label="Trend loading">…</Text>;
  const days = history.days;
  const sizes = days.map((d) => d.size);
  const change = sizes.length ? sizes[sizes.length - 1] - sizes[0] : 0;
  const entered = days.slice(1).reduce((n, d) => n + d.entered, 0);
  const left = days.slice(1).reduce((n, d) => n + d.left, 0);
  const label = `${fmt.signed(change)} in 7 days (${fmt.number(entered)} entered, ${fmt.number(left)} left)`;
  return (
    <Tooltip label={label} withArrow>
      <Group gap={8} wrap="nowrap" justify="flex-end" aria-label={label} role="img">
        <Text size="sm" fw={500} c={change > 0 ? 'teal.7' : change < 0 ? 'red.7' : 'dimmed'} ta="right" miw={44} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {fmt.signed(change)}
        </Text>
        <Sparkline data={sizes} />
      </Group>
    </Tooltip>
  );
}
