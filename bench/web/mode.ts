import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { DEMO_SIZE } from '../../src/demo/sizes.js';
import { progress, ratio } from '../measure.js';
import { environment } from '../meta.js';
import { fmtMs, fmtRatio, renderMarkdownTable, renderTable, type Table } from '../report.js';
import { scanFinished, startServerProcess, stopServer } from '../realtime/server.js';
import { apiClient } from './api.js';
import { timeCounts, timeEdit, type CountTiming, type EditCase, type EditTiming } from './counts.js';
import { pageCases, timePage, warmPage, type PageTiming } from './pages.js';

// `npm run bench -- --web [--keep DIR]`: the web app on the demo workspace (100k contacts,
// 2M events) in Debian's chromium against a real `segmint serve`: each page's time to show
// its content beside the API calls it depends on, and the builder's counts. Budgets (the
// web app's issue): a page shows within 1 s; the builder's counts answer within 500 ms.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'segmint.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = 5;
export const PAGE_BUDGET_MS = 1_000;
export const COUNT_BUDGET_MS = 500;

export interface WebResult {
  readonly meta: ReturnType<typeof environment> & { date: string; contacts: number; events: number; runs: number };
  readonly pages: readonly PageTiming[];
  readonly edits: readonly EditTiming[];
  readonly demoCounts: readonly CountTiming[];
  readonly suiteCounts: readonly CountTiming[];
}

function segmint(data: string, args: string[]): string {
  return execFileSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** The suite's conditions (bench/suite), a reference to another suite segment replaced by that segment's condition. */
function suiteConditions(): { alias: string; condition: unknown }[] {
  const suite = JSON.parse(readFileSync(join(ROOT, 'bench', 'suite', 'segments.json'), 'utf8')) as { alias: string; condition: unknown }[];
  const byAlias = new Map(suite.map((s) => [s.alias, s.condition]));
  const inline = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(inline);
    if (!n || typeof n !== 'object') return n;
    const node = n as Record<string, unknown>;
    if (node.type === 'segment' && typeof node.segment === 'string' && byAlias.has(node.segment)) {
      const inner = inline(byAlias.get(node.segment));
      return node.op === 'not_in' ? { type: 'not', condition: inner } : inner;
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v)]));
  };
  return suite.map((s) => ({ alias: s.alias, condition: inline(s.condition) }));
}

const EDITS: EditCase[] = [
  {
    alias: 'points_1000', input: 'Condition 1: value', values: [2000, 500, 3000, 1500, 800],
    condition: (v) => ({ type: 'field', field: 'points', op: 'gt', value: v }),
  },
  {
    alias: 'big_spenders', input: 'Condition 1: value', values: [800, 300, 1200, 600, 400],
    condition: (v) => ({ type: 'event', event: 'purchase', within: '365d', measure: 'sum', property: 'amount', op: 'gt', value: v }),
  },
];

export async function runWeb(keep: string | null): Promise<WebResult> {
  const base = keep ?? mkdtempSync(join(tmpdir(), 'segmint-web-bench-'));
  const data = join(base, 'web-demo');
  try {
    if (!existsSync(data)) {
      progress(`building the demo workspace in ${data} (${DEMO_SIZE.contacts.toLocaleString('en-US')} contacts, ${DEMO_SIZE.events.toLocaleString('en-US')} events) …`);
      mkdirSync(base, { recursive: true });
      segmint(data, ['demo', '--no-serve']);
    }
    const key = (JSON.parse(segmint(data, ['--json', 'keys', 'create', '--role', 'admin', '--name', 'web bench'])) as { key: string }).key;
    const server = await startServerProcess(data);
    progress(`serving ${server.url}; waiting for the background scan …`);
    try {
      await scanFinished(server.url, key, 'zurich');
      const api = apiClient(server.url, key);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
      try {
        const cases = pageCases({ members: 'zurich', analytics: 'zurich', upcoming: 'abandoned_cart', editor: 'zurich_women_product_viewers' }, 'c0000001');
        progress('every page once, untimed (the server\'s first reads after its start)');
        for (const c of cases) await warmPage(browser, server.url, key, c);
        const pages: PageTiming[] = [];
        for (const c of cases) {
          progress(`page: ${c.name}`);
          pages.push(await timePage(browser, server.url, key, api, c, RUNS));
        }
        const edits: EditTiming[] = [];
        for (const e of EDITS) {
          progress(`builder: typing into ${e.alias}`);
          edits.push(await timeEdit(browser, server.url, key, api, e));
        }
        progress('POST /api/v1/count, the demo\'s segments');
        const demo = (await api.get<{ alias: string; condition: unknown }[]>('/api/v1/segments')).filter((s) => s.condition);
        const demoCounts = await timeCounts(api, demo, RUNS);
        progress('POST /api/v1/count, the suite\'s segments');
        const suiteCounts = await timeCounts(api, suiteConditions(), RUNS);
        return {
          meta: { ...environment(), date: new Date().toISOString().slice(0, 10), ...DEMO_SIZE, runs: RUNS },
          pages, edits, demoCounts, suiteCounts,
        };
      } finally {
        await browser.close();
      }
    } finally {
      await stopServer(server);
    }
  } finally {
    if (!keep) rmSync(base, { recursive: true, force: true });
  }
}

const over = (ms: number, budget: number): string => (ms > budget ? ' ✗' : '');

export function webTables(r: WebResult): { pages: Table; edits: Table; counts: Table } {
  const pages: Table = {
    headers: ['page', 'shown p50', 'max', 'first (cold)', 'baseline (same run)', 'baseline p50', 'ratio'],
    align: ['l', 'r', 'r', 'r', 'l', 'r', 'r'],
    rows: r.pages.map((p) => [p.name, `${fmtMs(p.p50Ms)}${over(p.p50Ms, PAGE_BUDGET_MS)}`, fmtMs(p.maxMs), fmtMs(p.coldMs), p.baselineLabel, fmtMs(p.baselineP50Ms), fmtRatio(ratio(p.p50Ms, p.baselineP50Ms))]),
  };
  const edits: Table = {
    headers: ['builder: last keystroke → every count updated', 'p50', 'max', 'POST count nodes (same run)', 'ratio'],
    align: ['l', 'r', 'r', 'r', 'r'],
    rows: r.edits.map((e) => [`${e.alias} (${e.input})`, `${fmtMs(e.p50Ms)}${over(e.p50Ms, COUNT_BUDGET_MS)}`, fmtMs(Math.max(...e.samplesMs)), fmtMs(e.serverP50Ms), fmtRatio(ratio(e.p50Ms, e.serverP50Ms))]),
  };
  const countRows = (set: string, list: readonly CountTiming[]): string[][] =>
    list.map((c) => [`${set} ${c.alias}`, String(c.nodes), `${fmtMs(c.nodesP50Ms)}${over(c.nodesP50Ms, COUNT_BUDGET_MS)}`, fmtMs(c.totalP50Ms), fmtRatio(ratio(c.nodesP50Ms, c.totalP50Ms))]);
  const counts: Table = {
    headers: ['POST /api/v1/count', 'nodes', 'nodes:true p50', 'total only p50 (baseline)', 'ratio'],
    align: ['l', 'r', 'r', 'r', 'r'],
    rows: [...countRows('demo', r.demoCounts), ...countRows('suite', r.suiteCounts)],
  };
  return { pages, edits, counts };
}

function heading(r: WebResult): string {
  const m = r.meta;
  return `web app on the demo workspace: ${m.contacts.toLocaleString('en-US')} contacts, ${m.events.toLocaleString('en-US')} events; ${m.cores} cores (${m.cpu}); node ${m.node}; `
    + `p50 of ${m.runs} runs after one cold load; git ${m.git?.commit ?? '?'}${m.git?.modified.length ? ` (src/ modified: ${m.git.modified.join(', ')})` : ''}`;
}

export function writeWebResults(dir: string, r: WebResult): { json: string; md: string; text: string } {
  const t = webTables(r);
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${r.meta.date}-web.json`);
  const md = join(dir, `${r.meta.date}-web.md`);
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, [`# Web app ${r.meta.date}`, '', heading(r), '', renderMarkdownTable(t.pages), '', renderMarkdownTable(t.edits), '', renderMarkdownTable(t.counts), ''].join('\n'));
  const text = [heading(r), '', renderTable(t.pages), '', renderTable(t.edits), '', renderTable(t.counts)].join('\n');
  return { json, md, text };
}

export async function runWebMode(keep: string | null, resultsDir: string): Promise<void> {
  const r = await runWeb(keep);
  const w = writeWebResults(resultsDir, r);
  process.stdout.write(`\n${w.text}\n\nwrote ${w.json}\n      ${w.md}\n`);
}
