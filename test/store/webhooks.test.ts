import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBStore } from '../../src/store/index.js';
import { deleteWebhookRow, ensureWebhookTables, insertWebhook, listDeliveries, recordAttempts, takeChanges, type DeliveryAttempt } from '../../src/store/webhooks.js';

const NOW = Date.parse('2026-10-25T09:00:00Z');

test('attempts logged together: each in the delivery log in the order given, delivered and failed ones owed no more, retrying ones due again, none for a deleted subscription', async () => {
  const store = await DuckDBStore.open(':memory:');
  try {
    const sql = await ensureWebhookTables(store.sql);
    for (const id of ['wh_a', 'wh_b']) await insertWebhook(sql, { id, url: 'http://127.0.0.1:9/hook', segments: null, secret: 'whsec_x', createdAt: NOW, cursor: 0 });
    const owed = (changeId: number) => ({ changeId, segment: 'vip', contactId: `c${changeId}`, change: 'entered' as const, at: NOW });
    await takeChanges(sql, 'wh_a', [1, 2, 3, 4].map(owed), 4, NOW);
    await takeChanges(sql, 'wh_b', [1].map(owed), 1, NOW);
    await deleteWebhookRow(sql, 'wh_b');
    const attempt = (webhookId: string, changeId: number | null, status: DeliveryAttempt['status'], nextAttemptAt: number | null = null): DeliveryAttempt => ({
      webhookId, changeId, messageId: `msg_${webhookId}_${changeId}`, attempt: 1, status, responseCode: status === 'delivered' ? 200 : 500,
      error: status === 'delivered' ? null : 'answered 500', durationMs: 3.4, at: NOW + 1, nextAttemptAt,
    });
    await store.transaction(() => recordAttempts(sql, [
      attempt('wh_a', 3, 'delivered'), attempt('wh_b', 1, 'delivered'), attempt('wh_a', 1, 'retrying', NOW + 1000), attempt('wh_a', 2, 'failed'), attempt('wh_a', null, 'delivered'),
    ]));
    const log = (await listDeliveries(sql, 'wh_a', { limit: 10 })).reverse();
    assert.deepEqual(log.map((d) => [d.messageId, d.status, d.durationMs]), [
      ['msg_wh_a_3', 'delivered', 3], ['msg_wh_a_1', 'retrying', 3], ['msg_wh_a_2', 'failed', 3], ['msg_wh_a_null', 'delivered', 3],
    ]);
    assert.ok(log.every((d, i) => i === 0 || d.id > log[i - 1].id));
    assert.equal((await listDeliveries(sql, 'wh_b', { limit: 10 })).length, 0);
    const pending = await sql.rows('SELECT webhook_id, change_id, attempts, next_attempt_at FROM webhook_pending ORDER BY webhook_id, change_id');
    assert.deepEqual(pending.map((r) => [r.webhook_id, Number(r.change_id), Number(r.attempts), Number(r.next_attempt_at)]), [['wh_a', 1, 1, NOW + 1000], ['wh_a', 4, 0, NOW]]);
  } finally {
    await store.close();
  }
});
