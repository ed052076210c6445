import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testServer, type TestServer } from './harness.js';

// The change stream over real HTTP: server-sent events with the change id as `id:`, the
// backlog first, then live changes; resumed with Last-Event-ID without a gap or a repeat.

const NOW = '2026-03-15T10:00:00.000Z';

interface SseEvent { id: string | null; data: string | null; comment: string | null }

/** An open event stream: read events one by one, close when done. */
async function open(url: string, key: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}`, ...headers }, signal: ac.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];
  let ended = false;
  const next = async (timeoutMs = 5000): Promise<SseEvent | null> => {
    const deadline = Date.now() + timeoutMs;
    while (!queue.length) {
      if (ended) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no event in time');
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([reader.read(), new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), left); })]);
      clearTimeout(timer);
      if (r === 'timeout') throw new Error('no event in time');
      if (r.done) { ended = true; continue; }
      buffer += r.value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const ev: SseEvent = { id: null, data: null, comment: null };
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) ev.comment = line.slice(1).trim();
          else if (line.startsWith('id: ')) ev.id = line.slice(4);
          else if (line.startsWith('data: ')) ev.data = (ev.data === null ? '' : `${ev.data}\n`) + line.slice(6);
        }
        queue.push(ev);
      }
    }
    return queue.shift() ?? null;
  };
  /** The next change events, skipping comments. */
  const changes = async (n: number): Promise<{ id: string; change: Record<string, unknown> }[]> => {
    const out: { id: string; change: Record<string, unknown> }[] = [];
    while (out.length < n) {
      const ev = await next();
      if (!ev) throw new Error(`the stream ended after ${out.length} of ${n} changes`);
      if (ev.data !== null) out.push({ id: ev.id ?? '', change: JSON.parse(ev.data) as Record<string, unknown> });
    }
    return out;
  };
  return { res, next, changes, close: () => ac.abort() };
}

describe('GET /api/v1/changes/stream', () => {
  let s: TestServer;
  before(async () => {
    s = await testServer({ now: NOW, heartbeatMs: 100 });
    await s.call('POST', '/api/v1/fields', { body: [{ key: 'points', label: 'Points', type: 'number' }] });
    await s.call('POST', '/api/v1/segments', { body: { name: 'VIP', alias: 'vip', condition: 'points >= 1000' } });
    await s.call('POST', '/api/v1/segments', { body: { name: 'Small', alias: 'small', condition: 'points < 1000' } });
  });
  after(async () => { await s.close(); });

  const write = async (id: string, points: number) => {
    const r = await s.call('POST', '/api/v1/contacts', { body: { id, points } });
    assert.equal(r.status, 200, r.text);
    return r.body.changes as { id: number; segment: string; contactId: string; change: string }[];
  };

  test('replays the log from ?after=0, then delivers new changes live, ids in order', async () => {
    await write('a1', 2000);
    await write('a2', 10);
    const st = await open(`${s.url}/api/v1/changes/stream?after=0`, s.admin);
    assert.equal(st.res.status, 200);
    assert.match(st.res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const backlog = await st.changes(2);
    assert.deepEqual(backlog.map((e) => [e.change.segment, e.change.contactId, e.change.change]), [['vip', 'a1', 'entered'], ['small', 'a2', 'entered']]);
    for (const e of backlog) assert.equal(e.id, String(e.change.id));
    const logged = await write('a2', 5000);
    const live = await st.changes(2);
    assert.deepEqual(live.map((e) => e.change), logged.map((c) => ({ ...c, at: NOW, cause: 'data' })).map(({ id, segment, contactId, change, at, cause }) => ({ id, segment, contactId, change, at, cause })));
    assert.ok(Number(live[0].id) > Number(backlog[1].id));
    st.close();
  });

  test('resumes after Last-Event-ID: what was missed, once, then live', async () => {
    const st = await open(`${s.url}/api/v1/changes/stream?after=0`, s.admin);
    const seen = await st.changes(4);
    st.close();
    const lastId = seen[seen.length - 1].id;
    const missed = [...await write('a3', 3000), ...await write('a1', 1)];
    const again = await open(`${s.url}/api/v1/changes/stream`, s.admin, { 'last-event-id': lastId });
    const got = await again.changes(missed.length);
    assert.deepEqual(got.map((e) => Number(e.id)), missed.map((c) => c.id));
    const more = await write('a4', 1);
    assert.deepEqual((await again.changes(1)).map((e) => Number(e.id)), more.map((c) => c.id));
    again.close();
  });

  test('without a cursor it starts with the next change; ?segment= filters; heartbeats keep it open', async () => {
    const st = await open(`${s.url}/api/v1/changes/stream?segment=vip`, s.admin);
    let comment = false;
    for (let i = 0; i < 5 && !comment; i++) comment = (await st.next())?.comment === 'heartbeat';
    assert.ok(comment, 'a heartbeat comment arrives');
    await write('a5', 50);          // enters `small` only: not on this stream
    const vip = await write('a5', 7000);
    const got = await st.changes(1);
    assert.equal(got[0].change.segment, 'vip');
    assert.equal(Number(got[0].id), vip.find((c) => c.segment === 'vip')!.id);
    st.close();
  });

  test('the paged log and the stream agree', async () => {
    const page = await s.call('GET', '/api/v1/changes?after=0&limit=2');
    const rest = await s.call('GET', `/api/v1/changes?after=${page.body.next}`);
    const st = await open(`${s.url}/api/v1/changes/stream?after=0`, s.admin);
    const all = [...page.body.changes, ...rest.body.changes];
    assert.deepEqual((await st.changes(all.length)).map((e) => e.change), all);
    st.close();
  });

  test('a write key may not read the stream; a server shutting down ends it', async () => {
    assert.equal((await s.call('GET', '/api/v1/changes/stream', { key: s.writer })).status, 403);
    const other = await testServer({ now: NOW });
    const st = await open(`${other.url}/api/v1/changes/stream`, other.admin);
    assert.equal((await st.next())?.comment, 'connected');
    const closed = other.close();
    assert.equal(await st.next(), null, 'the stream ends');
    await closed;
  });
});
