import { FieldsPage } from '@/features/fields';

export function FieldsRoute() {
  return <FieldsPage />;
}
