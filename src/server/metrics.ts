import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// What /metrics reports, in Prometheus text. One Metrics object per server: the routes,
// ingestion, the live workspace and webhook delivery all count into the same one.

export interface Metrics {
  readonly registry: Registry;
  /** Events stored or skipped as duplicates, by the API, /v1 and imports alike. */
  readonly eventsAccepted: Counter<string>;
  /** Events refused, by a short reason (`invalid`, `too_large`, `unknown_key` …). */
  readonly eventsRejected: Counter<'reason'>;
  /** From a write being accepted to the membership changes it caused being in the log. */
  readonly writeToChange: Histogram<string>;
  readonly membershipChanges: Counter<'change'>;
  /** Webhook delivery attempts by outcome (`delivered`, `retrying`, `failed`). */
  readonly webhookDeliveries: Counter<'outcome'>;
  /** How late the last time-driven re-evaluation ran after its boundary. */
  readonly schedulerLag: Gauge<string>;
  /** API requests by method, route and status. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  /** Prometheus text of every metric. */
  text(): Promise<string>;
}

export function createMetrics(opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'segmint_' });
  const registers = [registry];
  return {
    registry,
    eventsAccepted: new Counter({ name: 'segmint_events_accepted_total', help: 'Events accepted (stored, or skipped as a repeated message id).', registers }),
    eventsRejected: new Counter({ name: 'segmint_events_rejected_total', help: 'Events refused, by reason.', labelNames: ['reason'], registers }),
    writeToChange: new Histogram({
      name: 'segmint_write_to_change_seconds', help: 'Seconds from a write being accepted to the membership changes it caused being logged.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers,
    }),
    membershipChanges: new Counter({ name: 'segmint_membership_changes_total', help: 'Membership changes written to the change log.', labelNames: ['change'], registers }),
    webhookDeliveries: new Counter({ name: 'segmint_webhook_deliveries_total', help: 'Webhook delivery attempts, by outcome.', labelNames: ['outcome'], registers }),
    schedulerLag: new Gauge({ name: 'segmint_scheduler_lag_seconds', help: 'How late the last time-driven re-evaluation ran after its boundary.', registers }),
    httpRequests: new Counter({ name: 'segmint_http_requests_total', help: 'API requests, by method, route and status.', labelNames: ['method', 'route', 'status'], registers }),
    text: () => registry.metrics(),
  };
}

/** The live workspace's measurements, counted into a server's metrics. */
export function liveMetrics(m: Metrics): {
  changes(records: readonly { readonly change: 'entered' | 'left' }[]): void;
  writeToChange(seconds: number): void;
  schedulerLag(seconds: number): void;
} {
  return {
    changes: (records) => {
      let entered = 0;
      for (const r of records) if (r.change === 'entered') entered++;
      if (entered) m.membershipChanges.inc({ change: 'entered' }, entered);
      if (records.length - entered) m.membershipChanges.inc({ change: 'left' }, records.length - entered);
    },
    writeToChange: (s) => m.writeToChange.observe(s),
    schedulerLag: (s) => m.schedulerLag.set(s),
  };
}
