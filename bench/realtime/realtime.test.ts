import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silenceProgress } from '../measure.js';
import { checkRealtimeTargets } from '../targets.js';
import { runRealtime } from './pipeline.js';
import { renderRealtimeMarkdown } from './report.js';

// The realtime benchmark on XS (2k contacts) against a real `segmint serve` process:
// every event sent is stored exactly once, every membership change reaches the stream
// exactly once (the stream, the paged log and the store agree), every ping makes its
// contact enter once, every window edge makes its contact leave once, stamped at the
// edge. Times at this size mean nothing and are not asserted.

test('realtime bench XS: no event stored twice or lost, no change emitted twice or missed', async () => {
  silenceProgress();
  const r = await runRealtime({ size: 'XS', keep: null });
  assert.equal(r.failure, null, `the server ended on its own: ${JSON.stringify(r.failure)}`);
  const { ingest, latency, timeDriven } = r;
  assert.ok(ingest?.stored && latency?.stored && timeDriven, 'every measure ran');

  assert.equal(ingest.stored.rows, ingest.events, 'ingested events stored');
  assert.equal(ingest.stored.distinct, ingest.events, 'ingested events stored once');
  assert.equal(ingest.rejected, 0);
  assert.ok(ingest.resent.events > 0 && ingest.resent.duplicates === ingest.resent.events, `resent batches: ${JSON.stringify(ingest.resent)}`);

  assert.equal(latency.missing, 0, 'every ping made its contact enter');
  assert.equal(latency.repeated, 0, 'no contact entered twice');
  assert.deepEqual(latency.failures, {}, 'no request failed');
  assert.equal(latency.stored.distinct, latency.sent);
  assert.equal(latency.bySecond.reduce((a, s) => a + s.count, 0), latency.received, 'every received ping is in its second');
  // Its baseline: the same requests answered by a plain Node HTTP server, every one.
  assert.ok(latency.plain && latency.plain.sent === latency.sent && latency.plain.failedRequests === 0 && latency.plain.p99 >= latency.plain.p50, JSON.stringify(latency.plain));
  assert.match(renderRealtimeMarkdown(r, checkRealtimeTargets(r)), /\| sent → change, by second of sending \|.*p50 \/ max ms: 0s \d+\/\d+/);

  assert.equal(timeDriven.entered, timeDriven.startup.count + timeDriven.preStart.count, 'the contacts written before the start entered');
  assert.ok(timeDriven.preStart.count > 0 && timeDriven.viaApi.count > 0);
  for (const set of [timeDriven.startup, timeDriven.preStart, timeDriven.viaApi]) {
    assert.equal(set.missing, 0, 'every edge made its contact leave');
    assert.equal(set.repeated, 0, 'no contact left twice');
    assert.equal(set.atOff, 0, 'each change stamped at its edge');
  }

  assert.equal(r.streams.length, 2);
  for (const s of r.streams) {
    assert.ok(s.logged > 0, `${s.run}: changes were logged`);
    assert.equal(s.repeated, 0, `${s.run}: a change came twice on the stream`);
    assert.equal(s.missed, 0, `${s.run}: a logged change never came on the stream`);
    assert.equal(s.unknown, 0, `${s.run}: a streamed change is not in the log`);
    assert.equal(s.storeRows, s.logged, `${s.run}: the store holds what the paged log said`);
    assert.equal(s.sameDirection, 0, `${s.run}: a contact entered (or left) a segment twice in a row`);
  }
  // The run's ingestion and pings must have changed memberships, or the check proves little.
  assert.ok(r.streams[0].logged >= latency.sent, `${r.streams[0].logged} changes for ${latency.sent} pings`);

  const correctness = checkRealtimeTargets(r).filter((c) => ['rt_server_ran', 'rt_ingest_once', 'rt_changes_once', 'rt_latency_complete', 'rt_time_exact'].includes(c.id));
  assert.equal(correctness.length, 5);
  for (const c of correctness) assert.equal(c.ok, true, `${c.name}: ${c.actual}`);
});
