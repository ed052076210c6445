import type { Command } from 'commander';
import { SegmintError, issue } from '../../errors.js';
import { printDsl } from '../../dsl/index.js';
import type { Trace } from '../../evaluate/index.js';
import { withWorkspace } from '../context.js';
import type { WorkspaceApi } from '../workspace-api.js';
import { print, printJson, table } from '../output.js';
import { readJsonFile } from './workspace.js';
import type { Condition } from '../../condition/types.js';

const iso = (ms: number): string => new Date(ms).toISOString();

async function writeMembers(ws: WorkspaceApi, alias: string, format: string): Promise<void> {
  if (format === 'ids') {
    const ids = await ws.members(alias);
    if (ids.length) process.stdout.write(`${ids.join('\n')}\n`);
    return;
  }
  await ws.segment(alias);
  const rows = await ws.memberRows(alias);
  const fields = (await ws.registry()).stored();
  const cell = (key: string, v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    const f = fields.find((x) => x.key === key);
    return f?.kind === 'instant' && typeof v === 'number' ? iso(v) : v;
  };
  if (format === 'ndjson') {
    for (const r of rows) {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) if (v !== null && v !== undefined) o[k] = cell(k, v);
      process.stdout.write(`${JSON.stringify(o)}\n`);
    }
    return;
  }
  const keys = fields.map((f) => f.key);
  const esc = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  process.stdout.write(`${keys.join(',')}\n`);
  for (const r of rows) process.stdout.write(`${keys.map((k) => esc(cell(k, r[k]))).join(',')}\n`);
}

function traceLines(t: Trace, label: (path: string) => string, depth = 0): string[] {
  const seen = Object.entries(t.seen).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  const line = `${'  '.repeat(depth)}${t.result ? '✓' : '✗'} ${label(t.path)}${seen ? `   [${seen}]` : ''}`;
  return [line, ...t.children.flatMap((c) => traceLines(c, label, depth + 1))];
}

/** The source node at a bound path (`conditions[1].condition`), for labelling explain lines. */
function nodeAt(c: Condition, path: string): Condition {
  let cur: unknown = c;
  for (const part of path.match(/[a-z_]+|\d+/g) ?? []) cur = (cur as Record<string, unknown>)[part];
  return cur as Condition;
}

export function registerSegmentCommands(program: Command): void {
  const seg = program.command('segments').description('define segments and read their members');

  seg.command('apply <file>').description('create or update segments by alias (one object or an array; condition as JSON or DSL)')
    .action(async (file: string, _o, cmd: Command) => {
      const input = readJsonFile(file);
      await withWorkspace(cmd, async (ws, g) => {
        const r = await ws.applySegments(input);
        if (g.json) { printJson({ ...r, saved: r.saved.map((s) => ({ ...s, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt) })) }); return; }
        print(table(['alias', 'name', 'members', 'entered', 'left'], r.saved.map((s) => {
          const b = r.rebuilt.find((x) => x.alias === s.alias);
          return [s.alias, s.name, b?.total ?? 0, b?.entered ?? 0, b?.left ?? 0];
        })));
      });
    });

  seg.command('list').description('name, alias, category, kind and member count of every segment').action(async (_o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      const list = await ws.segments();
      if (g.json) { printJson(list.map((s) => ({ name: s.name, alias: s.alias, category: s.category, kind: s.kind, members: s.members }))); return; }
      print(table(['name', 'alias', 'category', 'kind', 'members'], list.map((s) => [s.name, s.alias, s.category ?? '', s.kind, s.members])));
    });
  });

  seg.command('show <alias>').description('a segment definition as JSON and as DSL').action(async (alias: string, _o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      const s = await ws.segment(alias);
      const members = (await ws.members(alias)).length;
      const manual = await ws.manual(alias);
      const out = {
        name: s.name, alias: s.alias, description: s.description, category: s.category, kind: s.kind,
        condition: s.condition, dsl: s.condition ? printDsl(s.condition) : null, members, manual,
      };
      if (g.json) { printJson(out); return; }
      print([
        `${s.name} (${s.alias})${s.category ? ` · ${s.category}` : ''} · ${s.kind} · ${members} members`,
        ...(s.description ? [s.description] : []),
        ...(s.condition ? ['', 'DSL:', `  ${out.dsl}`, '', 'JSON:', JSON.stringify(s.condition, null, 2)] : []),
        ...(manual.include.length ? [`included by hand: ${manual.include.join(', ')}`] : []),
        ...(manual.exclude.length ? [`excluded by hand: ${manual.exclude.join(', ')}`] : []),
      ].join('\n'));
    });
  });

  seg.command('delete <alias>').description('delete a segment (refused while another segment references it)').action(async (alias: string, _o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      await ws.deleteSegment(alias);
      if (g.json) printJson({ deleted: alias }); else print(`deleted ${alias}`);
    });
  });

  seg.command('rebuild [aliases...]').description('recompute membership from scratch at the clock (all segments when none given)')
    .action(async (aliases: string[], _o, cmd: Command) => {
      await withWorkspace(cmd, async (ws, g) => {
        const started = performance.now();
        const r = await ws.rebuild(aliases);
        const total = performance.now() - started;
        if (g.json) { printJson({ segments: r, ms: Math.round(total) }); return; }
        print(table(['alias', 'members', 'entered', 'left', 'ms'], r.map((x) => [x.alias, x.total, x.entered, x.left, x.ms.toFixed(0)])));
        print(`rebuilt ${r.length} segments in ${total.toFixed(0)} ms`);
      });
    });

  seg.command('members <alias>').description('list the members of a segment').option('--format <format>', 'ids, csv or ndjson', 'ids')
    .action(async (alias: string, o: { format: string }, cmd: Command) => {
      if (!['ids', 'csv', 'ndjson'].includes(o.format)) throw new SegmintError(issue('invalid_argument', `--format must be ids, csv or ndjson, got "${o.format}"`, '--format'));
      await withWorkspace(cmd, (ws) => writeMembers(ws, alias, o.format));
    });

  const manualHelp = {
    include: 'include contacts by hand (they stay until excluded or reset)',
    exclude: 'exclude contacts by hand (they stay out until included or reset)',
    reset: 'forget hand-made decisions: the condition decides again',
  };
  for (const mode of ['include', 'exclude', 'reset'] as const) {
    seg.command(`${mode} <alias> <ids...>`).description(manualHelp[mode])
      .action(async (alias: string, ids: string[], _o, cmd: Command) => {
        await withWorkspace(cmd, async (ws, g) => {
          const r = await ws.setManual(alias, ids, mode);
          const own = r.find((x) => x.alias === alias);
          if (g.json) printJson({ alias, mode, ids, members: own?.total ?? null, rebuilt: r });
          else print(`${mode === 'reset' ? 'reset' : `${mode}d`} ${ids.length} contact${ids.length > 1 ? 's' : ''} in ${alias}: ${own?.total ?? 0} members`);
        });
      });
  }

  seg.command('changes <alias>').description('the log of contacts entering and leaving a segment').action(async (alias: string, _o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      await ws.segment(alias);
      const list = await ws.changes(alias);
      if (g.json) { printJson(list.map((c) => ({ ...c, at: iso(c.at) }))); return; }
      print(table(['at', 'contact', 'change'], list.map((c) => [iso(c.at), c.contactId, c.change])));
    });
  });

  program.command('count <condition...>').description('live count of a condition (DSL text or JSON), not saved').action(async (parts: string[], _o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      const c = ws.parseConditionText(parts.join(' '));
      const started = performance.now();
      const n = await ws.count(c);
      const ms = performance.now() - started;
      if (g.json) printJson({ count: n, condition: c, dsl: printDsl(c), ms: Math.round(ms) }); else print(String(n));
    });
  });

  program.command('explain <alias> <contactId>').description('why a contact is in or out of a segment, node by node').action(async (alias: string, id: string, _o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      const r = await ws.explain(alias, id);
      if (g.json) { printJson(r); return; }
      const head = r.manual === 'include' ? `${id} is IN ${alias}: included by hand`
        : r.manual === 'exclude' ? `${id} is OUT of ${alias}: excluded by hand`
        : `${id} is ${r.member ? 'IN' : 'OUT of'} ${alias}${r.condition ? (r.matches ? ': the condition holds' : ': the condition does not hold') : ' (a manual segment)'}`;
      const label = (path: string): string => printDsl(nodeAt(r.condition as Condition, path));
      print([head, ...(r.trace ? traceLines(r.trace, label) : [])].join('\n'));
    });
  });

  program.command('upcoming <alias>').description('who will enter or leave a segment without any new data, and when')
    .option('--days <n>', 'how far ahead to look, in days', '7')
    .action(async (alias: string, o: { days: string }, cmd: Command) => {
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1 || days > 366) throw new SegmintError(issue('invalid_argument', `--days must be a whole number from 1 to 366, got "${o.days}"`, '--days'));
      await withWorkspace(cmd, async (ws, g) => {
        const list = await ws.upcoming(alias, days);
        if (g.json) { printJson(list.map((u) => ({ ...u, at: new Date(u.at).toISOString() }))); return; }
        if (!list.length) { print(`nobody enters or leaves ${alias} in the next ${days} days without new data`); return; }
        print(table(['at', 'change', 'contact'], list.map((u) => [new Date(u.at).toISOString(), u.change, u.contactId])));
      });
    });

  program.command('check <file>').description('validate segment definitions without saving').action(async (file: string, _o, cmd: Command) => {
    const input = readJsonFile(file);
    await withWorkspace(cmd, async (ws, g) => {
      const r = await ws.check(input);
      if (g.json) printJson({ ok: r.errors.length === 0, segments: r.defs.map((d) => d.alias), errors: r.errors });
      if (r.errors.length) throw new SegmintError(r.errors);
      if (!g.json) print(`${file}: ${r.defs.length} segment${r.defs.length === 1 ? '' : 's'} valid (${r.defs.map((d) => d.alias).join(', ')})`);
    });
  });
}
