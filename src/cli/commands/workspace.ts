import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SegmintError, issue } from '../../errors.js';
import { loneSurrogateAt, loneSurrogateMessage } from '../../fields/index.js';
import { withWorkspace } from '../context.js';
import { print, printJson, table } from '../output.js';

/** Read and parse a JSON file, naming the file, line and column of a syntax error. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SegmintError(issue('not_found', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, path));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = path;
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = `${path} line ${line}, column ${Number(pos[1]) - before.lastIndexOf('\n')}`;
    }
    throw new SegmintError(issue('parse_error', `invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, where));
  }
  // As the API refuses it in a body: a name or label holding one would be stored changed.
  const odd = loneSurrogateAt(value, path);
  if (odd !== null) throw new SegmintError(issue('invalid_value', loneSurrogateMessage(odd), odd.path));
  return value;
}

export function registerWorkspaceCommands(program: Command): void {
  const config = program.command('config').description('workspace settings');
  config.command('set <key> <value>').description('set a workspace setting (timezone)').action(async (key: string, value: string, _o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      if (key !== 'timezone') throw new SegmintError(issue('invalid_argument', `unknown setting "${key}" (settings: timezone)`, key));
      await ws.setTimezone(value);
      if (g.json) printJson({ [key]: value }); else print(`${key} = ${value}`);
    });
  });
  config.command('get [key]').description('show workspace settings').action(async (key: string | undefined, _o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      const s = await ws.settings();
      if (key && !(key in s)) throw new SegmintError(issue('invalid_argument', `unknown setting "${key}" (settings: ${Object.keys(s).join(', ')})`, key));
      if (g.json) printJson(key ? { [key]: s[key] } : s);
      else print(key ? s[key] : Object.entries(s).map(([k, v]) => `${k} = ${v}`).join('\n'));
    });
  });

  const fields = program.command('fields').description('custom field settings');
  fields.command('apply <file>').description('declare or update custom fields from a JSON array').action(async (file: string, _o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      const r = await ws.applyFields(readJsonFile(file));
      if (g.json) printJson(r); else print(`fields: ${r.added} added, ${r.updated} updated`);
    });
  });
  fields.command('list').description('list system and custom fields').action(async (_o, cmd: Command) => {
    await withWorkspace(cmd, async (ws, g) => {
      const all = (await ws.registry()).all();
      const labels = new Map((await ws.fields()).map((f) => [f.key, f.label]));
      if (g.json) { printJson(all.map((f) => ({ key: f.key, label: labels.get(f.key) ?? null, type: f.type, options: f.options ?? null, system: f.system, computed: f.computed }))); return; }
      print(table(['key', 'label', 'type', 'options', 'kind'], all.map((f) => [
        f.key, labels.get(f.key) ?? '', f.type, f.options?.join(', ') ?? '', f.computed ? 'computed' : f.system ? 'system' : 'custom',
      ])));
    });
  });
}
