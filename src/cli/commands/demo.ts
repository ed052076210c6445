import { mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SegmintError, issue } from '../../errors.js';
import { DEMO_SIZE, DEFAULT_SEED, contactId } from '../../demo/sizes.js';
import { Workspace } from '../../engine/index.js';
import { importContacts, importEvents } from '../../import/index.js';
import { clock, dataDir, globals, withLocalWorkspace } from '../context.js';
import { findServer } from '../../server/local.js';
import { parsePort, serve, untilSignal } from './serve.js';
import { print, printJson, progressBar, table } from '../output.js';

interface DemoOptions { serve: boolean; contacts: string; events: string; seed: string; force?: boolean; port: string; host: string }

const positive = (v: string, name: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new SegmintError(issue('invalid_argument', `${name} must be a positive whole number, got "${v}"`, name));
  return n;
};

export function registerDemoCommand(program: Command): void {
  program.command('demo').description('build a realistic demo workspace and print its segments with counts')
    .option('--no-serve', 'build, print and exit (default: then serve it over HTTP)')
    .option('--port <port>', 'port to serve on (0: any free port)', '8080')
    .option('--host <host>', 'interface to serve on', '127.0.0.1')
    .option('--contacts <n>', 'number of contacts', String(DEMO_SIZE.contacts))
    .option('--events <n>', 'number of events', String(DEMO_SIZE.events))
    .option('--seed <n>', 'random seed (same seed, same workspace)', String(DEFAULT_SEED))
    .option('--force', 'replace an existing data directory')
    .action(async (o: DemoOptions, cmd: Command) => {
      const contacts = positive(o.contacts, '--contacts');
      const events = positive(o.events, '--events');
      const seed = positive(o.seed, '--seed');
      const g = globals(cmd);
      const dir = dataDir(g);
      const port = o.serve ? parsePort(o.port) : 0;
      // A running server holds the directory: it is not rebuilt under it.
      const running = await findServer(dir);
      if (running) throw new SegmintError(issue('conflict', `${dir} is served by segmint (pid ${running.pid}) at ${running.url}; stop it first, or use --data DIR`, dir));
      if (existsSync(dir) && readdirSync(dir).length) {
        if (!o.force) throw new SegmintError(issue('conflict', `${dir} already holds a workspace; use --force to replace it, or --data DIR`, dir));
        rmSync(dir, { recursive: true, force: true });
      }
      const started = performance.now();
      // Loaded here so that other commands do not pay for the generator's start-up.
      const { generateWorkspace } = await import('../../demo/generate.js');
      const { DEMO_SEGMENTS } = await import('../../demo/segments.js');
      const { DEMO_FIELDS } = await import('../../demo/fields.js');
      const built = await withLocalWorkspace(cmd, async (ws) => {
        const tmp = mkdtempSync(join(tmpdir(), 'segmint-demo-'));
        try {
          const say = (s: string): void => { if (!g.json) process.stderr.write(`${s}\n`); };
          say(`generating ${contacts.toLocaleString('en-US')} contacts and ${events.toLocaleString('en-US')} events …`);
          const gen = await generateWorkspace({ dir: tmp, contacts, events, seed, now: new Date(ws.now) });
          await ws.setTimezone('Europe/Zurich');
          // Reopen so the workspace reads its new time zone.
          const wsz = await Workspace.open(ws.store, ws.now);
          await wsz.applyFields(DEMO_FIELDS);
          const c = await importContacts(wsz, gen.files.contacts, { onProgress: progressBar('importing contacts') });
          const e = await importEvents(wsz, gen.files.events, { onProgress: progressBar('importing events') });
          const loaded = performance.now();
          say('building segments …');
          const applied = await wsz.applySegments(DEMO_SEGMENTS);
          for (const s of DEMO_SEGMENTS) {
            if (s.kind === 'manual') {
              const picked = Array.from({ length: 25 }, (_, i) => i * 37 + 1).filter((n) => n <= contacts).map(contactId);
              await wsz.setManual(s.alias, picked, 'include');
            }
          }
          const built = performance.now();
          const rebuild = await wsz.rebuild();
          const rebuilt = performance.now();
          const list = await wsz.segments();
          const timing = {
            contacts: c.imported, events: e.imported,
            buildSeconds: +((built - started) / 1000).toFixed(1),
            loadSeconds: +((loaded - started) / 1000).toFixed(1),
            fullRebuildMs: Math.round(rebuilt - built),
          };
          if (g.json) return { ...timing, segments: list.map((s) => ({ alias: s.alias, name: s.name, category: s.category, kind: s.kind, members: s.members })) };
          print(table(['name', 'alias', 'category', 'kind', 'members'], list.map((s) => [s.name, s.alias, s.category ?? '', s.kind, s.members])));
          print('');
          print(`demo workspace in ${dir}: ${c.imported.toLocaleString('en-US')} contacts, ${e.imported.toLocaleString('en-US')} events, ${applied.saved.length} segments`);
          print(`built in ${timing.buildSeconds} s; full rebuild of all segments ${timing.fullRebuildMs} ms (${rebuild.length} segments)`);
          const where = globals(cmd).data || process.env.SEGMINT_DATA ? `--data ${dir} ` : '';
          print(`try: npx segmint ${where}explain ${list[0]?.alias ?? 'ALIAS'} ${contactId(1)}`);
          return null;
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
      });
      if (!o.serve) {
        if (built) printJson(built);
        return;
      }
      // The store is closed again: the server opens it, on the same clock as the build.
      const served = await serve(dir, { port, host: o.host, now: g.now ?? process.env.SEGMINT_NOW ? clock(g) : null });
      const signIn = served.signInUrl();
      if (built) printJson({ ...built, url: served.url, adminKey: served.adminKey, signInUrl: signIn });
      else {
        print('');
        print(`open ${signIn} to sign in (the link works once, within 10 minutes)`);
        print(`serving it at ${served.url} (API ${served.url}/api/v1, change stream ${served.url}/api/v1/changes/stream)`);
        if (served.adminKey) print(`admin key (shown this once): ${served.adminKey}`);
        print('stop with Ctrl-C; the workspace stays on disk for the CLI (--no-serve: build and exit)');
      }
      await untilSignal();
      await served.close();
    });
}
