import { createHash } from 'node:crypto';

// Set equality between the engine and a baseline: count and a hash of the sorted ids,
// plus a few ids on each side when they differ (for the report's findings).

export interface SetDigest {
  readonly count: number;
  readonly hash: string;
}

export interface SetComparison {
  readonly engine: SetDigest;
  readonly other: SetDigest;
  readonly match: boolean;
  /** Up to 5 ids only the engine has, and only the baseline has. */
  readonly onlyEngine: readonly string[];
  readonly onlyOther: readonly string[];
}

function sorted(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

export function digest(ids: readonly string[]): SetDigest {
  const s = sorted(ids);
  return { count: s.length, hash: createHash('sha256').update(s.join('\n')).digest('hex').slice(0, 16) };
}

export function compareSets(engine: readonly string[], other: readonly string[]): SetComparison {
  const e = digest(engine);
  const o = digest(other);
  const match = e.count === o.count && e.hash === o.hash;
  if (match) return { engine: e, other: o, match, onlyEngine: [], onlyOther: [] };
  const es = new Set(engine);
  const os = new Set(other);
  return {
    engine: e, other: o, match,
    onlyEngine: sorted(engine.filter((id) => !os.has(id))).slice(0, 5),
    onlyOther: sorted(other.filter((id) => !es.has(id))).slice(0, 5),
  };
}
