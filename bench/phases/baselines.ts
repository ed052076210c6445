import type { Workspace } from '../../src/engine/index.js';
import type { SuiteSegment } from '../suite.js';
import { compareSets, type SetComparison } from '../baselines/compare.js';
import { columnKind, describeTouched, floorSql, touchedColumns } from '../baselines/floor.js';
import type { HandQuery } from '../baselines/hand-sql.js';
import { median, progress, repeat } from '../measure.js';

export interface HandMeasure {
  readonly alias: string;
  readonly sql: string;
  readonly runs: readonly number[];
  readonly ms: number;
  readonly check: SetComparison;
}

export interface FloorMeasure {
  readonly alias: string;
  readonly columns: readonly string[];
  readonly sql: string;
  readonly runs: readonly number[];
  readonly ms: number;
}

const query = (sql: string): { sql: string; params: [] } => ({ sql, params: [] });

/** The hand query's set against the engine's stored membership. */
export async function checkHand(ws: Workspace, q: HandQuery): Promise<SetComparison> {
  return compareSets(await ws.members(q.alias), await ws.store.queryIds(query(q.sql)));
}

/**
 * The hand query as timed: its ids counted through the store, with a filter on each id
 * so that DuckDB has to produce them (a bare `count(*)` of `SELECT id FROM contacts` is
 * answered from the table's row count without reading anything).
 */
export function timedHandSql(sql: string): string {
  return `SELECT id FROM (${sql}) WHERE strlen(id) > 0`;
}

/** Time each hand query and check its set against the engine. */
export async function runHand(ws: Workspace, queries: readonly HandQuery[], runs: number): Promise<HandMeasure[]> {
  const out: HandMeasure[] = [];
  for (const q of queries) {
    const times = await repeat(runs, () => ws.store.countQuery(query(timedHandSql(q.sql))));
    const check = await checkHand(ws, q);
    const m = { alias: q.alias, sql: q.sql, runs: times, ms: median(times), check };
    progress(`hand SQL ${q.alias}: ${m.ms.toFixed(1)} ms, ${check.other.count.toLocaleString('en-US')} ids, ${check.match ? 'same set as the engine' : `DIFFERS from the engine (${check.engine.count.toLocaleString('en-US')})`}`);
    out.push(m);
  }
  return out;
}

export async function runFloor(ws: Workspace, segments: readonly SuiteSegment[], runs: number): Promise<FloorMeasure[]> {
  const fields = await ws.registry();
  const out: FloorMeasure[] = [];
  for (const s of segments) {
    const touched = touchedColumns(s.condition);
    const sql = floorSql(touched, (key) => columnKind(fields.get(key)));
    const times = await repeat(runs, () => ws.store.countQuery(query(sql)));
    out.push({ alias: s.alias, columns: describeTouched(touched), sql, runs: times, ms: median(times) });
  }
  progress(`floor scans: ${out.map((f) => `${f.alias} ${f.ms.toFixed(1)}`).join(', ')} ms`);
  return out;
}
