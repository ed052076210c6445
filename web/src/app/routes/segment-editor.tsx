import { useParams } from 'react-router';
import { SegmentEditorPage } from '@/features/builder';

// The segment editor (/segments/new, /segments/new?template=ID, /segments/:alias/edit)
// is the builder feature's page.

export function SegmentEditorRoute() {
  const { alias } = useParams();
  return <SegmentEditorPage key={alias ?? 'new'} />;
}
