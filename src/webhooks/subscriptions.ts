import { randomBytes } from 'node:crypto';
import { SegmintError, issue, type Issue } from '../errors.js';
import type { Live } from '../realtime/live.js';
import {
  changeLogEnd, deleteWebhookRow, ensureWebhookTables, getWebhookRow, insertWebhook, listDeliveries, listWebhookRows, pendingCounts, recordAttempt,
  type DeliveryRow, type DeliveryStatus, type WebhookRow,
} from '../store/webhooks.js';
import { attempt } from './deliver.js';
import { newSecret } from './signing.js';
import { DEFAULT_TIMEOUT_MS } from './worker.js';

// Webhook subscriptions as the API and the CLI see them. A new subscription is told only
// of changes logged after it was made; its secret is shown once, when it is made.

export interface Webhook {
  readonly id: string;
  readonly url: string;
  /** Aliases it is limited to; null: every segment. */
  readonly segments: string[] | null;
  readonly createdAt: string;
  readonly disabled: boolean;
  /** Changes it still owes its receiver. */
  readonly pending: number;
}

export interface CreatedWebhook {
  readonly id: string;
  readonly url: string;
  readonly segments: string[] | null;
  /** `whsec_…`: shown only here. */
  readonly secret: string;
  readonly createdAt: string;
}

export interface Delivery {
  readonly id: number;
  readonly webhookId: string;
  /** The change delivered; null for a test delivery. */
  readonly changeId: number | null;
  /** The `webhook-id` header sent. */
  readonly messageId: string;
  readonly attempt: number;
  readonly status: DeliveryStatus;
  readonly responseCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly at: string;
  /** When the next attempt is due, for a failed attempt that will be retried. */
  readonly nextAttemptAt: string | null;
}

export const MAX_URL_LENGTH = 2_048;

const iso = (ms: number): string => new Date(ms).toISOString();

/** A receiver's URL: absolute, http or https, with a host. */
export function checkUrl(input: string): string {
  const bad = (why: string): never => {
    throw new SegmintError(issue('invalid_value', `the webhook URL ${why}`, 'url'));
  };
  if (input.length > MAX_URL_LENGTH) bad(`is longer than ${MAX_URL_LENGTH} characters`);
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    return bad(`"${input}" is not an absolute URL (e.g. https://example.com/hooks/segmint)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') bad(`must use http or https, not ${u.protocol.replace(/:$/, '')}`);
  if (!u.hostname) bad('has no host');
  return u.toString();
}

function view(w: WebhookRow, pending: number): Webhook {
  return { id: w.id, url: w.url, segments: w.segments && [...w.segments], createdAt: iso(w.createdAt), disabled: w.disabled, pending };
}

function deliveryView(d: DeliveryRow): Delivery {
  return {
    id: d.id, webhookId: d.webhookId, changeId: d.changeId, messageId: d.messageId, attempt: d.attempt, status: d.status,
    responseCode: d.responseCode, error: d.error, durationMs: d.durationMs, at: iso(d.at), nextAttemptAt: d.nextAttemptAt === null ? null : iso(d.nextAttemptAt),
  };
}

function notFound(id: string): SegmintError {
  return new SegmintError(issue('not_found', `no webhook "${id}"`, 'id'));
}

export async function createWebhook(live: Live, input: { readonly url: string; readonly segments?: readonly string[] | null }): Promise<CreatedWebhook> {
  const url = checkUrl(input.url);
  const wanted = input.segments ?? null;
  if (wanted !== null && !wanted.length) throw new SegmintError(issue('invalid_value', 'segments is empty: name at least one alias, or leave it out for every segment', 'segments'));
  return live.read(async (ws) => {
    const sql = await ensureWebhookTables(ws.store.sql);
    let segments: string[] | null = null;
    if (wanted !== null) {
      const known = new Set((await ws.store.listSegments()).map((s) => s.alias));
      const unknown: Issue[] = wanted.flatMap((a, i) => (known.has(a) ? [] : [issue('unknown_segment', `there is no segment "${a}"`, `segments[${i}]`)]));
      if (unknown.length) throw new SegmintError(unknown);
      segments = [...new Set(wanted)];
    }
    const row = { id: `wh_${randomBytes(8).toString('hex')}`, url, segments, secret: newSecret(), createdAt: Date.now(), cursor: await changeLogEnd(sql) };
    await insertWebhook(sql, row);
    return { id: row.id, url, segments: segments && [...segments], secret: row.secret, createdAt: iso(row.createdAt) };
  });
}

export async function listWebhooks(live: Live): Promise<Webhook[]> {
  return live.read(async (ws) => {
    const sql = await ensureWebhookTables(ws.store.sql);
    const pending = await pendingCounts(sql);
    return (await listWebhookRows(sql)).map((w) => view(w, pending.get(w.id) ?? 0));
  });
}

export async function getWebhook(live: Live, id: string): Promise<Webhook> {
  return live.read(async (ws) => {
    const sql = await ensureWebhookTables(ws.store.sql);
    const w = await getWebhookRow(sql, id);
    if (!w) throw notFound(id);
    return view(w, (await pendingCounts(sql)).get(w.id) ?? 0);
  });
}

/** Remove a subscription: nothing more is sent to it, and its delivery log goes with it. */
export async function deleteWebhook(live: Live, id: string): Promise<void> {
  const gone = await live.read(async (ws) => {
    const sql = await ensureWebhookTables(ws.store.sql);
    return ws.store.transaction(() => deleteWebhookRow(sql, id));
  });
  if (!gone) throw notFound(id);
}

export const MAX_DELIVERIES_PAGE = 500;

/** A subscription's delivery attempts, newest first; `next` pages on (null: no more). */
export async function webhookDeliveries(live: Live, id: string, q: { readonly limit?: number; readonly before?: number } = {}): Promise<{ deliveries: Delivery[]; next: number | null }> {
  const limit = Math.min(Math.max(1, q.limit ?? 50), MAX_DELIVERIES_PAGE);
  return live.read(async (ws) => {
    const sql = await ensureWebhookTables(ws.store.sql);
    if (!(await getWebhookRow(sql, id))) throw notFound(id);
    const rows = await listDeliveries(sql, id, { limit, before: q.before });
    return { deliveries: rows.map(deliveryView), next: rows.length === limit ? rows[rows.length - 1].id : null };
  });
}

/**
 * Send a `webhook.test` message now, signed like any other, and log it. One attempt, no
 * retry; the subscription's owed changes are not touched.
 */
export async function sendTestDelivery(live: Live, id: string, opts: { readonly timeoutMs?: number; readonly now?: () => number } = {}): Promise<Delivery> {
  const w = await live.read(async (ws) => getWebhookRow(await ensureWebhookTables(ws.store.sql), id));
  if (!w) throw notFound(id);
  const messageId = `msg_${w.id}_test_${randomBytes(6).toString('hex')}`;
  const out = await attempt(w.url, w.secret, { id: messageId, type: 'webhook.test', data: { webhookId: w.id } }, {
    now: opts.now ?? Date.now, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  return live.read(async (ws) => {
    const sql = await ensureWebhookTables(ws.store.sql);
    await recordAttempt(sql, {
      webhookId: w.id, changeId: null, messageId, attempt: 1, status: out.ok ? 'delivered' : 'failed',
      responseCode: out.responseCode, error: out.error, durationMs: out.durationMs, at: out.at, nextAttemptAt: null,
    });
    const [row] = await listDeliveries(sql, w.id, { limit: 1 });
    if (!row || row.messageId !== messageId) throw notFound(id);
    return deliveryView(row);
  });
}
