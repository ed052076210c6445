import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useChanges, type Change } from '@/lib/change-stream';
import type { AllHistory, History } from '../api/analytics';
import { segmentKeys } from '../api/keys';
import type { Segment, SegmentDetail } from '../api/segments';

// Counts that move as the server logs changes: each entered/left from the change stream
// adjusts the cached member counts and today's history at once, and a refetch a few
// seconds later trues them up with the server's own numbers.

const RESYNC_MS = 4000;

function delta(changes: readonly Change[]): Map<string, { entered: number; left: number }> {
  const d = new Map<string, { entered: number; left: number }>();
  for (const c of changes) {
    const x = d.get(c.segment) ?? { entered: 0, left: 0 };
    if (c.change === 'entered') x.entered++; else x.left++;
    d.set(c.segment, x);
  }
  return d;
}

type Day = History['days'][number];

/** The last day (today) with the changes added. */
function addToToday(days: readonly Day[], x: { entered: number; left: number }): Day[] {
  const out = days.slice();
  const last = out[out.length - 1];
  out[out.length - 1] = { ...last, size: last.size + x.entered - x.left, entered: last.entered + x.entered, left: last.left + x.left };
  return out;
}

export function applyChanges(qc: QueryClient, changes: readonly Change[]): void {
  const d = delta(changes);
  for (const [key] of qc.getQueriesData<AllHistory>({ queryKey: ['segments', 'all-history'] })) {
    qc.setQueryData<AllHistory>(key, (all) => all && {
      ...all,
      segments: all.segments.map((s) => { const x = d.get(s.segment); return x && s.days.length ? { ...s, days: addToToday(s.days, x) } : s; }),
    });
  }
  qc.setQueryData<Segment[]>(segmentKeys.list(), (list) => list?.map((s) => {
    const x = d.get(s.alias);
    return x ? { ...s, members: s.members + x.entered - x.left } : s;
  }));
  for (const [alias, x] of d) {
    qc.setQueryData<SegmentDetail>(segmentKeys.detail(alias), (s) => (s ? { ...s, members: s.members + x.entered - x.left } : s));
    for (const [key] of qc.getQueriesData<History>({ queryKey: ['segments', 'history', alias] })) {
      qc.setQueryData<History>(key, (h) => (h?.days.length ? { ...h, days: addToToday(h.days, x) } : h));
    }
  }
}

/** Keep every cached segment count live; call once, high in the tree. */
export function useLiveCounts(): void {
  const qc = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onChanges = useCallback((changes: readonly Change[]) => {
    applyChanges(qc, changes);
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void qc.invalidateQueries({ queryKey: segmentKeys.list() });
      void qc.invalidateQueries({ queryKey: ['segments', 'detail'] });
      void qc.invalidateQueries({ queryKey: ['segments', 'history'] });
      void qc.invalidateQueries({ queryKey: ['segments', 'all-history'] });
    }, RESYNC_MS);
  }, [qc]);
  useChanges(onChanges);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
}

export interface RecentActivity { entered: number; left: number; at: number }

/** Changes per segment since the component mounted (for "+3 −1 just now" marks). */
export function useRecentActivity(only?: string): Map<string, RecentActivity> {
  const [map, setMap] = useState<Map<string, RecentActivity>>(() => new Map());
  const onChanges = useCallback((changes: readonly Change[]) => {
    const d = delta(only ? changes.filter((c) => c.segment === only) : changes);
    if (!d.size) return;
    setMap((prev) => {
      const next = new Map(prev);
      const now = Date.now();
      for (const [a, x] of d) {
        const p = next.get(a) ?? { entered: 0, left: 0, at: now };
        next.set(a, { entered: p.entered + x.entered, left: p.left + x.left, at: now });
      }
      return next;
    });
  }, [only]);
  useChanges(onChanges);
  return map;
}
