import { ImportPage } from '@/features/import';

export function ImportRoute() {
  return <ImportPage />;
}
