import { Badge, Loader, Tooltip } from '@mantine/core';

// How many contacts a group, a row or the whole definition matches on its own.

const nf = new Intl.NumberFormat();

export function CountBadge({ count, partial, problem, stale, label }: {
  count?: number; partial?: boolean; problem?: string; stale: boolean; label: string;
}) {
  if (problem) {
    return <Badge color="red" variant="light" size="lg" aria-label={`${label}: no count, ${problem}`}>—</Badge>;
  }
  if (partial) {
    return (
      <Tooltip label="Finish the rows inside to see this group's count">
        <Badge color="gray" variant="light" size="lg" aria-label={`${label}: no count until every row inside is complete`}>—</Badge>
      </Tooltip>
    );
  }
  if (count === undefined) {
    return <Badge color="gray" variant="light" size="lg" aria-label={`${label}: counting`}><Loader size={10} /></Badge>;
  }
  const text = nf.format(count);
  return (
    <Badge
      color="blue" variant="light" size="lg" style={{ opacity: stale ? 0.55 : 1, textTransform: 'none', flexShrink: 0 }}
      aria-label={`${label}: ${text} contacts${stale ? ' (updating)' : ''}`} data-testid="count"
      data-count={count}
    >
      {text}
    </Badge>
  );
}
