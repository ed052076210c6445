export { startWebhooks, retryDelay, messageId, DEFAULT_BACKOFF, DEFAULT_TIMEOUT_MS } from './worker.js';
export type { Backoff, WebhookMetrics, WebhookWorker, WebhookWorkerOptions } from './worker.js';
export { createWebhook, listWebhooks, getWebhook, deleteWebhook, webhookDeliveries, sendTestDelivery, checkUrl } from './subscriptions.js';
export type { Webhook, CreatedWebhook, Delivery } from './subscriptions.js';
export { registerWebhookRoutes } from './routes.js';
export type { WebhookRouteDeps } from './routes.js';
export { newSecret, sign } from './signing.js';
