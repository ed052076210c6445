import type { QueryClient } from '@tanstack/react-query';
import { historyQuery, upcomingQuery } from './analytics';
import { FIRST_PAGE, membersQuery } from './members';
import { segmentQuery, segmentsQuery } from './segments';
import { versionsQuery } from './versions';

// What a segment's page asks for first, started as soon as its address is known — beside
// loading the page's script, not after it — and only for the tab that is open.

export const SEGMENT_TABS = ['members', 'analytics', 'upcoming', 'history', 'webhooks'] as const;
export type SegmentTab = typeof SEGMENT_TABS[number];

/** The tab an address's `?tab=` names; members unless it names another. */
export function segmentTab(value: string | null): SegmentTab {
  return SEGMENT_TABS.includes(value as SegmentTab) ? value as SegmentTab : 'members';
}

/** Each tab's first look: the same requests (and defaults) as its panel makes. */
export function prefetchSegmentPage(qc: QueryClient, alias: string, tab: SegmentTab): void {
  void qc.prefetchQuery(segmentQuery(alias));
  // "Used by" and the names of the segments it refers to.
  void qc.prefetchQuery(segmentsQuery);
  if (tab === 'members') void qc.prefetchQuery(membersQuery(alias, FIRST_PAGE));
  if (tab === 'analytics') void qc.prefetchQuery(historyQuery(alias, 30));
  if (tab === 'upcoming') void qc.prefetchQuery(upcomingQuery(alias, 7));
  if (tab === 'history') void qc.prefetchQuery(versionsQuery(alias));
}
