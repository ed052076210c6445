import type { Workspace } from '../../src/engine/index.js';
import type { SuiteSegment } from '../suite.js';
import { percentile, progress, timed } from '../measure.js';

export interface PreviewMeasure {
  readonly alias: string;
  readonly count: number;
  readonly runs: readonly number[];
  readonly p50: number;
  readonly p95: number;
}

/** `Workspace.count` of each segment's condition: one warm-up, then `runs` timed calls. */
export async function previewCounts(ws: Workspace, segments: readonly SuiteSegment[], runs: number): Promise<PreviewMeasure[]> {
  const out: PreviewMeasure[] = [];
  for (const s of segments) {
    const count = await ws.count(s.condition);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = await timed(() => ws.count(s.condition));
      if (t.value !== count) throw new Error(`preview count of ${s.alias} changed between runs: ${count} then ${t.value}`);
      times.push(t.ms);
    }
    const m = { alias: s.alias, count, runs: times, p50: percentile(times, 50), p95: percentile(times, 95) };
    progress(`preview ${s.alias}: ${count.toLocaleString('en-US')} contacts, p50 ${m.p50.toFixed(0)} ms, p95 ${m.p95.toFixed(0)} ms`);
    out.push(m);
  }
  return out;
}
