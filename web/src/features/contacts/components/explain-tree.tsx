import { Badge, Box, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { nodeAt, nodeText, type Node } from '@/lib/condition-text';
import type { Formatters } from '@/lib/format';
import type { Explanation, Trace } from '../api/contacts';

// Why a contact is in or out of a segment: the condition tree with each node true or
// false and the values it saw. A negative operator (`!=`, `not in segment`) is decided by
// its positive twin; the two show as one line.

export function ExplainTree({ explanation, fmt, names }: { explanation: Explanation; fmt: Formatters; names?: ReadonlyMap<string, string> }) {
  const e = explanation;
  const condition = e.condition as Node | null;
  return (
    <Stack gap="sm" data-testid="explain">
      <Text size="sm">
        {e.manual === 'include' ? 'Included by hand: a member whatever the definition says.'
          : e.manual === 'exclude' ? 'Excluded by hand: not a member whatever the definition says.'
          : e.member ? 'A member because the definition holds:' : 'Not a member because the definition does not hold:'}
        {e.manual ? ` The definition itself ${e.matches ? 'holds' : 'does not hold'}:` : ''}
      </Text>
      {e.trace ? (
        <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Conditions, each true or false">
          <TraceNode trace={e.trace as Trace} condition={condition} fmt={fmt} names={names} />
        </Box>
      ) : <Text size="sm" c="dimmed">A manual segment has no definition: only the contacts included by hand are members.</Text>}
    </Stack>
  );
}

function TraceNode({ trace, condition, fmt, names }: { trace: Trace; condition: Node | null; fmt: Formatters; names?: ReadonlyMap<string, string> }) {
  const node = nodeAt(condition, trace.path);
  // A node bound as `not` of its positive twin carries the twin at the same path.
  const twin = trace.children.length === 1 && trace.children[0].path === trace.path ? trace.children[0] : null;
  const seen = twin ? twin.seen : trace.seen;
  const children = twin ? twin.children : trace.children;
  const group = node && ['and', 'or', 'not'].includes(node.type);
  const label = node ? (node.type === 'and' || node.type === 'or' ? `${nodeText(node)} (${node.type === 'and' ? 'every one must hold' : 'one is enough'})` : nodeText(node, names)) : trace.path || 'condition';
  return (
    <Box component="li" data-result={trace.result} data-path={trace.path}>
      <Group gap={8} wrap="nowrap" align="flex-start" py={3}>
        <ThemeIcon size={20} radius="xl" color={trace.result ? 'teal' : 'red'} variant="light" mt={1} aria-hidden>
          {trace.result ? <IconCheck size={13} /> : <IconX size={13} />}
        </ThemeIcon>
        <Box miw={0}>
          <Text size="sm" fw={group ? 600 : 500} ff={group ? undefined : 'monospace'} style={{ overflowWrap: 'anywhere' }}>
            <span className="visually-hidden">{trace.result ? 'true: ' : 'false: '}</span>{label}
          </Text>
          {!group ? <Seen seen={seen} node={node} fmt={fmt} /> : null}
        </Box>
      </Group>
      {children.length ? (
        <Box component="ul" m={0} pl={26} ml={9} style={{ listStyle: 'none', borderLeft: '1px dashed var(--mantine-color-gray-4)' }}>
          {children.map((c, i) => <TraceNode key={`${c.path}-${i}`} trace={c} condition={condition} fmt={fmt} names={names} />)}
        </Box>
      ) : null}
    </Box>
  );
}

const when = (v: unknown, fmt: Formatters): string => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? fmt.dateTime(v) : String(v));

function Seen({ seen, node, fmt }: { seen: Record<string, unknown>; node: Node | null; fmt: Formatters }) {
  const parts: string[] = [];
  if (node?.type === 'field') {
    const v = seen.value;
    parts.push(v === null || v === undefined ? 'saw no value' : `saw ${typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `(${v.map((x) => JSON.stringify(x)).join(', ')})` : String(v)}`);
  } else if (node?.type === 'event') {
    const n = Number(seen.events ?? 0);
    parts.push(`${fmt.number(n)} matching event${n === 1 ? '' : 's'}`);
    if (seen.measure && seen.measure !== 'count') parts.push(`${String(seen.measure)} ${seen.value === null ? 'none' : when(seen.value, fmt)}`);
    if (seen.to) parts.push(seen.from ? `from ${fmt.dateTime(String(seen.from))} to ${fmt.dateTime(String(seen.to))}` : `up to ${fmt.dateTime(String(seen.to))}`);
  } else if (node?.type === 'sample') {
    if (typeof seen.bucket === 'number') parts.push(`bucket ${fmt.percent(seen.bucket, 2)} (in when below ${String(node.percent)}%)`);
  } else {
    for (const [k, v] of Object.entries(seen)) if (k !== 'segment') parts.push(`${k.replace(/_/g, ' ')}: ${when(v, fmt)}`);
  }
  if (!parts.length) return null;
  return (
    <Group gap={4} mt={2}>
      {parts.map((p) => <Badge key={p} variant="outline" color="gray" radius="sm" size="sm" tt="none" fw={400} style={{ maxWidth: '100%', height: 'auto', whiteSpace: 'normal' }}>{p}</Badge>)}
    </Group>
  );
}
