// The segments feature: the list, one segment's page, and live counts.
export { SegmentsPage } from './components/segments-page';
export { SegmentPage } from './components/segment-page';
export { useLiveCounts } from './hooks/use-live-counts';
export { useSegments, type Segment } from './api/segments';
export { segmentKeys } from './api/keys';
