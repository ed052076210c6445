import { useMemo, useRef, useState } from 'react';
import {
  Alert, Badge, Box, Button, Card, Code, FileButton, Group, Paper, Progress, SegmentedControl, Select, SimpleGrid, Stack, Stepper, Table, Text, Title, Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileUpload, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Page } from '@/components/page';
import { ErrorState, LoadingState } from '@/components/states';
import { ApiError, errorMessage } from '@/lib/api-client';
import { download, toCsv } from '@/lib/csv';
import { useFormat } from '@/lib/workspace';
import type { Formatters } from '@/lib/format';
import { importMapped, rejectsCsv, usePreview, type Kind, type Mapping, type MappedResult, type Preview } from '../api/imports';
import { originalLine, recordCount, slice, splitRecords, type Records } from '../records';

// Import a CSV or NDJSON file: the server suggests a field for each column (by key, label,
// name or a common synonym) and checks the first rows cell by cell with the mapping chosen;
// the import runs a slice of rows at a time with a progress bar; the report lists every
// row refused, with its line and reasons, and downloads as CSV.

/** Bytes of the file the preview reads (the server reads at most 2 MiB). */
const PREVIEW_BYTES = 2 * 1024 * 1024;
/** Rows per request: every refused row of a slice comes back in its answer. */
const SLICE_ROWS = 1000;
const SKIP = '__skip__';

interface Rejected { line: number; reasons: string[]; record: Record<string, unknown> | null }
interface Report {
  read: number; imported: number; updated: number; rejected: number; duplicates: number; contactsCreated: number;
  fieldsCreated: string[]; rejects: Rejected[]; cancelled: boolean; failed: unknown; rejectsUrls: string[]; complete: boolean;
}

function headOf(text: string): string {
  if (text.length <= PREVIEW_BYTES) return text;
  const cut = text.slice(0, PREVIEW_BYTES);
  return cut.slice(0, cut.lastIndexOf('\n') + 1);
}

export function ImportPage() {
  const fmt = useFormat();
  const qc = useQueryClient();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<Kind>('contacts');
  const [fileName, setFileName] = useState('');
  const [records, setRecords] = useState<Records | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const abort = useRef<AbortController | null>(null);
  const [dragging, setDragging] = useState(false);

  const head = useMemo(() => (records ? headOf(records.text) : ''), [records]);
  const previewQuery = usePreview(records ? { kind, format: records.format, head, mapping, createFields: true } : null);
  const preview = previewQuery.data;
  const effective: Mapping = mapping ?? preview?.mapping ?? {};
  const targetKeys = new Set(preview?.targets.map((t) => t.key) ?? []);
  const creates = Object.entries(effective).filter(([, t]) => t !== null && kind === 'contacts' && !targetKeys.has(t));

  const open = async (file: File | null) => {
    if (!file) return;
    setReadError(null);
    try {
      const text = await file.text();
      const r = splitRecords(file.name, text);
      if (!recordCount(r)) throw new Error('it holds no records');
      setFileName(file.name);
      setRecords(r);
      setMapping(null);
      setReport(null);
      setProgress(null);
      setStep(1);
    } catch (e) {
      setReadError(`Could not read ${file.name}: ${errorMessage(e)}`);
    }
  };

  const setTarget = (column: string, value: string | null) => {
    setMapping({ ...effective, [column]: value === SKIP || value === null ? null : value });
  };

  const run = async () => {
    if (!records) return;
    setStep(3);
    const ctl = new AbortController();
    abort.current = ctl;
    const total = recordCount(records);
    const r: Report = { read: 0, imported: 0, updated: 0, rejected: 0, duplicates: 0, contactsCreated: 0, fieldsCreated: [], rejects: [], cancelled: false, failed: null, rejectsUrls: [], complete: true };
    setProgress({ done: 0, total });
    // New fields get their type from every value of their column: such an import goes in one piece.
    const size = creates.length ? total : SLICE_ROWS;
    try {
      for (let first = 0; first < total; first += size) {
        if (ctl.signal.aborted) { r.cancelled = true; break; }
        const s = slice(records, first, size);
        const res: MappedResult = await importMapped(kind, records.format, s.body, effective, creates.length > 0, ctl.signal);
        r.read += res.read; r.imported += res.imported; r.updated += res.updated; r.rejected += res.rejected;
        r.duplicates += res.duplicates; r.contactsCreated += res.contactsCreated;
        for (const f of res.fieldsCreated) if (!r.fieldsCreated.includes(f)) r.fieldsCreated.push(f);
        for (const x of res.rejects) r.rejects.push({ line: originalLine(records, s, x.line), reasons: x.reasons, record: x.record });
        if (res.rejected > res.rejects.length) r.complete = false;
        if (res.rejectsUrl) r.rejectsUrls.push(res.rejectsUrl);
        setProgress({ done: first + s.count, total });
      }
    } catch (e) {
      if (ctl.signal.aborted) r.cancelled = true; else r.failed = e;
    } finally {
      abort.current = null;
      r.rejects.sort((a, b) => a.line - b.line);
      setReport(r);
      void qc.invalidateQueries({ queryKey: ['segments'] });
      void qc.invalidateQueries({ queryKey: ['contacts'] });
      void qc.invalidateQueries({ queryKey: ['fields'] });
      void qc.invalidateQueries({ queryKey: ['catalog'] });
    }
  };

  const downloadRejects = async () => {
    if (!report || !records) return;
    const name = `${fileName.replace(/\.[^.]+$/, '')}.rejected.csv`;
    try {
      if (!report.complete && report.rejectsUrls.length === 1) {
        download(name, await rejectsCsv(report.rejectsUrls[0]));
        return;
      }
      const cols: string[] = [];
      for (const x of report.rejects) for (const k of Object.keys(x.record ?? {})) if (!cols.includes(k)) cols.push(k);
      download(name, toCsv(['line', 'reasons', ...cols], report.rejects.map((x) => [x.line, x.reasons.join('; '), ...cols.map((c) => x.record?.[c])])));
    } catch (e) {
      notifications.show({ color: 'red', title: 'Download failed', message: errorMessage(e) });
    }
  };

  const reset = () => { setStep(0); setRecords(null); setReport(null); setProgress(null); setMapping(null); };
  const mappingError = previewQuery.error instanceof ApiError && previewQuery.error.path.startsWith('query.mapping') ? previewQuery.error : null;

  return (
    <Page title="Import" subtitle="Contacts or events from a CSV or NDJSON file. Good rows are kept; every refused row is reported with its line and reasons.">
      <Stepper active={step} onStepClick={(s) => { if (s < step && step < 3) setStep(s); }} orientation={narrow ? 'vertical' : 'horizontal'} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="File" description="CSV or NDJSON">
          <Stack mt="md" maw={720}>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="import-kind">What the file holds</Text>
              <SegmentedControl aria-labelledby="import-kind" value={kind} onChange={(v) => setKind(v as Kind)} data={[{ value: 'contacts', label: 'Contacts' }, { value: 'events', label: 'Events' }]} w="fit-content" />
            </Stack>
            <Paper
              withBorder radius="md" p="xl" ta="center"
              style={{ borderStyle: 'dashed', borderWidth: 2, background: dragging ? 'var(--mantine-color-teal-0)' : undefined }}
              onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => { e.preventDefault(); setDragging(false); void open(e.dataTransfer.files[0] ?? null); }}
            >
              <Stack align="center" gap="xs">
                <IconFileUpload size={36} stroke={1.4} aria-hidden />
                <Text fw={500}>Drop a file here, or</Text>
                <FileButton onChange={(f) => void open(f)} accept=".csv,.ndjson,.jsonl,.json,.txt,text/csv,application/x-ndjson">
                  {(props) => <Button {...props} leftSection={<IconUpload size={16} />}>Choose a file</Button>}
                </FileButton>
                <Text size="xs" c="dimmed" maw={520}>
                  {kind === 'contacts'
                    ? 'A header row (CSV) or one JSON object a line. Each contact needs an id; lists (tags, multi-select) are ;-separated in CSV. An existing id updates only the columns given.'
                    : 'Each event needs a contact id, a name and a time (ISO-8601); other columns become its properties. A repeated message id is stored once.'}
                </Text>
              </Stack>
            </Paper>
            {readError ? <ErrorState error={new Error(readError)} title="Could not read the file" /> : null}
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Columns" description="Map them to fields">
          {records ? (
            <Stack mt="md">
              <Text size="sm">
                <Code>{fileName}</Code>: {fmt.number(recordCount(records))} rows ({records.format.toUpperCase()}).
                Each column was matched to {kind === 'contacts' ? 'a field' : 'an event key or property'} by key, label or a usual name; change any of them.
              </Text>
              {previewQuery.isLoading ? <LoadingState label="Reading the columns…" />
                : previewQuery.error && !preview ? <ErrorState error={previewQuery.error} title="The server could not read the file" feature="Import with column mapping" />
                : preview ? <MappingTable preview={preview} kind={kind} mapping={effective} onChange={setTarget} fmt={fmt} /> : null}
              {mappingError ? <ErrorState error={mappingError} title="This mapping cannot be imported" /> : null}
              {creates.length ? (
                <Alert variant="light" color="blue" p="sm">
                  {creates.length === 1 ? 'One new field' : `${creates.length} new fields`} will be created ({creates.map(([, t]) => t).join(', ')}), each typed from every value in its column.
                </Alert>
              ) : null}
              <Group justify="space-between">
                <Button variant="default" onClick={reset}>Choose another file</Button>
                <Button onClick={() => setStep(2)} disabled={!preview || !!mappingError}>Preview</Button>
              </Group>
            </Stack>
          ) : null}
        </Stepper.Step>

        <Stepper.Step label="Preview" description="Check the first rows">
          {records && preview ? (
            <Stack mt="md">
              <PreviewTable preview={preview} mapping={effective} fmt={fmt} loading={previewQuery.isFetching} />
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(1)}>Back to columns</Button>
                <Button onClick={() => void run()} leftSection={<IconUpload size={16} />} disabled={!!mappingError}>Import {fmt.number(recordCount(records))} rows</Button>
              </Group>
            </Stack>
          ) : null}
        </Stepper.Step>

        <Stepper.Step label="Import" description="Run and report">
          <Stack mt="md">
            {progress ? (
              <Stack gap={4}>
                <Group justify="space-between">
                  <Text size="sm" fw={500}>{report ? (report.cancelled ? 'Stopped' : report.failed ? 'Stopped by an error' : 'Done') : 'Importing…'}</Text>
                  <Text size="sm" c="dimmed" aria-live="polite">{fmt.number(progress.done)} of {fmt.number(progress.total)} rows</Text>
                </Group>
                <Progress value={progress.total ? (100 * progress.done) / progress.total : 100} animated={!report} size="lg" aria-label="Import progress" />
                {!report && progress.total > SLICE_ROWS ? <Group><Button variant="default" size="xs" onClick={() => abort.current?.abort()}>Stop</Button></Group> : null}
              </Stack>
            ) : null}
            {report ? <ReportView report={report} fmt={fmt} onDownload={() => void downloadRejects()} onAgain={reset} kind={kind} /> : null}
          </Stack>
        </Stepper.Step>
      </Stepper>
    </Page>
  );
}

function MappingTable({ preview, kind, mapping, onChange, fmt }: { preview: Preview; kind: Kind; mapping: Mapping; onChange: (column: string, v: string | null) => void; fmt: Formatters }) {
  const known = preview.targets.map((t) => ({ value: t.key, label: `${t.label ?? t.key} (${t.key})` }));
  return (
    <Table.ScrollContainer minWidth={680} type="native">
      <Table verticalSpacing="xs" aria-label="Column mapping" data-testid="mapping-table">
        <Table.Thead><Table.Tr><Table.Th>Column</Table.Th><Table.Th>Examples</Table.Th><Table.Th>Becomes</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {preview.columns.map((c) => {
            const target = mapping[c.column] ?? null;
            const extra: { value: string; label: string }[] = [];
            if (c.create) extra.push({ value: c.create.key, label: `New field “${c.create.label}” (${c.create.type})` });
            if (kind === 'events') {
              const prop = `properties.${c.column.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '_')}`;
              if (!preview.targets.some((t) => t.key === prop)) extra.push({ value: prop, label: `Event property ${prop.slice(11)}` });
            }
            if (target && !known.some((k) => k.value === target) && !extra.some((e) => e.value === target)) extra.push({ value: target, label: target });
            const data = [
              { group: kind === 'contacts' ? 'Fields' : 'Event', items: known },
              ...(extra.length ? [{ group: kind === 'contacts' ? 'Create' : 'Properties', items: extra }] : []),
              { group: 'Other', items: [{ value: SKIP, label: 'Skip this column' }] },
            ];
            return (
              <Table.Tr key={c.column} data-column={c.column}>
                <Table.Td>
                  <Text fw={600} size="sm">{c.column || '(no name)'}</Text>
                  {c.matchedBy && c.matchedBy !== 'given' && target ? <Text size="xs" c="dimmed">matched by {c.matchedBy}</Text> : null}
                </Table.Td>
                <Table.Td maw={260}>
                  <Text size="xs" c="dimmed" truncate>{c.examples.length ? c.examples.map((v) => fmt.value(v)).join(' · ') : 'empty'}</Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Column ${c.column} becomes`} data={data} value={target ?? SKIP} allowDeselect={false} searchable w={300}
                    onChange={(v) => onChange(c.column, v)}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PreviewTable({ preview, mapping, fmt, loading }: { preview: Preview; mapping: Mapping; fmt: Formatters; loading: boolean }) {
  const cols = preview.columns.map((c) => c.column).filter((c) => mapping[c] !== null && mapping[c] !== undefined);
  const bad = preview.rows.filter((r) => r.rowErrors.length || Object.keys(r.errors).length).length;
  return (
    <Stack gap="sm">
      <Text size="sm" aria-live="polite">
        The first {preview.rows.length} rows, checked by the server as the import will check them{loading ? ' …' : '.'}{' '}
        {bad ? <><Text span c="red.7" fw={600}>{bad} of them would be refused</Text> (the cells at fault are marked); the other rows are kept.</> : 'None of them would be refused.'}
      </Text>
      <Table.ScrollContainer minWidth={Math.max(480, cols.length * 140)} type="native">
        <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm" aria-label="Preview" data-testid="preview-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              {cols.map((c) => <Table.Th key={c} style={{ whiteSpace: 'nowrap' }}><Text size="sm" fw={600}>{mapping[c]}</Text><Text size="xs" c="dimmed">{c}</Text></Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row) => (
              <Table.Tr key={row.line} data-line={row.line} data-bad={row.rowErrors.length || Object.keys(row.errors).length ? true : undefined}>
                <Table.Td c="dimmed">{row.line}</Table.Td>
                {row.values === null ? (
                  <Table.Td colSpan={cols.length} bg="red.0"><Text size="sm" c="red.8">{row.rowErrors.join('; ')}</Text></Table.Td>
                ) : cols.map((c, i) => {
                  const problems = row.errors[c] ?? [];
                  const cell = <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{fmt.value(row.values?.[c])}</Text>;
                  return (
                    <Table.Td
                      key={c} bg={problems.length ? 'red.0' : undefined} aria-invalid={problems.length ? true : undefined} data-problem={problems.join('; ') || undefined}
                      style={problems.length ? { outline: '2px solid var(--mantine-color-red-4)', outlineOffset: -2 } : undefined}
                    >
                      {problems.length ? (
                        <Tooltip label={problems.join('; ')} withArrow multiline maw={300}>
                          <Box>{cell}<Text size="xs" c="red.8">{problems.join('; ')}</Text></Box>
                        </Tooltip>
                      ) : cell}
                      {i === 0 && row.rowErrors.length ? <Text size="xs" c="red.8">{row.rowErrors.join('; ')}</Text> : null}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {preview.truncated ? <Text size="xs" c="dimmed">The preview read the beginning of the file; the import reads all of it.</Text> : null}
    </Stack>
  );
}

function ReportView({ report, fmt, onDownload, onAgain, kind }: { report: Report; fmt: Formatters; onDownload: () => void; onAgain: () => void; kind: Kind }) {
  const stats = [
    { label: 'Rows read', value: report.read },
    { label: kind === 'contacts' ? 'New contacts' : 'Events stored', value: report.imported },
    ...(kind === 'contacts' ? [{ label: 'Contacts updated', value: report.updated }] : [{ label: 'Duplicates skipped', value: report.duplicates }, { label: 'Contacts created', value: report.contactsCreated }]),
    { label: 'Rows refused', value: report.rejected },
  ];
  return (
    <Stack data-testid="import-report">
      {report.failed ? <ErrorState error={report.failed} title="The import stopped" /> : null}
      {report.cancelled ? <Alert color="yellow" variant="light">Stopped on request: the rows sent before were imported.</Alert> : null}
      <SimpleGrid cols={{ base: 2, sm: stats.length }}>
        {stats.map((s) => (
          <Paper key={s.label} withBorder p="sm" radius="md">
            <Text size="xs" c="dimmed">{s.label}</Text>
            <Text fz="xl" fw={700} c={s.label === 'Rows refused' && s.value ? 'red.7' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>{fmt.number(s.value)}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      {report.fieldsCreated.length ? <Text size="sm">New fields: {report.fieldsCreated.map((f) => <Code key={f} mr={4}>{f}</Code>)}</Text> : null}
      {report.rejects.length ? (
        <Card withBorder radius="md">
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Title order={2} fz="md">Refused rows</Title>
            <Button variant="light" leftSection={<IconDownload size={16} />} onClick={onDownload}>Download refused rows (CSV)</Button>
          </Group>
          <Table.ScrollContainer minWidth={520} type="native">
            <Table verticalSpacing={4} fz="sm" aria-label="Refused rows" data-testid="rejects-table">
              <Table.Thead><Table.Tr><Table.Th w={70}>Line</Table.Th><Table.Th>Why</Table.Th><Table.Th>Row</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {report.rejects.slice(0, 200).map((x, i) => (
                  <Table.Tr key={`${x.line}-${i}`}>
                    <Table.Td><Badge variant="light" color="red">{x.line}</Badge></Table.Td>
                    <Table.Td>{x.reasons.map((r) => <Text key={r} size="sm">{r}</Text>)}</Table.Td>
                    <Table.Td maw={360}><Text size="xs" c="dimmed" ff="monospace" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>{x.record ? Object.values(x.record).map((v) => fmt.value(v)).join(', ') : '—'}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {report.rejects.length > 200 ? <Text size="xs" c="dimmed" mt="xs">The first 200 are shown; the download has every one.</Text> : null}
        </Card>
      ) : !report.failed ? <Alert color="teal" variant="light">Every row was imported; segments are already up to date.</Alert> : null}
      <Group><Button variant="default" onClick={onAgain}>Import another file</Button></Group>
    </Stack>
  );
}
