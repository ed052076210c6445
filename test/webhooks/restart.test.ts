import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createWebhook, startWebhooks, webhookDeliveries } from '../../src/webhooks/index.js';
import { eventually, receiver, tempDir, world } from './harness.js';

// Restart safety with a real process: kill -9 a worker in the middle of a stream of writes
// and deliveries; a new process on the same data delivers every change of the log that
// the receiver has not acknowledged, under the webhook-id it had before.

const CHILD = fileURLToPath(new URL('./kill-child.js', import.meta.url));

test('kill -9 mid-stream: after restart every logged change reaches the receiver, with its first webhook-id', async () => {
  const tmp = tempDir();
  // Every third request fails: some changes are delivered, some owed, some in flight at the kill.
  const rx = await receiver((_r, n) => (n % 3 === 0 ? 503 : 200));
  try {
    let w = await world({ dir: tmp.dir });
    const sub = await createWebhook(w.live, { url: rx.url });
    await w.close();

    const child = spawn(process.execPath, [CHILD, tmp.dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let wrote = 0;
    child.stdout.on('data', (b: Buffer) => {
      const m = /wrote (\d+)\n$/.exec(b.toString());
      if (m) wrote = Number(m[1]);
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await eventually(() => wrote >= 15 && rx.received.length >= 8, 'writes and deliveries under way', 30_000);
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const beforeRestart = rx.received.length;

    w = await world({ dir: tmp.dir });
    const worker = startWebhooks({ live: w.live, backoff: { baseMs: 30, maxMs: 60, maxAttempts: 1_000 }, pollMs: 30 });
    try {
      const log = (await w.live.changes({ after: 0, limit: 100_000 })).changes;
      assert.ok(log.length >= 15, `${log.length} changes logged`);
      const ok = () => new Set(rx.received.filter((_r, i) => (i + 1) % 3 !== 0).map((r) => r.headers['webhook-id']));
      await eventually(() => log.every((c) => ok().has(`msg_${sub.id}_${c.id}`)), 'every logged change acknowledged', 30_000);
      assert.ok(rx.received.length > beforeRestart, 'the new process delivered what was owed');

      // Nothing but the log's changes, each under its one id, each payload matching its change.
      const byId = new Map(log.map((c) => [`msg_${sub.id}_${c.id}`, c]));
      const verifier = new Webhook(sub.secret);
      for (const r of rx.received) {
        const c = byId.get(String(r.headers['webhook-id']));
        assert.ok(c, `${String(r.headers['webhook-id'])} is a logged change`);
        verifier.verify(r.body, r.headers as Record<string, string>);
        assert.deepEqual(r.json.data, { segment: c.segment, contactId: c.contactId, at: new Date(c.at).toISOString() });
      }
      // In order per contact and segment: each acknowledged message comes after the one before it in the log.
      const acked = rx.received.filter((_r, i) => (i + 1) % 3 !== 0).map((r) => byId.get(String(r.headers['webhook-id']))!);
      const firstAck = new Map<number, number>();
      acked.forEach((c, i) => { if (!firstAck.has(c.id)) firstAck.set(c.id, i); });
      const perContact = new Map<string, number[]>();
      for (const c of log) perContact.set(c.contactId, [...(perContact.get(c.contactId) ?? []), c.id]);
      for (const [contact, ids] of perContact) {
        const order = ids.map((id) => firstAck.get(id)!);
        assert.deepEqual(order, [...order].sort((a, b) => a - b), `${contact}'s changes acknowledged in log order`);
      }
      assert.equal((await webhookDeliveries(w.live, sub.id, { limit: 1 })).deliveries.length, 1);
    } finally {
      await worker.stop();
      await w.close();
    }
  } finally {
    await rx.close();
    tmp.remove();
  }
});
