import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldRegistry, type FieldDef } from '../../src/fields/index.js';
import { parseJson, type JsonObject } from '../../src/ingest/json.js';
import { buildWrite } from '../../src/ingest/map.js';
import { readMessage, type Message } from '../../src/ingest/message.js';
import { inferFieldType, mapTraits, snakeCase } from '../../src/ingest/traits.js';

const FIELDS: FieldDef[] = [
  { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] },
  { key: 'plan_type', label: 'Plan type', type: 'text' },
  { key: 'age', label: 'Age', type: 'number' },
  { key: 'zip', label: 'Zip', type: 'text' },
  { key: 'vip', label: 'VIP', type: 'boolean' },
  { key: 'birthday', label: 'Birthday', type: 'date' },
  { key: 'interests', label: 'Interests', type: 'multiselect', options: ['shoes', 'bags'] },
  { key: 'name', label: 'Name', type: 'text' },
];
const registry = new FieldRegistry(FIELDS);
const traits = (text: string): JsonObject => parseJson(text, { maxDepth: 40 }).value as JsonObject;

test('reserved traits land in the system fields; camelCase finds snake_case keys; the exact key wins', () => {
  const t = mapTraits(traits(JSON.stringify({
    email: 'ada@example.com', phone: '+41 44 123 45 67', firstName: 'Ada', lastName: 'Lovelace', createdAt: '2025-01-02T03:04:05+01:00',
    planType: 'ignored: plan_type is given too', plan_type: 'team', name: 'Ada Lovelace', id: 'u-1', tags: ['a', 'b'],
  })), registry, 'UTC', false);
  assert.deepEqual(t.values, {
    email: 'ada@example.com', phone: '+41 44 123 45 67', first_name: 'Ada', last_name: 'Lovelace', created_at: Date.parse('2025-01-02T02:04:05Z'),
    plan_type: 'team', name: 'Ada Lovelace', tags: ['a', 'b'],
  });
  assert.deepEqual(t.ignored, ['planType']);
  assert.deepEqual(t.refused, []);
});

test('a trait that does not fit is refused with its reason; the others apply', () => {
  const t = mapTraits(traits('{"age":"forty","plan":"gold","vip":true,"zip":"08123","birthday":"1990-02-30","interests":["shoes"],"lastActiveAt":"2026-01-01T00:00:00Z","firstName":{"x":1}}'), registry, 'UTC', false);
  assert.deepEqual(t.values, { vip: true, zip: '08123', interests: ['shoes'] });
  assert.deepEqual(t.refused, [
    'traits.age: "forty" is not a number',
    'traits.plan: "gold" is not one of free, pro',
    'traits.birthday: "1990-02-30" is not an ISO-8601 date',
    'traits.lastActiveAt: last_active_at is computed from events and cannot be written',
    'traits.firstName: {"x":1} is not text (field first_name)',
  ]);
});

test('numbers keep their digits: text fields take the text sent, number fields refuse a loss', () => {
  const t = mapTraits(traits('{"zip":8123.0}'), registry, 'UTC', false);
  assert.deepEqual(t.values, { zip: '8123.0' });
  const big = mapTraits(traits('{"zip":12345678901234567890,"age":12345678901234567890}'), registry, 'UTC', false);
  assert.deepEqual(big.values, { zip: '12345678901234567890' });
  assert.deepEqual(big.refused, ['traits.age: 12345678901234567890 has more digits than a number keeps (send it as a text)']);
  assert.deepEqual(mapTraits(traits('{"age":41.0,"vip":1}'), registry, 'UTC', false).values, { age: 41, vip: true });
});

test('undeclared traits are ignored, or declared with a type that changes no value', () => {
  const off = mapTraits(traits('{"favouriteColor":"red","score":7}'), registry, 'UTC', false);
  assert.deepEqual([off.values, off.ignored, off.toDeclare], [{}, ['favouriteColor', 'score'], []]);
  const on = mapTraits(traits('{"favouriteColor":"red","postCode":"08123","score":7,"optIn":false,"ref":12345678901234567890,"address":{"city":"Bern"},"Bad Key":"x","nothing":null,"__proto__":{"x":1},"constructor":"c"}'), registry, 'UTC', true);
  assert.deepEqual(on.toDeclare, [
    { key: 'favourite_color', label: 'Favourite color', type: 'text' },
    { key: 'post_code', label: 'Post code', type: 'text' },
    { key: 'score', label: 'Score', type: 'number' },
    { key: 'opt_in', label: 'Opt in', type: 'boolean' },
    { key: 'ref', label: 'Ref', type: 'text' },
    { key: 'constructor', label: 'Constructor', type: 'text' },
  ]);
  assert.deepEqual(on.ignored, ['address', 'Bad Key', 'nothing']);
  assert.equal(inferFieldType('2024-05-01'), 'text');
  assert.equal(inferFieldType('true'), 'text');
  assert.equal(inferFieldType('42'), 'text');
});

test('snake_case of camelCase keys', () => {
  assert.deepEqual(['firstName', 'createdAt', 'userID', 'URLPath', 'plan2Type', 'already_snake', 'Bad Key', 'x'].map(snakeCase),
    ['first_name', 'created_at', 'user_id', 'url_path', 'plan2_type', 'already_snake', 'Bad Key', 'x']);
});

function messages(...raw: unknown[]): Message[] {
  return raw.map((r) => {
    const m = readMessage(parseJson(JSON.stringify(r), { maxDepth: 40 }).value, null, { receivedAt: Date.parse('2026-03-15T12:00:00Z') });
    if (!m.ok) assert.fail(m.reasons.join('; '));
    return m.value;
  });
}

test('identify with userId and anonymousId merges the anonymous contact; its messages in the request go to the known one', () => {
  const ms = messages(
    { type: 'page', anonymousId: 'a1', messageId: 'p1', timestamp: '2026-03-15T11:00:00Z' },
    { type: 'identify', anonymousId: 'a1', traits: { plan: 'free' } },
    { type: 'identify', userId: 'u1', anonymousId: 'a1', traits: { email: 'u1@example.com' } },
    { type: 'track', anonymousId: 'a1', event: 'Clicked', messageId: 't1', timestamp: '2026-03-15T11:01:00Z' },
    { type: 'identify', userId: 'u1', traits: { plan: 'pro' } },
  );
  const w = buildWrite(ms.map((message) => ({ message, values: message.type === 'identify' ? mapTraits(message.traits, registry, 'UTC', false).values : undefined })));
  assert.deepEqual(w.merges, [{ from: 'anon:a1', into: 'u1' }]);
  assert.deepEqual(w.contacts, [{ id: 'u1', values: { plan: 'pro', email: 'u1@example.com' } }]);
  assert.deepEqual(w.events.map((e) => [e.contactId, e.name, e.messageId]), [['u1', 'page_view', 'p1'], ['u1', 'Clicked', 't1']]);
});

test('alias merges the previous id, anonymous or known, into the userId', () => {
  const w = buildWrite(messages({ type: 'alias', previousId: 'old', userId: 'new' }, { type: 'track', userId: 'old', event: 'e' }).map((message) => ({ message })));
  assert.deepEqual(w.merges, [{ from: 'anon:old', into: 'new' }, { from: 'old', into: 'new' }]);
  assert.deepEqual(w.contacts, [{ id: 'new', values: {} }]);
  assert.deepEqual(w.events.map((e) => e.contactId), ['new']);
  // A cycle of aliases stops, and a track without a merge stays where it is.
  const cyc = buildWrite(messages({ type: 'alias', previousId: 'x', userId: 'y' }, { type: 'alias', previousId: 'y', userId: 'x' }, { type: 'track', userId: 'x', event: 'e' }, { type: 'track', userId: 'z', anonymousId: 'x', event: 'e' }).map((message) => ({ message })));
  assert.deepEqual(cyc.events.map((e) => e.contactId), ['y', 'z']);
});
