import { Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import type { Measure, MeasureOp } from '../../model';
import { MEASURE_LABELS, MEASURE_OP_LABELS, TIME_OP_LABELS, isTimeMeasure, propertyType, type CatalogEvent } from '../../ops';
import { arity, measureNeedsProperty, type EventDraft } from '../../tree';
import { omit } from '../../omit';
import { DateValueInput } from '../inputs/DateValueInput';
import { WhereEditor } from './WhereEditor';
import { WindowInput } from './WindowInput';

// "Performed purchase where (category = shoes), sum of amount at least 200, in the last
// 90 days": the event from the catalog, property filters, a measure with its comparison,
// and a window.

const MEASURES: Measure[] = ['count', 'sum', 'avg', 'min', 'max', 'distinct', 'first_at', 'last_at'];
const OPS: MeasureOp[] = ['gte', 'gt', 'eq', 'neq', 'lte', 'lt', 'between', 'not_between'];

export function eventChoices(events: readonly CatalogEvent[], current: string): { value: string; label: string }[] {
  const out = [{ value: '*', label: 'any event (*)' }, ...events.map((e) => ({ value: e.name, label: e.count !== undefined ? `${e.name} · ${new Intl.NumberFormat().format(e.count)}` : e.name }))];
  if (current && !out.some((o) => o.value === current)) out.push({ value: current, label: `${current} (not seen yet)` });
  return out;
}

export function EventRow({ row, onChange, events, label }: {
  row: EventDraft; onChange: (r: EventDraft) => void; events: readonly CatalogEvent[]; label: string;
}) {
  const event = events.find((e) => e.name === row.event);
  const measure = row.measure ?? 'count';
  const op = row.op ?? 'gte';
  const time = isTimeMeasure(measure);
  const value = row.op === undefined ? (time ? undefined : 1) : row.value;
  const numericProps = (event?.properties ?? []).filter((p) => measure === 'distinct' || propertyType(p) === 'number');

  const setMeasure = (m: string | null) => {
    if (!m) return;
    const next = m as Measure;
    const base = omit(row, 'measure', 'property', 'op', 'value');
    const keepProp = measureNeedsProperty(next) && row.property ? { property: row.property } : {};
    // `count` is the default measure: "at least 2 times" rather than "count >= 2".
    const measureKey = next === 'count' && row.measure === undefined ? {} : { measure: next };
    const switchesKind = isTimeMeasure(next) !== time;
    onChange({ ...base, ...measureKey, ...keepProp, ...(switchesKind || row.op === undefined ? {} : { op: row.op, value: row.value }) });
  };
  const setOp = (o: string | null) => {
    if (!o) return;
    const nextOp = o as MeasureOp;
    const same = arity(nextOp) === arity(op);
    onChange({ ...omit(row, 'op', 'value'), op: nextOp, ...(same && value !== undefined ? { value } : {}) });
  };
  const setValue = (v: number | string | undefined, i?: 0 | 1) => {
    let next: EventDraft['value'];
    if (i === undefined) next = v;
    else {
      const pair = Array.isArray(value) ? [...value] : [undefined, undefined];
      pair[i] = v;
      next = pair as (number | string)[];
    }
    onChange({ ...omit(row, 'value'), op, ...(next === undefined ? {} : { value: next }) });
  };

  const operand = (v: unknown, i?: 0 | 1) => {
    const name = `${label}: ${i === 1 ? 'to' : i === 0 ? 'from' : 'value'}`;
    return time
      ? <DateValueInput label={name} value={typeof v === 'string' ? v : undefined} onChange={(x) => setValue(x, i)} withTime />
      : (
        <NumberInput
          aria-label={name} size="sm" w={100} value={typeof v === 'number' ? v : ''}
          onChange={(x) => setValue(typeof x === 'number' ? x : undefined, i)}
        />
      );
  };

  return (
    <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
      <Group gap={6} wrap="wrap" align="center">
        <Text size="sm" fw={500}>performed</Text>
        <Select
          aria-label={`${label}: event`} placeholder="choose an event" data={eventChoices(events, row.event)} value={row.event || null}
          onChange={(e) => onChange({ ...row, event: e ?? '' })} searchable size="sm" w={{ base: 190, xs: 220 }} nothingFoundMessage="no such event seen"
        />
        <Select
          aria-label={`${label}: measure`} size="sm" w={170} allowDeselect={false} value={measure} onChange={setMeasure}
          data={MEASURES.map((m) => ({ value: m, label: MEASURE_LABELS[m] }))}
        />
        {measureNeedsProperty(measure) && (
          <Select
            aria-label={`${label}: property`} placeholder="property" size="sm" w={150} searchable value={row.property || null}
            data={[...new Set([...numericProps.map((p) => p.key), ...(row.property ? [row.property] : [])])]}
            onChange={(p) => onChange({ ...row, property: p ?? '' })} nothingFoundMessage="no numeric property seen"
          />
        )}
        <Select
          aria-label={`${label}: comparison`} size="sm" w={130} allowDeselect={false} value={op} onChange={setOp}
          data={OPS.map((o) => ({ value: o, label: (time ? TIME_OP_LABELS : MEASURE_OP_LABELS)[o] }))}
        />
        {arity(op) === 'pair'
          ? (<>{operand(Array.isArray(value) ? value[0] : undefined, 0)}<Text size="sm">and</Text>{operand(Array.isArray(value) ? value[1] : undefined, 1)}</>)
          : operand(value)}
        {measure === 'count' && !time && <Text size="sm">{value === 1 ? 'time' : 'times'}</Text>}
        <WindowInput label={label} value={row.within} onChange={(w) => onChange(w === undefined ? omit(row, 'within') : { ...row, within: w })} />
      </Group>
      <WhereEditor label={label} event={event} where={row.where} onChange={(where) => onChange({ ...row, where })} />
    </Stack>
  );
}
