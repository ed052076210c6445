import { useParams } from 'react-router';
import { SegmentPage } from '@/features/segments';
import { WebhooksPanel } from '@/features/webhooks';

export function SegmentRoute() {
  const { alias = '' } = useParams();
  return <SegmentPage key={alias} alias={alias} webhooks={<WebhooksPanel segment={alias} />} />;
}
