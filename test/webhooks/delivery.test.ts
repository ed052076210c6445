import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createMetrics } from '../../src/server/metrics.js';
import { createWebhook, getWebhook, startWebhooks, webhookDeliveries, type Delivery, type WebhookWorker } from '../../src/webhooks/index.js';
import { brief, eventually, receiver, tempDir, world, type Receiver, type World } from './harness.js';

// Deliveries to a real receiver, checked with the Standard Webhooks reference library.

const fast = { backoff: { baseMs: 50, maxMs: 200, maxAttempts: 5 }, pollMs: 50, timeoutMs: 2_000 };

/** Every attempt of a subscription, oldest first. */
async function attempts(w: World, id: string): Promise<Delivery[]> {
  return (await webhookDeliveries(w.live, id, { limit: 500 })).deliveries.reverse();
}

describe('webhook deliveries', () => {
  let w: World;
  let rx: Receiver;
  let worker: WebhookWorker;
  before(async () => {
    w = await world();
    rx = await receiver();
    worker = startWebhooks({ live: w.live, ...fast });
  });
  after(async () => {
    await worker.stop();
    await rx.close();
    await w.close();
  });

  test('signed, verifiable, one message per change, only changes made after subscribing', async () => {
    await w.events('purchase', 'early');
    const sub = await createWebhook(w.live, { url: rx.url });
    assert.match(sub.secret, /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
    assert.ok(Buffer.from(sub.secret.slice(6), 'base64').length >= 24);
    worker.kick();

    await w.plan('pro', 'alice');
    await w.plan('free', 'alice');
    await w.events('purchase', 'bob');
    await eventually(() => rx.received.length >= 3, 'three deliveries');
    await new Promise((r) => setTimeout(r, 150));
    // Alice's two changes in order; Bob's, another contact's, may come before or between them.
    assert.deepEqual(rx.received.map(brief).filter((b) => b.endsWith('alice')), ['entered pros alice', 'left pros alice']);
    assert.deepEqual(rx.received.map(brief).filter((b) => !b.endsWith('alice')), ['entered buyers bob']);

    const log = await w.live.changes({ after: 0, limit: 100 });
    const verifier = new Webhook(sub.secret);
    for (const r of rx.received) {
      const payload = verifier.verify(r.body, r.headers as Record<string, string>) as Record<string, unknown>;
      assert.deepEqual(Object.keys(payload), ['type', 'timestamp', 'data']);
      assert.equal(r.headers['content-type'], 'application/json');
      const change = log.changes.find((c) => r.headers['webhook-id'] === `msg_${sub.id}_${c.id}`);
      assert.ok(change, `webhook-id ${String(r.headers['webhook-id'])} names a change of the log`);
      assert.deepEqual(r.json.data, { segment: change.segment, contactId: change.contactId, at: new Date(change.at).toISOString() });
      assert.equal(r.json.type, `segment.${change.change}`);
      assert.equal(Date.parse(r.json.timestamp) / 1000 | 0, Number(r.headers['webhook-timestamp']));
      assert.ok(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000) < 60);
    }
    // A message signed with another secret, or altered, does not verify.
    const other = new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64'));
    assert.throws(() => other.verify(rx.received[0].body, rx.received[0].headers as Record<string, string>));
    assert.throws(() => verifier.verify(rx.received[0].body.replace('alice', 'mallory'), rx.received[0].headers as Record<string, string>));

    // Logged once the worker has each answer, which may be after the receiver holds the message.
    const logged = await eventually(async () => {
      const l = await attempts(w, sub.id);
      return l.length === 3 ? l : false;
    }, 'three attempts logged');
    assert.deepEqual(logged.map((d) => [d.status, d.attempt, d.responseCode, d.error]), Array(3).fill(['delivered', 1, 200, null]));
    assert.deepEqual(logged.map((d) => d.messageId).sort(), rx.received.map((r) => String(r.headers['webhook-id'])).sort());
  });

  test('a subscription limited to segments gets only their changes', async () => {
    const rx2 = await receiver();
    try {
      const buyers = await createWebhook(w.live, { url: rx2.url, segments: ['buyers', 'viewers'] });
      worker.kick();
      await w.events('page_view', 'carol');
      await w.plan('pro', 'carol');
      await w.events('purchase', 'carol');
      await eventually(() => rx2.received.length >= 2, 'the filtered deliveries');
      await eventually(async () => (await attempts(w, buyers.id)).length === 2, 'two attempts logged');
      assert.deepEqual(rx2.received.map(brief), ['entered viewers carol', 'entered buyers carol']);
      await assert.rejects(createWebhook(w.live, { url: rx2.url, segments: ['buyers', 'nope'] }), /there is no segment "nope" at segments\[1\]/);
    } finally {
      await rx2.close();
    }
  });
});

describe('retries', () => {
  test('500 twice then 200: three attempts with one webhook-id; the contact\'s next change waits, other contacts go on', async () => {
    const w = await world();
    let failFor = '';
    let failures = 0;
    const rx = await receiver((r) => {
      if (r.headers['webhook-id'] === failFor && failures < 2) {
        failures++;
        return 500;
      }
      return 200;
    });
    const metrics = createMetrics({ processMetrics: false });
    let worker: WebhookWorker | undefined;
    try {
      const sub = await createWebhook(w.live, { url: rx.url });
      await w.plan('pro', 'dora'); // fails twice
      await w.plan('free', 'dora'); // must wait for it
      await w.events('purchase', 'eve'); // another contact: not held up
      const entered = (await w.live.changes({ after: 0, limit: 1000 })).changes.find((c) => c.contactId === 'dora' && c.change === 'entered')!;
      failFor = `msg_${sub.id}_${entered.id}`;
      // Started once all three are owed: Eve's goes out with Dora's first attempt.
      worker = startWebhooks({ live: w.live, ...fast, metrics });
      await eventually(() => rx.received.filter((r) => r.json.data.contactId === 'dora').length === 4, 'dora\'s messages');

      const order = rx.received.map((r) => `${r.json.data.contactId} ${r.json.type} ${r.headers['webhook-id'] === failFor ? 'first' : ''}`.trim());
      assert.deepEqual(order.filter((o) => o.startsWith('dora')), ['dora segment.entered first', 'dora segment.entered first', 'dora segment.entered first', 'dora segment.left']);
      assert.ok(order.indexOf('eve segment.entered') < order.lastIndexOf('dora segment.entered first'), 'eve is delivered while dora\'s first change is retried');

      const log = await attempts(w, sub.id);
      const first = log.filter((d) => d.messageId === failFor);
      assert.deepEqual(first.map((d) => [d.attempt, d.status, d.responseCode]), [[1, 'retrying', 500], [2, 'retrying', 500], [3, 'delivered', 200]]);
      assert.match(first[0].error ?? '', /^answered 500: no thanks/);
      assert.ok(first[0].nextAttemptAt && first[1].nextAttemptAt);
      // Exponential: the second wait is twice the first (50 ms, 100 ms), measured from each attempt's end.
      const gap = (a: Delivery, b: Delivery) => Date.parse(b.at) - Date.parse(a.at);
      assert.ok(gap(first[0], first[1]) >= 50 && gap(first[1], first[2]) >= 100, `waits ${gap(first[0], first[1])} and ${gap(first[1], first[2])} ms`);
      assert.deepEqual(new Set(rx.received.filter((r) => r.json.data.contactId === 'dora' && r.json.type === 'segment.entered').map((r) => r.headers['webhook-id'])), new Set([failFor]));
      // The receiver can hold Dora's last message before the worker has its answer and counts it.
      await eventually(async () => /segmint_webhook_deliveries_total\{outcome="delivered"\} 3/.test(await metrics.text()), 'three deliveries counted');
      assert.match(await metrics.text(), /segmint_webhook_deliveries_total\{outcome="retrying"\} 2/);
    } finally {
      await worker?.stop();
      await rx.close();
      await w.close();
    }
  });

  test('no answer within the time limit is a failed attempt, retried', async () => {
    const w = await world();
    const rx = await receiver((_r, n) => (n === 1 ? 'hang' : 204));
    const worker = startWebhooks({ live: w.live, ...fast, timeoutMs: 300 });
    try {
      const sub = await createWebhook(w.live, { url: rx.url });
      worker.kick();
      await w.events('purchase', 'fay');
      await eventually(async () => (await attempts(w, sub.id)).length === 2, 'two attempts');
      const [late, ok] = await attempts(w, sub.id);
      assert.deepEqual([late.status, late.responseCode, late.error], ['retrying', null, 'no answer within 300 ms']);
      assert.ok(late.durationMs >= 290 && late.durationMs < 2_000, `took ${late.durationMs} ms`);
      assert.deepEqual([ok.status, ok.responseCode, ok.messageId], ['delivered', 204, late.messageId]);
    } finally {
      await worker.stop();
      await rx.close();
      await w.close();
    }
  });

  test('after the last attempt a change is marked failed and the contact\'s next change goes on', async () => {
    const w = await world();
    const rx = await receiver((r) => (r.json.type === 'segment.entered' ? 503 : 200));
    const outcomes: string[] = [];
    const worker = startWebhooks({ live: w.live, ...fast, backoff: { baseMs: 20, maxMs: 40, maxAttempts: 3 }, metrics: { webhookDeliveries: { inc: ({ outcome }) => outcomes.push(outcome) } } });
    try {
      const sub = await createWebhook(w.live, { url: rx.url });
      worker.kick();
      await w.plan('pro', 'gus');
      await w.plan('free', 'gus');
      await eventually(() => rx.received.some((r) => r.json.type === 'segment.left'), 'the left message');
      await eventually(async () => (await attempts(w, sub.id)).length === 4, 'four attempts');
      assert.deepEqual((await attempts(w, sub.id)).map((d) => `${d.attempt} ${d.status} ${d.responseCode}`), ['1 retrying 503', '2 retrying 503', '3 failed 503', '1 delivered 200']);
      assert.deepEqual(outcomes, ['retrying', 'retrying', 'failed', 'delivered']);
    } finally {
      await worker.stop();
      await rx.close();
      await w.close();
    }
  });
});

describe('erasure', () => {
  test('a change whose contact is erased is owed no more: its retries stop', async () => {
    const w = await world();
    const rx = await receiver((r) => (r.json.data.contactId === 'zed' ? 500 : 200));
    const worker = startWebhooks({ live: w.live, ...fast, backoff: { baseMs: 30, maxMs: 60, maxAttempts: 1_000 } });
    try {
      const sub = await createWebhook(w.live, { url: rx.url });
      worker.kick();
      await w.plan('pro', 'zed');
      await eventually(() => rx.received.length >= 2, 'retries');
      assert.equal(await w.live.deleteContact('zed'), true);
      await eventually(async () => (await getWebhook(w.live, sub.id)).pending === 0, 'nothing owed');
      const n = rx.received.length;
      await w.events('purchase', 'yan');
      await eventually(() => rx.received.some((r) => r.json.data.contactId === 'yan'), 'the next contact\'s change');
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(rx.received.filter((r) => r.json.data.contactId === 'zed').length <= n + 1, 'at most the attempt in flight at the erasure');
    } finally {
      await worker.stop();
      await rx.close();
      await w.close();
    }
  });
});

describe('restart safety', () => {
  test('changes owed when the worker stops are delivered by the next one, after a restart, with the same webhook-ids', async () => {
    const tmp = tempDir();
    const rx = await receiver();
    try {
      let w = await world({ dir: tmp.dir });
      const sub = await createWebhook(w.live, { url: rx.url, segments: ['buyers', 'pros'] });
      await rx.down();
      let worker = startWebhooks({ live: w.live, ...fast, backoff: { baseMs: 50, maxMs: 100, maxAttempts: 1_000 } });
      await w.events('purchase', 'h1', 'h2', 'h3');
      await w.plan('pro', 'h1');
      await w.plan('free', 'h1');
      await eventually(async () => (await attempts(w, sub.id)).filter((d) => d.error?.startsWith('ECONNREFUSED')).length >= 6, 'refused attempts');
      const refused = await attempts(w, sub.id);
      assert.ok(refused.every((d) => d.status === 'retrying' && d.responseCode === null));
      await worker.stop();
      const stopped = (await attempts(w, sub.id)).length;
      // Logged while no worker runs: taken from the log by the next one.
      await w.events('purchase', 'h4');
      await w.close();

      w = await world({ dir: tmp.dir });
      await rx.up();
      assert.equal((await attempts(w, sub.id)).length, stopped, 'the delivery log survived');
      worker = startWebhooks({ live: w.live, ...fast });
      try {
        await eventually(() => rx.received.length >= 6, 'six deliveries');
        await new Promise((r) => setTimeout(r, 200));
        const log = (await w.live.changes({ after: 0, limit: 100 })).changes.filter((c) => c.segment !== 'viewers');
        assert.deepEqual(rx.received.map((r) => r.headers['webhook-id']).sort(), log.map((c) => `msg_${sub.id}_${c.id}`).sort(), 'each change once');
        for (const d of refused) assert.ok(rx.received.some((r) => r.headers['webhook-id'] === d.messageId), `${d.messageId} delivered under the same id`);
        const h1 = rx.received.filter((r) => r.json.data.contactId === 'h1').map(brief);
        assert.deepEqual(h1, ['entered buyers h1', 'entered pros h1', 'left pros h1']);
        const verifier = new Webhook(sub.secret);
        for (const r of rx.received) verifier.verify(r.body, r.headers as Record<string, string>);
      } finally {
        await worker.stop();
        await w.close();
      }
    } finally {
      await rx.close();
      tmp.remove();
    }
  });
});

test('attempts leave the delivery log after its days; a delivery still owed goes on being tried', async () => {
  const w = await world();
  // Carol's receiver side keeps failing; everyone else's is answered.
  const rx = await receiver((r) => (r.json.data.contactId === 'carol' ? 500 : 200));
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const worker = startWebhooks({ live: w.live, ...fast, now: () => clock, logDays: 30, backoff: { baseMs: 50, maxMs: 100, maxAttempts: 1_000 } });
  try {
    const sub = await createWebhook(w.live, { url: rx.url });
    worker.kick();
    await w.plan('pro', 'alice', 'carol');
    await eventually(async () => (await attempts(w, sub.id)).some((d) => d.status === 'delivered'), 'alice delivered');
    await eventually(async () => (await attempts(w, sub.id)).some((d) => d.status === 'retrying'), 'carol tried');
    const early = await attempts(w, sub.id);

    clock += 31 * 86_400_000;
    worker.kick();
    const later = await eventually(async () => {
      const log = await attempts(w, sub.id);
      return log.length && log.every((d) => Date.parse(d.at) >= clock) ? log : false;
    }, 'the old attempts gone and a new one logged');
    assert.ok(early.some((d) => Date.parse(d.at) < clock));
    // Only Carol's change is still owed: tried again after the prune, with the same webhook-id.
    assert.deepEqual([...new Set(later.map((d) => d.status))], ['retrying']);
    assert.deepEqual([...new Set(later.map((d) => d.messageId))], [early.find((d) => d.status === 'retrying')?.messageId]);
  } finally {
    await worker.stop();
    await rx.close();
    await w.close();
  }
});
