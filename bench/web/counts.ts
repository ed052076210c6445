import type { Browser } from 'playwright-core';
import { median } from '../measure.js';
import type { Api } from './api.js';
import { EDITOR_COUNTED, loadMs, signedInPage, waitReady } from './pages.js';

// The builder's counts: the server's time for POST /api/v1/count with "nodes": true (every
// group and row counted on its own, as the builder asks) beside the same call without
// nodes (the total only); and, in the browser, from the last keystroke of a typed value to
// every count shown for the new tree (this includes the builder's 200 ms wait for typing
// to stop).

export interface CountTiming {
  readonly alias: string;
  readonly nodes: number;
  readonly nodesP50Ms: number;
  readonly totalP50Ms: number;
}

export interface EditTiming {
  readonly alias: string;
  readonly input: string;
  readonly samplesMs: readonly number[];
  readonly p50Ms: number;
  /** POST count with nodes for the edited trees, from Node, in the same run. */
  readonly serverP50Ms: number;
}

export async function timeCounts(api: Api, conditions: readonly { alias: string; condition: unknown }[], runs: number): Promise<CountTiming[]> {
  const out: CountTiming[] = [];
  for (const { alias, condition } of conditions) {
    const withNodes = { condition, nodes: true };
    const first = await api.post<{ nodes?: unknown[] }>('/api/v1/count', withNodes);
    await api.post('/api/v1/count', { condition });
    const nodes: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await api.post('/api/v1/count', withNodes);
      nodes.push(performance.now() - t);
      t = performance.now();
      await api.post('/api/v1/count', { condition });
      total.push(performance.now() - t);
    }
    out.push({ alias, nodes: first.nodes?.length ?? 1, nodesP50Ms: median(nodes), totalP50Ms: median(total) });
  }
  return out;
}

export interface EditCase {
  readonly alias: string;
  /** The accessible name of the number input typed into. */
  readonly input: string;
  readonly values: readonly number[];
  /** The segment's condition with this value typed in (the server-side baseline). */
  condition(value: number): unknown;
}

export async function timeEdit(browser: Browser, url: string, key: string, api: Api, c: EditCase): Promise<EditTiming> {
  const page = await signedInPage(browser, url, key);
  try {
    await loadMs(page, `/segments/${c.alias}/edit`, EDITOR_COUNTED);
    // Timed from the last keystroke: how fast one types is not the app's.
    await page.evaluate(() => document.addEventListener('keydown', () => { (window as unknown as { lastKey: number }).lastKey = performance.now(); }, true));
    const input = page.locator(`input[aria-label="${c.input}"]`);
    const samplesMs: number[] = [];
    const server: number[] = [];
    for (const value of c.values) {
      const before = await page.locator('[data-testid=total] [data-total]').getAttribute('data-total');
      await input.click();
      await input.press('ControlOrMeta+a');
      await input.pressSequentially(String(value));
      const done = await waitReady(page, { kind: 'counted', notTotal: before });
      samplesMs.push(done - await page.evaluate(() => (window as unknown as { lastKey: number }).lastKey));
      const t = performance.now();
      await api.post('/api/v1/count', { condition: c.condition(value), nodes: true });
      server.push(performance.now() - t);
    }
    return { alias: c.alias, input: c.input, samplesMs, p50Ms: median(samplesMs), serverP50Ms: median(server) };
  } finally {
    await page.context().close();
  }
}
