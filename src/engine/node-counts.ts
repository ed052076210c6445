import type { Condition } from '../condition/types.js';
import { SegmintError, issue } from '../errors.js';
import { compileNodeCounts, countNodes } from '../sql/node-counts.js';
import { countRow } from '../store/insights.js';
import type { Workspace } from './workspace.js';

// How many contacts every node of a condition matches on its own — the whole tree, each
// group, each row, the child of each `not` — for a builder that shows a count beside every
// part as it is edited. One query computes all of them (see sql/node-counts.ts).

/** More nodes than this are refused: a builder never shows so many, and the query grows with them. */
export const MAX_COUNTED_NODES = 500;

export interface NodeCount {
  /** The node's place in the tree, as the engine's errors name it: `conditions[1].condition`; `""` for the root. */
  readonly path: string;
  readonly count: number;
}

export async function nodeCounts(ws: Workspace, c: Condition): Promise<{ count: number; nodes: NodeCount[] }> {
  const bound = await ws.bind(c);
  const n = countNodes(bound);
  if (n > MAX_COUNTED_NODES) {
    throw new SegmintError(issue('invalid_argument', `per-node counts are given for at most ${MAX_COUNTED_NODES} nodes; this condition has ${n} (ask for the total alone)`, ''));
  }
  const q = compileNodeCounts(bound, ws.store.dialect, ws);
  const counts = await countRow(ws.store, q);
  const nodes = q.paths.map((path, i) => ({ path, count: counts[i] }));
  return { count: nodes[0].count, nodes };
}
