import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson, type Json } from '../../src/ingest/json.js';
import { readMessage, type CallType, type Envelope, type Message } from '../../src/ingest/message.js';
import { eventTime } from '../../src/ingest/time.js';
import { digitsKept } from '../../src/fields/index.js';
import { LIMITS } from '../../src/ingest/limits.js';

const receivedAt = Date.parse('2026-03-15T12:00:00.000Z');
const json = (v: unknown): Json => parseJson(typeof v === 'string' ? v : JSON.stringify(v), { maxDepth: LIMITS.eventDepth + 3 }).value;

function ok(raw: unknown, type: CallType | null = null, env: Partial<Envelope> = {}): Message {
  const r = readMessage(json(raw), type, { receivedAt, ...env });
  if (!r.ok) assert.fail(`refused: ${r.reasons.join('; ')}`);
  return r.value;
}
function refused(raw: unknown, type: CallType | null = null, env: Partial<Envelope> = {}): string {
  const r = readMessage(json(raw), type, { receivedAt, ...env });
  if (r.ok) assert.fail('accepted');
  return r.reasons.join('; ');
}

test('skew correction: receivedAt − (sentAt − originalTimestamp); an explicit timestamp is kept', () => {
  // The client's clock is 10 minutes fast; it queued the event 30 s before sending.
  const t = eventTime({ originalTimestamp: '2026-03-15T12:09:30.000Z', sentAt: '2026-03-15T12:10:00.000Z', receivedAt });
  assert.deepEqual(t, { ok: true, ts: Date.parse('2026-03-15T11:59:30.000Z') });
  // Offsets are kept as the same instant.
  assert.deepEqual(eventTime({ originalTimestamp: '2026-03-15T13:09:30.000+01:00', sentAt: '2026-03-15T12:10:00Z', receivedAt }), t);
  assert.deepEqual(eventTime({ timestamp: '2026-01-01T10:00:00.123+05:30', originalTimestamp: '2020-01-01T00:00:00Z', sentAt: '2026-03-15T12:10:00Z', receivedAt }),
    { ok: true, ts: Date.parse('2026-01-01T04:30:00.123Z') });
  assert.deepEqual(eventTime({ originalTimestamp: '2026-03-01T00:00:00Z', receivedAt }), { ok: true, ts: Date.parse('2026-03-01T00:00:00Z') });
  assert.deepEqual(eventTime({ receivedAt }), { ok: true, ts: receivedAt });
  assert.deepEqual(eventTime({ sentAt: '2026-03-15T12:10:00Z', receivedAt }), { ok: true, ts: receivedAt });
  assert.deepEqual(eventTime({ timestamp: 'yesterday', receivedAt }), { ok: false, reason: 'timestamp: "yesterday" is not an ISO-8601 datetime' });
  assert.deepEqual(eventTime({ timestamp: '2016-12-31T23:59:60Z', receivedAt }), { ok: false, reason: 'timestamp: "2016-12-31T23:59:60Z" is not a datetime with an instant of its own (a leap second, :60, has none)' });
  assert.deepEqual(eventTime({ timestamp: 1710000000000, receivedAt }), { ok: false, reason: 'timestamp: "1710000000000" is not an ISO-8601 datetime' });
});

test('a message takes the batch sentAt unless it has its own', () => {
  const m = { type: 'track', event: 'x', userId: 'u', originalTimestamp: '2026-03-15T12:09:30.000Z' };
  assert.equal(ok(m, null, { sentAt: '2026-03-15T12:10:00.000Z' }).ts, Date.parse('2026-03-15T11:59:30.000Z'));
  assert.equal(ok({ ...m, sentAt: '2026-03-15T12:09:40.000Z' }, null, { sentAt: '2026-03-15T12:10:00.000Z' }).ts, Date.parse('2026-03-15T11:59:50.000Z'));
});

test('track: the event by its name with its properties, the userId as contact, messageId kept', () => {
  const m = ok({ type: 'track', userId: 'u1', event: 'Order Completed', messageId: 'm-1', timestamp: '2026-03-01T10:00:00Z', properties: { total: 19.99, items: [{ sku: 'a' }], coupon: null } });
  assert.deepEqual(m, {
    type: 'track', contactId: 'u1', userId: 'u1', anonymousId: null, previousId: null, messageId: 'm-1', ts: Date.parse('2026-03-01T10:00:00Z'),
    event: { name: 'Order Completed', properties: { total: 19.99, items: [{ sku: 'a' }], coupon: null } }, traits: {},
  });
  assert.match(refused({ type: 'track', userId: 'u1' }), /event: required/);
  assert.match(refused({ type: 'track', userId: 'u1', event: 'x', properties: [1] }), /properties: must be a JSON object/);
});

test('the call the URL names wins over the body\'s type; a batch item needs its own', () => {
  assert.equal(ok({ type: 'identify', userId: 'u', event: 'e' }, 'track').type, 'track');
  assert.match(refused({ userId: 'u', event: 'e' }), /type: null is not one of identify, track/);
  assert.match(refused({ type: 'delete', userId: 'u' }), /type: "delete"/);
});

test('ids: numbers become exactly the digits sent; anonymous contacts are anon:<anonymousId>', () => {
  assert.equal(ok('{"type":"track","event":"e","userId":12345678901234567890}').contactId, '12345678901234567890');
  assert.equal(ok('{"type":"track","event":"e","userId":1.50}').contactId, '1.50');
  assert.equal(ok('{"type":"track","event":"e","userId":42}').contactId, '42');
  assert.equal(ok({ type: 'track', event: 'e', userId: ' 0042 ' }).contactId, ' 0042 ');
  const anon = ok({ type: 'page', anonymousId: 'a-1' });
  assert.equal(anon.contactId, 'anon:a-1');
  assert.equal(ok({ type: 'track', event: 'e', userId: 'u', anonymousId: 'a' }).contactId, 'u');
  assert.equal(ok({ type: 'track', event: 'e', userId: '', anonymousId: 'a' }).contactId, 'anon:a');
  assert.match(refused({ type: 'track', event: 'e' }), /userId or anonymousId: one is required/);
  assert.match(refused({ type: 'track', event: 'e', userId: '  ' }), /one is required/);
  assert.match(refused({ type: 'track', event: 'e', userId: { id: 1 } }), /userId: must be a text or a number/);
  assert.match(refused({ type: 'track', event: 'e', userId: 'anon:x' }), /kept for anonymous contacts/);
  assert.match(refused({ type: 'track', event: 'e', userId: 'u'.repeat(LIMITS.idChars + 1) }), /userId: 256 characters, longer than 255/);
  assert.equal(ok('{"type":"track","event":"e","userId":"u","messageId":98765432109876543210}').messageId, '98765432109876543210');
});

test('page and screen: page_view / screen_view with name, category and context.page', () => {
  const page = ok({
    type: 'page', anonymousId: 'a', name: 'Pricing', category: 'Docs',
    properties: { title: 'Pricing – Acme', plan: 'pro' },
    context: { page: { url: 'https://acme.test/pricing?x=1', path: '/pricing', title: 'ignored: properties win', referrer: 'https://google.com/', search: '?x=1', other: 1 } },
  });
  assert.deepEqual(page.event, {
    name: 'page_view',
    properties: { url: 'https://acme.test/pricing?x=1', path: '/pricing', title: 'Pricing – Acme', referrer: 'https://google.com/', search: '?x=1', plan: 'pro', name: 'Pricing', category: 'Docs' },
  });
  const screen = ok({ type: 'screen', userId: 'u', name: 'Home', properties: { variation: 'b' } });
  assert.deepEqual(screen.event, { name: 'screen_view', properties: { variation: 'b', name: 'Home' } });
});

test('group: a group event with group_id and the group traits', () => {
  assert.deepEqual(ok('{"type":"group","userId":"u","groupId":1001,"traits":{"name":"Acme","employees":250}}').event,
    { name: 'group', properties: { name: 'Acme', employees: 250, group_id: '1001' } });
  assert.match(refused({ type: 'group', userId: 'u' }), /groupId: required/);
});

test('identify: context.traits merged under traits, numbers keeping their text; no event', () => {
  const m = ok('{"type":"identify","userId":"u","traits":{"email":"a@b.ch","zip":8001.0},"context":{"traits":{"email":"old@b.ch","plan":"pro"}}}');
  assert.equal(m.event, null);
  assert.deepEqual(Object.keys(m.traits).sort(), ['email', 'plan', 'zip']);
  assert.equal(m.traits.email, 'a@b.ch');
  assert.equal(m.traits.plan, 'pro');
  assert.deepEqual(m.traits.zip, json('8001.0'));
});

test('alias needs previousId and userId', () => {
  const m = ok({ type: 'alias', previousId: 'a-1', userId: 'u' });
  assert.deepEqual([m.contactId, m.previousId, m.event], ['u', 'a-1', null]);
  assert.match(refused({ type: 'alias', userId: 'u' }), /previousId: required/);
  assert.match(refused({ type: 'alias', previousId: 'a' }), /userId: required for alias/);
});

test('a batch\'s context merges under each event\'s own, at every level', () => {
  const env: Partial<Envelope> = { context: json({ library: { name: 'lib', version: '1' }, page: { url: 'https://batch.test/', path: '/b' }, ip: '1.2.3.4' }) };
  const m = ok({ type: 'page', userId: 'u', context: { page: { path: '/own' } } }, null, env);
  assert.deepEqual(m.event?.properties, { url: 'https://batch.test/', path: '/own' });
});

test('bounds: nesting, text length and key length refuse the message with the place', () => {
  let deep: unknown = 1;
  for (let i = 0; i < LIMITS.eventDepth; i++) deep = { d: deep };
  assert.match(refused({ type: 'track', userId: 'u', event: 'e', properties: deep }), /nested deeper than 32 levels/);
  let fits: unknown = 1;
  for (let i = 0; i < LIMITS.eventDepth - 2; i++) fits = { d: fits };
  ok({ type: 'track', userId: 'u', event: 'e', properties: fits });
  // Deeper than the reader builds at all.
  assert.match(refused(`{"type":"track","userId":"u","event":"e","properties":${'['.repeat(10_000)}${']'.repeat(10_000)}}`), /nested deeper than 32 levels/);
  assert.match(refused({ type: 'track', userId: 'u', event: 'e', properties: { bio: 'x'.repeat(LIMITS.stringChars + 1) } }), /properties\.bio: text of 8193 characters, longer than 8192/);
  ok({ type: 'track', userId: 'u', event: 'e', properties: { bio: 'x'.repeat(LIMITS.stringChars) } });
  assert.match(refused({ type: 'track', userId: 'u', event: 'e', properties: { ['k'.repeat(300)]: 1 } }), /a key of 300 characters/);
  assert.match(refused({ type: 'track', userId: 'u', event: 'e'.repeat(256) }), /event: 256 characters/);
});

test('a number that would lose digits refuses the event instead of being rounded', () => {
  assert.match(refused('{"type":"track","userId":"u","event":"e","properties":{"order":12345678901234567890}}'),
    /properties\.order: 12345678901234567890 has more digits than a number keeps/);
  assert.deepEqual(ok('{"type":"track","userId":"u","event":"e","properties":{"a":1.0,"b":1e3,"c":0.10}}').event?.properties, { a: 1, b: 1000, c: 0.1 });
  assert.equal(digitsKept('0.1'), true);
  assert.equal(digitsKept('9007199254740993'), false);
  assert.equal(digitsKept('1e400'), false);
  assert.equal(digitsKept('1e-400'), false);
  assert.equal(digitsKept('-0.000'), true);
  assert.equal(digitsKept('123.4560e-2'), true);
});

test('hostile keys and values: no pollution, values verbatim', () => {
  const m = ok('{"type":"track","userId":"u","event":"e","properties":{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},"q":"\'; DROP TABLE events; --","c":"a\\u0000\\u0007b"}}');
  const p = m.event?.properties as Record<string, unknown>;
  assert.deepEqual(Object.keys(p), ['constructor', 'q', 'c']);
  assert.equal(Object.getPrototypeOf(p), Object.prototype);
  assert.equal(p.q, "'; DROP TABLE events; --");
  assert.equal(p.c, 'a\u0000\u0007b');
  assert.equal(({} as Record<string, unknown>).admin, undefined);
  const withProtoContext = ok('{"type":"page","userId":"u","context":{"__proto__":{"page":{"url":"https://evil.test"}}}}');
  assert.deepEqual(withProtoContext.event?.properties, {});
});
