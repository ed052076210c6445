import type { ChangeRecord, Live } from '../realtime/live.js';
import {
  duePending, ensureWebhookTables, getWebhookRow, listWebhookRows, pruneDeliveries, recordAttempts, subscriptionsVersion, takeChanges,
  type DeliveryAttempt, type DeliveryStatus, type PendingDelivery, type WebhookRow,
} from '../store/webhooks.js';
import type { SqlRunner } from '../store/index.js';
import { attempt } from './deliver.js';

// The delivery worker. It takes each subscription's changes from the durable change log
// into the store (webhooks.ts there) and sends them, signed, retrying with exponential
// backoff. A contact's changes reach a receiver in log order: a later one is not sent
// while an earlier one is still owed; different contacts proceed side by side. All of its
// progress is in the store, so a new worker carries on where a stopped or killed one left
// off, with the same `webhook-id`s (delivery is at least once).

export interface Backoff {
  /** Wait after the first failed attempt; each further failure doubles it. */
  readonly baseMs: number;
  /** The longest wait between two attempts. */
  readonly maxMs: number;
  /** Attempts in all; after the last one fails the change is marked failed and the contact's next change goes on. */
  readonly maxAttempts: number;
}

/** 1 s, 2 s, 4 s … 512 s, then 10 min between attempts; 20 attempts: given up about 1 h 47 min after the first. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 10 * 60_000, maxAttempts: 20 };
export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Days an attempt stays in the delivery log. Every attempt is a row, so a busy workspace's
 * log would otherwise grow without end; a month is what a person looks back on to see
 * why a receiver missed something (Stripe keeps 30 days of deliveries). Owed deliveries
 * are not in the log and are never dropped by this.
 */
export const DEFAULT_LOG_DAYS = 30;
/** How often attempts past the log's days are deleted. */
const PRUNE_EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;
const DEFAULT_POLL_MS = 1_000;
const DEFAULT_CONCURRENCY = 16;
/** Changes read from the log at a time, and pages read per round before sending resumes. */
const PAGE = 1_000;
const PAGES_PER_ROUND = 10;
/**
 * Rounds start at least this far apart. Every group of writes kicks one, and a round
 * reads the store several times on the queue the writes wait in: back to back, at 2,000
 * single-event writes a second (S), one subscription made them ten times slower.
 */
const MIN_ROUND_GAP_MS = 100;
/** The worker's store work waits for writes and reads people wait for. */
const BACKGROUND = { background: true } as const;
/** Due deliveries a round finds at most (each round sends what it found while the next gap runs). */
const QUEUED = 1_000;

/** Where attempts are counted: the server's Metrics fits (`segmint_webhook_deliveries_total{outcome}`). */
export interface WebhookMetrics {
  /** One attempt ended: delivered, failed with another attempt to come, or failed for good. */
  readonly webhookDeliveries: { inc(labels: { outcome: DeliveryStatus }): void };
}

export interface WebhookWorkerOptions {
  readonly live: Live;
  readonly metrics?: WebhookMetrics;
  /** The clock of `webhook-timestamp`, the payload's `timestamp` and retry times; the wall clock by default (receivers check it). */
  readonly now?: () => number;
  readonly backoff?: Partial<Backoff>;
  /** How long a receiver has to answer an attempt. */
  readonly timeoutMs?: number;
  /** How often the log is read even without a notification. */
  readonly pollMs?: number;
  /** Attempts in flight at once. */
  readonly concurrency?: number;
  /** Where errors of the worker itself (not of receivers) go; it carries on at the next round. */
  readonly onError?: (e: unknown) => void;
  /** Days an attempt stays in the delivery log (DEFAULT_LOG_DAYS). */
  readonly logDays?: number;
}

export interface WebhookWorker {
  /** Stop taking new work; resolves once the attempts in flight have ended and been logged. */
  stop(): Promise<void>;
  /** Look at the log and the owed deliveries now rather than at the next poll. */
  kick(): void;
}

/** The wait after failed attempt number `n` (1-based). */
export function retryDelay(n: number, b: Backoff): number {
  return Math.min(b.maxMs, b.baseMs * 2 ** Math.min(n - 1, 52));
}

/** The `webhook-id` of a change for a subscription: the same on every attempt, in every process. */
export function messageId(webhookId: string, changeId: number): string {
  return `msg_${webhookId}_${changeId}`;
}

export function wants(w: WebhookRow, c: Pick<ChangeRecord, 'segment'>): boolean {
  return w.segments === null || w.segments.includes(c.segment);
}

export function startWebhooks(opts: WebhookWorkerOptions): WebhookWorker {
  const { live } = opts;
  const now = opts.now ?? Date.now;
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const logDays = opts.logDays ?? DEFAULT_LOG_DAYS;
  const onError = opts.onError ?? ((e: unknown) => process.stderr.write(`segmint: webhook delivery: ${(e as Error)?.stack ?? String(e)}\n`));

  let stopped = false;
  let round: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  /** Attempts under way, by `webhookId/changeId`. */
  const inflight = new Map<string, Promise<void>>();
  let subscriptions = new Map<string, WebhookRow>();
  let listed: { sql: SqlRunner; version: number; rows: WebhookRow[] } | null = null;

  /** Take every subscription's new changes from the log; true when the log has more than one round read. */
  async function takeFromLog(): Promise<boolean> {
    // With no subscription active and none come or gone there is nothing to take, and no
    // reason to queue a read (it brings every journaled write into DuckDB first).
    if (listed && subscriptionsVersion(listed.sql) === listed.version && !listed.rows.some((w) => !w.disabled)) return false;
    // Listed again only when a subscription came or went: every group of writes kicks a round.
    const subs = await live.read(async (ws) => {
      const sql = await ensureWebhookTables(ws.store.sql);
      const version = subscriptionsVersion(sql);
      if (listed?.sql !== sql || listed.version !== version) listed = { sql, version, rows: await listWebhookRows(sql) };
      return listed.rows;
    }, BACKGROUND);
    subscriptions = new Map(subs.map((w) => [w.id, w]));
    const active = subs.filter((w) => !w.disabled);
    if (!active.length) return false;
    let after = Math.min(...active.map((w) => w.cursor));
    for (let i = 0; i < PAGES_PER_ROUND && !stopped; i++) {
      const page = await live.changes({ after, limit: PAGE }, BACKGROUND);
      if (!page.changes.length) return false;
      const last = page.changes[page.changes.length - 1].id;
      await live.read((ws) => ws.store.transaction(async () => {
        for (const { id } of active) {
          // Read again inside the transaction: a subscription deleted meanwhile takes nothing.
          const w = await getWebhookRow(ws.store.sql, id);
          if (!w || w.cursor >= last) continue;
          const owed = page.changes.filter((c) => c.id > w.cursor && wants(w, c))
            .map((c) => ({ changeId: c.id, segment: c.segment, contactId: c.contactId, change: c.change, at: c.at }));
          await takeChanges(ws.store.sql, w.id, owed, last, now());
        }
      }), BACKGROUND);
      // The list kept holds each subscription's cursor as taken (the store's own is read above).
      if (listed) listed = { ...listed, rows: listed.rows.map((w) => (active.some((a) => a.id === w.id) && w.cursor < last ? { ...w, cursor: last } : w)) };
      after = last;
      if (page.changes.length < PAGE) return false;
    }
    return true;
  }

  /**
   * Owed deliveries found due and not started yet: each the oldest owed change of its
   * contact, so any order among them keeps every contact's changes in log order. A
   * finished attempt starts the next from here, without a round.
   */
  let queued: PendingDelivery[] = [];

  /** Find the owed deliveries that are due and start them; when the next one falls due. */
  async function sendDue(): Promise<number | null> {
    if (!subscriptions.size) return null;
    // Enough found last time to keep every slot busy: the store is asked again once it runs low.
    if (queued.length >= concurrency) {
      pump();
      return null;
    }
    const { due, nextAt, dropped } = await live.read((ws) => duePending(ws.store.sql, now(), QUEUED + inflight.size), BACKGROUND);
    // Changes behind the dropped ones may be due now.
    if (dropped) again = true;
    queued = due.filter((p) => !inflight.has(`${p.webhookId}/${p.changeId}`));
    pump();
    return nextAt;
  }

  /** Start queued deliveries up to the concurrency; once the queue is empty, look for more. */
  function pump(): void {
    while (inflight.size < concurrency && queued.length && !stopped) {
      const p = queued.shift() as PendingDelivery;
      const key = `${p.webhookId}/${p.changeId}`;
      const w = subscriptions.get(p.webhookId);
      if (!w || inflight.has(key)) continue;
      const job = send(w, p).catch(onError).finally(() => {
        inflight.delete(key);
        if (queued.length) pump();
        else kick();
      });
      inflight.set(key, job);
    }
  }

  async function send(w: WebhookRow, p: PendingDelivery): Promise<void> {
    const id = messageId(w.id, p.changeId);
    const out = await attempt(w.url, w.secret, {
      id, type: `segment.${p.change}`, data: { segment: p.segment, contactId: p.contactId, at: new Date(p.at).toISOString() },
    }, { now, timeoutMs });
    const n = p.attempts + 1;
    const status: DeliveryStatus = out.ok ? 'delivered' : n >= backoff.maxAttempts ? 'failed' : 'retrying';
    const nextAttemptAt = status === 'retrying' ? now() + retryDelay(n, backoff) : null;
    // Until it is logged the change stays owed (and in flight, so it is not sent again).
    await log({
      webhookId: w.id, changeId: p.changeId, messageId: id, attempt: n, status,
      responseCode: out.responseCode, error: out.error, durationMs: out.durationMs, at: out.at, nextAttemptAt,
    });
    opts.metrics?.webhookDeliveries.inc({ outcome: status });
  }

  /**
   * Attempts that ended, logged together: one transaction for all that ended while the last
   * one was written (a transaction an attempt held the writes' queue for most of its time).
   */
  let ended: { readonly a: DeliveryAttempt; readonly done: () => void; readonly fail: (e: unknown) => void }[] = [];
  let logging = false;
  function log(a: DeliveryAttempt): Promise<void> {
    return new Promise<void>((done, fail) => {
      ended.push({ a, done, fail });
      if (logging) return;
      logging = true;
      void (async () => {
        while (ended.length) {
          const batch = ended;
          ended = [];
          try {
            await live.read((ws) => ws.store.transaction(() => recordAttempts(ws.store.sql, batch.map((b) => b.a))), BACKGROUND);
            for (const b of batch) b.done();
          } catch (e) {
            for (const b of batch) b.fail(e);
          }
        }
        logging = false;
      })();
    });
  }

  /** On the worker's clock: when attempts before the log's days were last deleted. */
  let prunedAt = -Infinity;
  async function pruneLog(): Promise<void> {
    const t = now();
    if (t - prunedAt < PRUNE_EVERY_MS || !subscriptions.size) return;
    prunedAt = t;
    await live.read((ws) => pruneDeliveries(ws.store.sql, t - logDays * DAY_MS), BACKGROUND);
  }

  /** One round: take from the log and start what is due; when the next owed delivery falls due. */
  async function oneRound(): Promise<number | null> {
    again = false;
    try {
      if (await takeFromLog()) again = true;
      if (!stopped) await pruneLog();
      if (!stopped) return await sendDue();
    } catch (e) {
      if (!stopped) onError(e);
    }
    return null;
  }

  let lastRound = -Infinity;
  let gap: NodeJS.Timeout | null = null;

  function kick(): void {
    if (stopped) return;
    again = true;
    if (round || gap) return;
    const wait = lastRound + MIN_ROUND_GAP_MS - performance.now();
    if (wait > 0) {
      gap = setTimeout(() => { gap = null; kick(); }, wait);
      gap.unref();
      return;
    }
    round = oneRound().then((nextAt) => {
      round = null;
      lastRound = performance.now();
      if (stopped) return;
      if (again) return kick();
      if (timer) clearTimeout(timer);
      timer = setTimeout(kick, nextAt === null ? pollMs : Math.max(0, Math.min(pollMs, nextAt - now())));
      timer.unref();
    });
  }

  const unsubscribe = live.subscribe(() => kick());
  kick();

  return {
    kick,
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (gap) clearTimeout(gap);
      await round;
      await Promise.all(inflight.values());
    },
  };
}
