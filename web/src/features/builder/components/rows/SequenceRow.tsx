import { ActionIcon, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import type { CatalogEvent } from '../../ops';
import { addStep, moveStep, removeStep, setStepAbsent, updateStep, type SequenceDraft } from '../../tree';
import { omit } from '../../omit';
import { DurationInput } from '../inputs/DurationInput';
import { eventChoices } from './EventRow';
import { WhereEditor } from './WhereEditor';
import { WindowInput } from './WindowInput';
import classes from '../builder.module.css';

// "Did A, then B, then did not do C within 48 h": ordered steps, each with its own
// property filters, the longest gap between one step and the next, and the window of the
// first step. Only the last step can be "did not".

export function SequenceRow({ row, onChange, events, label }: {
  row: SequenceDraft; onChange: (r: SequenceDraft) => void; events: readonly CatalogEvent[]; label: string;
}) {
  const last = row.steps.length - 1;
  return (
    <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
      {row.steps.map((s, i) => {
        const name = `${label}, step ${i + 1}`;
        return (
          <Stack key={s.id} gap={4}>
            <Group gap={6} wrap="wrap" align="center">
              {i === 0
                ? <Text size="sm" fw={500} w={110}>performed</Text>
                : i === last
                  ? (
                    <Select
                      aria-label={`${name}: did or did not`} size="sm" w={110} allowDeselect={false} value={s.absent ? 'not' : 'did'}
                      data={[{ value: 'did', label: 'then' }, { value: 'not', label: 'then not' }]}
                      onChange={(v) => onChange(setStepAbsent(row, s.id, v === 'not'))}
                    />
                  )
                  : <Text size="sm" fw={500} w={110}>then</Text>}
              <Select
                aria-label={`${name}: event`} placeholder="choose an event" data={eventChoices(events, s.event)} value={s.event || null}
                onChange={(e) => onChange(updateStep(row, s.id, (x) => ({ ...x, event: e ?? '' })))} searchable size="sm" w={{ base: 170, xs: 220 }}
              />
              <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => onChange(moveStep(row, s.id, -1))}><IconArrowUp size={16} /></ActionIcon>
              <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} down`} disabled={i === last} onClick={() => onChange(moveStep(row, s.id, 1))}><IconArrowDown size={16} /></ActionIcon>
              <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${name}`} disabled={row.steps.length <= 2} onClick={() => onChange(removeStep(row, s.id))}><IconTrash size={16} /></ActionIcon>
            </Group>
            <div className={classes.stepFilters}>
              <WhereEditor label={name} event={events.find((e) => e.name === s.event)} where={s.where} onChange={(where) => onChange(updateStep(row, s.id, (x) => ({ ...x, where })))} />
            </div>
          </Stack>
        );
      })}
      <Group gap={6} wrap="wrap" align="center">
        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange(addStep(row))}>step</Button>
        <Text size="sm">{row.steps[last]?.absent ? 'not done within' : 'each step within'}</Text>
        {row.gap === undefined
          ? <Button variant="light" size="compact-sm" onClick={() => onChange({ ...row, gap: '48h' })} aria-label={`${label}: add a time limit between steps`}>no limit (add one)</Button>
          : <DurationInput label={`${label}: time between steps`} value={row.gap} onChange={(gap) => onChange({ ...row, gap })} units={['m', 'h', 'd', 'w']} />}
        {row.gap !== undefined && !row.steps[last]?.absent && (
          <Button variant="subtle" size="compact-xs" color="gray" onClick={() => onChange(omit(row, 'gap'))}>no limit</Button>
        )}
        <Text size="sm">first step</Text>
        <WindowInput label={`${label}: first step`} value={row.within} onChange={(w) => onChange(w === undefined ? omit(row, 'within') : { ...row, within: w })} />
      </Group>
    </Stack>
  );
}
