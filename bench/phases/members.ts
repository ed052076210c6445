import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from '../../src/engine/index.js';
import { progress, timed } from '../measure.js';

export interface MembersMeasure {
  readonly alias: string;
  readonly rows: number;
  readonly ms: number;
  /** Of which reading the members from the store. */
  readonly queryMs: number;
  readonly bytes: number;
}

/**
 * `members ALIAS --format ids` of the largest segment into a file. The store has no
 * streaming read: `members()` returns the whole list, which is then written out.
 */
export async function exportMembers(ws: Workspace, alias: string, dir: string): Promise<MembersMeasure> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `members-${alias}.txt`);
  let queryMs = 0;
  const t = await timed(async () => {
    const q = await timed(() => ws.members(alias));
    queryMs = q.ms;
    const out = createWriteStream(path);
    const CHUNK = 10_000;
    for (let i = 0; i < q.value.length; i += CHUNK) {
      const ok = out.write(`${q.value.slice(i, i + CHUNK).join('\n')}\n`);
      if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return q.value.length;
  });
  const m = { alias, rows: t.value, ms: t.ms, queryMs, bytes: statSync(path).size };
  progress(`members ${alias}: ${m.rows.toLocaleString('en-US')} ids in ${m.ms.toFixed(0)} ms`);
  return m;
}
