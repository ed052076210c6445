import { SegmentsPage } from '@/features/segments';
import { TemplateButton } from './templates';

export function SegmentsRoute() {
  return <SegmentsPage templateAction={<TemplateButton />} />;
}
