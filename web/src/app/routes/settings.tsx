import { SettingsPage } from '@/features/settings';
import { WebhooksPanel } from '@/features/webhooks';

export function SettingsRoute() {
  return <SettingsPage webhooks={<WebhooksPanel />} />;
}
