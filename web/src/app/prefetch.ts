import { useEffect } from 'react';
import { matchPath, useLocation } from 'react-router';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
// Straight from the features' api modules, not their index: the index would bring each
// page's components into the first script, which loads pages only when opened.
import { prefetchSegmentEditor } from '@/features/builder/api/queries';
import { prefetchContactPage } from '@/features/contacts/api/contacts';
import { prefetchSegmentPage, segmentTab } from '@/features/segments/api/prefetch';

// A page's data is asked for as soon as its address is known, beside the page's own
// script (most pages load theirs when first opened), instead of once the page has mounted.

function prefetchFor(qc: QueryClient, pathname: string, search: string): void {
  if (matchPath('/segments/new', pathname)) return prefetchSegmentEditor(qc, undefined);
  const edit = matchPath('/segments/:alias/edit', pathname);
  if (edit?.params.alias) return prefetchSegmentEditor(qc, edit.params.alias);
  const segment = matchPath('/segments/:alias', pathname);
  if (segment?.params.alias) return prefetchSegmentPage(qc, segment.params.alias, segmentTab(new URLSearchParams(search).get('tab')));
  const contact = matchPath('/contacts/:id', pathname);
  if (contact?.params.id) return prefetchContactPage(qc, contact.params.id);
}

export function usePrefetchRoute(enabled: boolean): void {
  const { pathname, search } = useLocation();
  const qc = useQueryClient();
  useEffect(() => { if (enabled) prefetchFor(qc, pathname, search); }, [enabled, qc, pathname, search]);
}
