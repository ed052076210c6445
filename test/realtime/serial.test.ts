import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Serial } from '../../src/realtime/serial.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('background work waits while other work is queued, keeps its order, and still gets a turn under constant load', async () => {
  const serial = new Serial();
  const ran: string[] = [];
  const job = (name: string, ms = 0) => async () => { ran.push(name); if (ms) await sleep(ms); return name; };
  // Queued together: every foreground piece before the background ones, each lane in order.
  const all = [
    serial.run(job('f1', 5)), serial.run(job('b1'), 'background'), serial.run(job('f2')), serial.run(job('b2'), 'background'), serial.run(job('f3')),
  ];
  assert.deepEqual(await Promise.all(all), ['f1', 'b1', 'f2', 'b2', 'f3']);
  assert.deepEqual(ran, ['f1', 'f2', 'f3', 'b1', 'b2']);

  // A failure is its caller's alone: the next piece runs.
  await assert.rejects(serial.run(async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await serial.run(job('after')), 'after');

  // Foreground work that never lets the queue empty (each piece queues the next before it ends)
  // still lets a background piece through within a bounded time.
  ran.length = 0;
  let stop = false;
  const loop = async (): Promise<void> => {
    while (!stop) {
      const next = serial.run(job('f', 10));
      await next;
    }
  };
  const writers = [loop(), loop()];
  const started = performance.now();
  const turn = await Promise.race([serial.run(job('b'), 'background'), sleep(3_000).then(() => 'starved')]);
  const waited = performance.now() - started;
  stop = true;
  await Promise.all(writers);
  assert.equal(turn, 'b', 'the background piece never ran');
  assert.ok(ran.indexOf('b') > 10, `background ran after ${ran.indexOf('b')} foreground pieces`);
  assert.ok(waited < 2_000, `background waited ${waited.toFixed(0)} ms`);
});
