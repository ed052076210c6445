import type { BenchResult } from './result.js';

// Targets of DESIGN.md "Performance" (and the bench issue). They are set for M;
// on S they are reported for information only. Set agreement holds at every size.

export interface TargetCheck {
  readonly id: string;
  readonly name: string;
  readonly target: string;
  readonly actual: string;
  /** null: not measured in this run. */
  readonly ok: boolean | null;
  /** Whether `--check` fails the run on a miss at this size. */
  readonly enforced: boolean;
}

export const LIMITS = {
  rebuildMs: 5_000,
  rebuildVsHand: 1.5,
  unchangedMs: 2_000,
  previewP95Ms: 500,
  importMs: 60_000,
  rssBytes: 2 * 1024 ** 3,
} as const;

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const msText = (ms: number): string => `${Math.round(ms)} ms`;
const gib = (b: number): string => `${(b / 1024 ** 3).toFixed(2)} GiB`;

export function checkTargets(r: BenchResult): TargetCheck[] {
  const onM = r.meta.size === 'M';
  const out: TargetCheck[] = [];
  const add = (id: string, name: string, target: string, ok: boolean | null, actual: string, enforced = onM): void => {
    out.push({ id, name, target, actual, ok, enforced });
  };
  const first = r.rebuild.first;
  add('rebuild_time', 'full suite rebuild (first build)', `≤ ${s(LIMITS.rebuildMs)}`, first ? first.ms <= LIMITS.rebuildMs : null, first ? s(first.ms) : 'not measured');
  const allHand = r.segments.length === r.meta.suiteSize && r.segments.every((x) => x.hand !== null) && r.handSumMs !== null;
  add(
    'rebuild_vs_hand', 'full suite rebuild vs sum of hand-written SQL', `≤ ${LIMITS.rebuildVsHand}×`,
    first && allHand ? first.ms <= LIMITS.rebuildVsHand * (r.handSumMs as number) : null,
    first && allHand ? `${(first.ms / (r.handSumMs as number)).toFixed(2)}× (${s(first.ms)} vs ${s(r.handSumMs as number)})` : 'not measured',
  );
  const un = r.rebuild.unchanged;
  const re = r.rebuild.reopened;
  add('unchanged_time', 'rebuild with nothing changed', `≤ ${s(LIMITS.unchangedMs)}`, un ? un.ms <= LIMITS.unchangedMs : null, un ? s(un.ms) : 'not measured');
  add(
    'unchanged_reopened_time', 'same, first rebuild after reopening the store', `≤ ${s(LIMITS.unchangedMs)} (informational)`,
    re ? re.ms <= LIMITS.unchangedMs : null, re ? s(re.ms) : 'not measured', false,
  );
  const quiet = [un, re].filter((x) => x !== null);
  add(
    'unchanged_writes', 'rebuild with nothing changed writes nothing', 'no membership change, changes log unchanged',
    quiet.length ? quiet.every((x) => x?.changed === 0 && x.logged === 0) : null,
    quiet.length ? quiet.map((x) => `${x?.changed} changes, log +${x?.logged}`).join('; ') : 'not measured', true,
  );
  const previews = r.segments.filter((x) => x.preview !== null);
  const slow = previews.filter((x) => (x.preview?.p95 ?? 0) > LIMITS.previewP95Ms).map((x) => `${x.alias} ${msText(x.preview?.p95 ?? 0)}`);
  const worst = previews.reduce<{ alias: string; p95: number } | null>((w, x) => {
    const p95 = x.preview?.p95 ?? 0;
    return w === null || p95 > w.p95 ? { alias: x.alias, p95 } : w;
  }, null);
  add(
    'preview_p95', 'preview count p95, every suite segment', `≤ ${msText(LIMITS.previewP95Ms)}`,
    previews.length ? slow.length === 0 : null,
    !worst ? 'not measured' : slow.length ? `over: ${slow.join(', ')}` : `max ${msText(worst.p95)} (${worst.alias})`,
  );
  const imp = r.import.ndjson;
  add('import_time', 'import contacts + events (NDJSON)', `≤ ${s(LIMITS.importMs)}`, imp ? imp.ms <= LIMITS.importMs : null, imp ? s(imp.ms) : 'not measured');
  add('peak_rss', 'peak RSS of the process (engine phases)', `≤ ${gib(LIMITS.rssBytes)}`, r.rss.peakBytes <= LIMITS.rssBytes, gib(r.rss.peakBytes));
  const checks = r.segments.flatMap((x) => [
    ...(x.hand ? [{ alias: x.alias, what: 'hand SQL', c: x.hand.check }] : []),
    ...(x.handAfterDelta ? [{ alias: x.alias, what: 'hand SQL after delta', c: x.handAfterDelta }] : []),
    ...(x.memory ? [{ alias: x.alias, what: 'in-memory', c: x.memory.check }] : []),
  ]);
  const bad = checks.filter((x) => !x.c.match).map((x) => `${x.alias} (${x.what}: engine ${x.c.engineCount}, baseline ${x.c.otherCount})`);
  add(
    'sets_agree', 'engine sets equal the baselines', 'every hand SQL and in-memory set equals the engine membership',
    checks.length ? bad.length === 0 : null, checks.length ? (bad.length ? `differ: ${bad.join('; ')}` : `${checks.length} comparisons equal`) : 'not measured', true,
  );
  return out;
}

/** The targets `--check` fails on: enforced, measured and missed. */
export function missed(checks: readonly TargetCheck[]): TargetCheck[] {
  return checks.filter((c) => c.enforced && c.ok === false);
}
