import {
  Alert, Anchor, Badge, Button, Group, List, Loader, Modal, Paper, SegmentedControl, Stack, Text, Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCode, IconListTree, IconTemplate } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, errorMessage, type ApiIssue } from '@/lib/api-client';
import { useFields } from '@/lib/workspace';
import { aliasFromName, aliasProblem, freeAlias } from '../alias';
import { countCondition } from '../api/count';
import { useEventCatalog, useSaveSegment, useSegmentList, useSegmentToEdit, type SegmentInput } from '../api/queries';
import { useNodeCounts } from '../hooks/useNodeCounts';
import { useTemplates, type TemplateChoice } from '../hooks/useTemplates';
import type { Condition } from '../model';
import type { FieldInfo } from '../ops';
import { compile, fromCondition, group, lineColumn, nodeAtPath, rowsInOrder, type GroupNode, type NodeId } from '../tree';
import classes from './builder.module.css';
import { ConditionBuilder } from './ConditionBuilder';
import { MetaForm, type Meta } from './MetaForm';
import { TemplatePicker } from './TemplatePicker';
import { TextMode, type TextError } from './TextMode';

// The segment editor, for /segments/new (optionally ?template=ID) and
// /segments/:alias/edit: the segment's name and alias, its condition as a tree with a
// count beside every part or as text, a summary of what stops it from being saved, and
// save. The draft lives here until it is saved; server data stays in the query cache.

const nf = new Intl.NumberFormat();

const EMPTY_META: Meta = { name: '', alias: '', aliasEdited: false, description: '', category: '', kind: 'dynamic' };

interface Problem {
  readonly key: string;
  readonly text: string;
  readonly focus?: () => void;
}

function focusNode(id: NodeId) {
  const el = document.querySelector<HTMLElement>(`[data-node-id="${id}"]`);
  el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  el?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), button')?.focus();
}

const focusId = (id: string) => () => document.getElementById(id)?.focus();

export function SegmentEditorPage() {
  const { alias: editing } = useParams<{ alias?: string }>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();

  const existing = useSegmentToEdit(editing);
  const segments = useSegmentList();
  const fieldsQ = useFields();
  const catalog = useEventCatalog();
  const save = useSaveSegment();

  const [meta, setMeta] = useState<Meta>(EMPTY_META);
  const [root, setRoot] = useState<GroupNode>(() => group('and'));
  // The tree last put in place whole (the saved one, a template, the text read back): it is
  // counted at once; only edits wait for typing to stop.
  const [whole, setWhole] = useState<GroupNode | null>(null);
  const replaceRoot = (tree: GroupNode) => { setRoot(tree); setWhole(tree); };
  const [mode, setMode] = useState<'tree' | 'text'>('tree');
  const [text, setText] = useState('');
  const [switchError, setSwitchError] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  const [notes, setNotes] = useState<readonly string[]>([]);
  const [saveIssues, setSaveIssues] = useState<readonly ApiIssue[]>([]);
  const [tried, setTried] = useState(false);
  // A new segment's page opens anew at its own address after the first save: say so there.
  const [saved, setSaved] = useState<string | null>(() => (location.state as { saved?: string } | null)?.saved ?? null);
  const [pickTemplate, setPickTemplate] = useState(false);
  const loaded = useRef<string | null>(null);

  // Fill the draft once: from the saved segment, or from a template.
  useEffect(() => {
    if (editing && existing.data && loaded.current !== editing) {
      loaded.current = editing;
      const s = existing.data;
      setMeta({ name: s.name, alias: s.alias, aliasEdited: true, description: s.description ?? '', category: s.category ?? '', kind: s.kind });
      replaceRoot(fromCondition(s.condition as Condition | null));
      setText(s.dsl ?? '');
    }
  }, [editing, existing.data]);

  const applyTemplate = (t: TemplateChoice) => {
    setMeta({ ...EMPTY_META, name: t.name, description: t.description, category: t.category });
    replaceRoot(fromCondition(t.condition));
    setNotes(t.notes);
    setMode('tree');
    setPickTemplate(false);
  };
  const templateId = params.get('template');

  const fields = (fieldsQ.data ?? []) as FieldInfo[];
  const events = catalog.data ?? [];
  const segmentList = segments.data ?? [];
  const categories = useMemo(() => [...new Set(segmentList.map((s) => s.category).filter((c): c is string => !!c))].sort(), [segmentList]);

  // Alias: made from the name until typed by hand; a taken one moves on to _2, _3…
  const taken = useMemo(() => new Map(segmentList.filter((s) => s.alias !== editing).map((s) => [s.alias, s.name])), [segmentList, editing]);
  const autoAlias = useMemo(() => freeAlias(aliasFromName(meta.name), new Set(taken.keys())), [meta.name, taken]);
  const alias = editing ?? (meta.aliasEdited ? meta.alias : meta.name ? autoAlias : '');
  const aliasNote = !editing && !meta.aliasEdited && meta.name && autoAlias !== aliasFromName(meta.name)
    ? `"${aliasFromName(meta.name)}" is taken by "${taken.get(aliasFromName(meta.name))}", so this one is ${autoAlias}.`
    : null;
  // Shown once the alias was typed by hand, or a save was tried with a name (a missing name says enough).
  const aliasError = editing ? null : meta.aliasEdited || (tried && meta.name.trim()) ? aliasProblem(alias, taken) : null;

  const dynamic = meta.kind === 'dynamic';
  // A saved segment is counted once its own tree is in place, not the empty one before it.
  const counts = useNodeCounts(root, dynamic && mode === 'tree' && (!editing || whole !== null), whole);

  // Text mode: the text's own count (and parse error), 300 ms after typing stops.
  const [debouncedText] = useDebouncedValue(text, 300);
  const textCount = useQuery({
    queryKey: ['builder', 'count-text', debouncedText],
    queryFn: ({ signal }) => countCondition(debouncedText, false, signal),
    enabled: dynamic && mode === 'text' && debouncedText.trim() !== '',
    placeholderData: keepPreviousData,
    retry: false,
  });
  const textError: TextError | null = useMemo(() => {
    const e = textCount.error;
    if (!e || mode !== 'text') return null;
    if (e instanceof ApiError) {
      const where = lineColumn(e.path) ?? lineColumn(e.message);
      return { message: e.message, line: where?.line, column: where?.column };
    }
    return { message: errorMessage(e) };
  }, [textCount.error, mode]);

  const compiled = useMemo(() => compile(root), [root]);
  const rows = rowsInOrder(root);
  const rowName = (id: NodeId) => `Condition ${rows.findIndex((r) => r.id === id) + 1}`;

  const toText = async () => {
    setSwitchError(null);
    if (compiled.incomplete.size > 0) {
      setSwitchError('Finish or remove the unfinished conditions first: text can only show complete ones.');
      return;
    }
    setSwitching(true);
    try {
      const answer = await countCondition(compiled.condition, false);
      setText(answer.dsl);
      setMode('text');
    } catch (e) {
      setSwitchError(`The condition could not be shown as text: ${errorMessage(e)}`);
    } finally {
      setSwitching(false);
    }
  };

  const toTree = async () => {
    setSwitchError(null);
    if (!text.trim()) {
      replaceRoot(group('and'));
      setMode('tree');
      return;
    }
    setSwitching(true);
    try {
      const answer = await countCondition(text, false);
      replaceRoot(fromCondition(answer.condition as Condition));
      setMode('tree');
    } catch (e) {
      setSwitchError(`Fix the text before going back to the builder: ${errorMessage(e)}`);
    } finally {
      setSwitching(false);
    }
  };

  // Everything that stops a save, each with a way to get to it.
  const problems: Problem[] = [];
  if (!meta.name.trim()) problems.push({ key: 'name', text: 'Give the segment a name.', focus: focusId('segment-name') });
  if (!editing) {
    const p = aliasProblem(alias, taken);
    if (p && meta.name.trim()) problems.push({ key: 'alias', text: `Alias: ${p}.`, focus: focusId('segment-alias') });
  }
  if (dynamic && mode === 'tree') {
    if (root.children.length === 0) problems.push({ key: 'empty', text: 'Add at least one condition (or "Every contact").' });
    for (const r of rows) {
      const local = compiled.incomplete.get(r.id);
      const refused = counts.refused.get(r.id);
      if (local) problems.push({ key: r.id, text: `${rowName(r.id)}: ${local}.`, focus: () => focusNode(r.id) });
      else if (refused) problems.push({ key: r.id, text: `${rowName(r.id)}: ${refused.message} (at ${refused.path}).`, focus: () => focusNode(r.id) });
    }
    if (counts.error) problems.push({ key: 'count', text: `The server refused the condition: ${counts.error}` });
  }
  if (dynamic && mode === 'text') {
    if (!text.trim()) problems.push({ key: 'text', text: 'Write a condition.' });
    else if (textError) problems.push({ key: 'text', text: `Text: ${textError.message}${textError.line ? ` (line ${textError.line}, column ${textError.column})` : ''}.` });
  }
  for (const [i, issue] of saveIssues.entries()) {
    problems.push({ key: `save${i}`, text: `Not saved: ${issue.message}${issue.path ? ` (at ${issue.path})` : ''}.`, focus: saveIssueFocus(issue) });
  }

  function saveIssueFocus(issue: ApiIssue): (() => void) | undefined {
    if (issue.path === 'body.name') return focusId('segment-name');
    if (issue.path === 'body.alias') return focusId('segment-alias');
    if (issue.path.startsWith('body.condition') && mode === 'tree') {
      const id = nodeAtPath(compiled, issue.path);
      if (id) return () => focusNode(id);
    }
    return undefined;
  }

  const doSave = async (view: boolean) => {
    setTried(true);
    setSaved(null);
    setSaveIssues([]);
    const blocking = problems.filter((p) => !p.key.startsWith('save'));
    if (blocking.length) {
      document.getElementById('segment-problems')?.focus();
      return;
    }
    const body: SegmentInput = {
      name: meta.name.trim(),
      ...(editing ? {} : { alias }),
      description: meta.description.trim() || null,
      category: meta.category.trim() || null,
      kind: meta.kind,
      ...(dynamic ? { condition: (mode === 'text' ? text : compiled.condition) as SegmentInput['condition'] } : {}),
    };
    try {
      const s = await save.mutateAsync({ body, editing });
      if (view) navigate(`/segments/${encodeURIComponent(s.alias)}`);
      else {
        const message = `Saved: ${nf.format(s.members)} members.`;
        setSaved(message);
        if (!editing) navigate(`/segments/${encodeURIComponent(s.alias)}/edit`, { replace: true, state: { saved: message } });
      }
    } catch (e) {
      setSaveIssues(e instanceof ApiError ? e.all : [{ code: 'error', message: errorMessage(e), path: '' }]);
      setTimeout(() => document.getElementById('segment-problems')?.focus(), 0);
    }
  };

  if (editing && existing.isLoading) {
    return <Group p="xl"><Loader size="sm" /><Text>Loading the segment…</Text></Group>;
  }
  if (editing && existing.error) {
    return (
      <Alert color="red" title="This segment could not be opened" m="md">
        {errorMessage(existing.error)} <Anchor href="/segments">Back to segments</Anchor>
      </Alert>
    );
  }

  const total = mode === 'tree' ? counts.total : textCount.data?.count;
  const totalStale = mode === 'tree' ? counts.stale : textCount.isFetching;

  return (
    <Stack gap="md" pb={80}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2}>{editing ? `Edit ${existing.data?.name ?? editing}` : 'New segment'}</Title>
        {!editing && (
          <Button variant="light" leftSection={<IconTemplate size={16} />} onClick={() => setPickTemplate(true)}>Start from a template</Button>
        )}
      </Group>

      <TemplateLoader id={editing ? null : templateId} onLoad={applyTemplate} />

      {notes.length > 0 && (
        <Alert color="orange" variant="light" title="Adapted to this workspace: a few choices are yours" withCloseButton onClose={() => setNotes([])}>
          <List size="sm">{notes.map((n) => <List.Item key={n}>{n}</List.Item>)}</List>
        </Alert>
      )}

      <Paper withBorder p="md" radius="md">
        <MetaForm
          meta={{ ...meta, alias }} onChange={setMeta} editing={!!editing} aliasNote={aliasNote} aliasError={aliasError}
          nameError={tried && !meta.name.trim() ? 'A name is required' : null} categories={categories}
        />
      </Paper>

      {dynamic
        ? (
          <Paper withBorder p="md" radius="md" component="section" aria-labelledby="condition-title">
            <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
              <Group gap="sm">
                <Title order={3} size="h4" id="condition-title">Condition</Title>
                <SegmentedControl
                  aria-label="Edit the condition as" size="xs" value={mode} disabled={switching}
                  onChange={(m) => void (m === 'text' ? toText() : toTree())}
                  data={[
                    { value: 'tree', label: <Group gap={4} wrap="nowrap"><IconListTree size={14} />Builder</Group> },
                    { value: 'text', label: <Group gap={4} wrap="nowrap"><IconCode size={14} />Text</Group> },
                  ]}
                />
                {switching && <Loader size="xs" />}
              </Group>
            </Group>
            {switchError && <Alert color="orange" mb="sm" role="alert" data-testid="switch-error">{switchError}</Alert>}
            {mode === 'tree'
              ? (
                <ConditionBuilder
                  value={root} onChange={(r) => { setRoot(r); setSaveIssues([]); }} fields={fields} events={events}
                  segments={segmentList.map((s) => ({ alias: s.alias, name: s.name }))} self={editing}
                  status={counts.status} stale={counts.stale}
                />
              )
              : <TextMode text={text} onChange={(t) => { setText(t); setSaveIssues([]); }} error={textError} />}
            {(fieldsQ.error || catalog.error) && (
              <Text size="xs" c="orange.8" mt="xs">
                {fieldsQ.error ? `Fields could not be loaded: ${errorMessage(fieldsQ.error)}. ` : ''}
                {catalog.error ? `The event catalog could not be loaded (${errorMessage(catalog.error)}): event names can still be typed as text.` : ''}
              </Text>
            )}
          </Paper>
        )
        : (
          <Paper withBorder p="md" radius="md">
            <Text size="sm">A manual segment has no condition: its members are the contacts you include by hand on its page.</Text>
          </Paper>
        )}

      {/* Before a save is tried, only what the rows and the text do not already show inline. */}
      <Summary problems={tried ? problems : problems.filter((p) => p.key.startsWith('save') || p.key === 'count')} />

      <Paper withBorder p="sm" radius="md" shadow="sm" className={classes.footer}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            {dynamic && <TotalBadge total={total} stale={totalStale} />}
            {saved && <Text size="sm" c="green.8" role="status">{saved}</Text>}
            {problems.length > 0 && tried && (
              <Badge color="orange" variant="light" leftSection={<IconAlertTriangle size={12} />}>
                {problems.length} {problems.length === 1 ? 'problem' : 'problems'}
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <Button variant="default" onClick={() => navigate(editing ? `/segments/${encodeURIComponent(editing)}` : '/segments')}>Cancel</Button>
            <Button variant="light" onClick={() => void doSave(false)} loading={save.isPending}>Save</Button>
            <Button onClick={() => void doSave(true)} loading={save.isPending}>Save and view contacts</Button>
          </Group>
        </Group>
      </Paper>

      <Modal opened={pickTemplate} onClose={() => setPickTemplate(false)} title="Start from a template" size="xl">
        <TemplatePicker onPick={applyTemplate} />
      </Modal>
    </Stack>
  );
}

function TotalBadge({ total, stale }: { total?: number; stale: boolean }) {
  return (
    <Group gap={6} aria-live="polite" data-testid="total">
      <Text size="sm" c="dimmed">Matches</Text>
      <Text fw={700} size="lg" style={{ opacity: stale ? 0.55 : 1 }} data-total={total ?? ''}>
        {total === undefined ? '—' : nf.format(total)}
      </Text>
      <Text size="sm" c="dimmed">contacts</Text>
    </Group>
  );
}

function Summary({ problems }: { problems: Problem[] }) {
  if (!problems.length) return null;
  return (
    <Alert
      id="segment-problems" tabIndex={-1} color="orange" variant="light" icon={<IconAlertTriangle size={18} />}
      title={problems.length === 1 ? 'One thing to fix before saving' : `${problems.length} things to fix before saving`}
    >
      <List size="sm" spacing={2}>
        {problems.map((p) => (
          <List.Item key={p.key}>
            {p.focus ? <Anchor component="button" type="button" size="sm" onClick={p.focus}>{p.text}</Anchor> : p.text}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** Opens ?template=ID once the templates are known. */
function TemplateLoader({ id, onLoad }: { id: string | null; onLoad: (t: TemplateChoice) => void }) {
  if (!id) return null;
  return <TemplateLoaderInner id={id} onLoad={onLoad} />;
}


function TemplateLoaderInner({ id, onLoad }: { id: string; onLoad: (t: TemplateChoice) => void }) {
  const { templates, isLoading } = useTemplates();
  const done = useRef<string | null>(null);
  const t = templates.find((x) => x.id === id);
  useEffect(() => {
    if (t && !isLoading && done.current !== id) {
      done.current = id;
      onLoad(t);
    }
  }, [t, id, onLoad, isLoading]);
  if (!isLoading && !t) return <Alert color="orange">No template "{id}".</Alert>;
  return null;
}
