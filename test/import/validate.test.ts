import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkContact, checkEvent } from '../../src/import/validate.js';
import { FieldRegistry } from '../../src/fields/index.js';

// The checks every import and API write goes through (the /v1 messages have their own, in test/ingest).

const fields = new FieldRegistry([{ key: 'city', label: 'City', type: 'text' }, { key: 'langs', label: 'Languages', type: 'multiselect', options: ['de', 'fr'] }]);
const reasons = (r: { ok: boolean; reasons?: string[] }): string => (r.ok ? 'accepted' : (r.reasons ?? []).join('; '));

test('a lone surrogate is refused in an id, a field, an event name, a message id or a property, naming where', () => {
  assert.match(reasons(checkContact({ id: 'a\ud800' }, fields, 'UTC')), /^id: holds a lone surrogate/);
  assert.match(reasons(checkContact({ id: 'a', city: 'Z\udc00rich' }, fields, 'UTC')), /^city: holds a lone surrogate/);
  const ev = { contact_id: 'a', name: 'buy', ts: '2026-03-01T00:00:00Z' };
  assert.match(reasons(checkEvent({ ...ev, contact_id: '\ud800' }, 'UTC')), /^contact_id: holds a lone surrogate/);
  assert.match(reasons(checkEvent({ ...ev, name: 'b\ud800' }, 'UTC')), /^name: holds a lone surrogate/);
  assert.match(reasons(checkEvent({ ...ev, message_id: 'm\udfff' }, 'UTC')), /^message_id: holds a lone surrogate/);
  assert.match(reasons(checkEvent({ ...ev, properties: { items: [{ sku: 'x\ud83d' }] } }, 'UTC')), /^properties\.items\[0\]\.sku: holds a lone surrogate/);
  // In a key among plain ASCII values too (the ASCII scan that gates the walk reads keys).
  assert.match(reasons(checkEvent({ ...ev, properties: { ['k\udc00']: 1, plain: 'ok' } }, 'UTC')), /^properties \(a key\): holds a lone surrogate/);
  // A whole pair is text like any other, kept as it came.
  const okContact = checkContact({ id: 'a\ud83d\ude00', city: 'Z\u00fcrich \ud83d\ude00' }, fields, 'UTC');
  assert.deepEqual(okContact, { ok: true, value: { id: 'a\u{1F600}', values: { city: 'Zürich \u{1F600}' } } });
  const okEvent = checkEvent({ ...ev, properties: { s: '\ud83d\ude00' } }, 'UTC');
  assert.ok(okEvent.ok && okEvent.value.properties.s === '\u{1F600}');
});

test('the lone-surrogate walk names the first place in document order and survives any depth', async () => {
  const { loneSurrogateAt } = await import('../../src/fields/index.js');
  assert.deepEqual(loneSurrogateAt({ a: 'ok', b: ['x', { c: 'y\ud800' }], d: '\udc00' }, 'body'), { path: 'body.b[1].c', inKey: false });
  assert.deepEqual(loneSurrogateAt({ a: { ['k\ud800']: 1 } }, 'body'), { path: 'body.a', inKey: true });
  assert.equal(loneSurrogateAt(['\ud83d\ude00', { e: 'é' }], 'body'), null);
  let deep: unknown = 'end\udfff';
  for (let i = 0; i < 50_000; i++) deep = [deep];
  assert.deepEqual(loneSurrogateAt(deep, 'x'), { path: `x${'[0]'.repeat(50_000)}`, inKey: false });
});

test('an id is kept as written; a column no field can be named says how to rename it', () => {
  assert.deepEqual(checkContact({ id: ' c1 ' }, fields, 'UTC'), { ok: true, value: { id: ' c1 ', values: {} } });
  assert.deepEqual(checkContact({ id: '\uFEFFc1' }, fields, 'UTC'), { ok: true, value: { id: '\uFEFFc1', values: {} } });
  assert.equal(reasons(checkContact({ id: '  ' }, fields, 'UTC')), 'id: required, a non-empty text');
  assert.equal(reasons(checkContact({ id: 'a', zip: '8000' }, fields, 'UTC')),
    'zip: unknown field (declare it with "segmint fields apply", or import with --create-fields)');
  assert.equal(reasons(checkContact({ id: 'a', 'Zip Code': '8000' }, fields, 'UTC')),
    'Zip Code: not a field key (a lower-case letter, then lower-case letters, digits or _): rename the column to a key such as "zip_code", or map it to a field in the web app\'s import');
  assert.match(reasons(checkContact({ id: 'a', '2nd': 'x' }, fields, 'UTC')), /^2nd: not a field key .*: rename the column, or map it/);
});

test('a number field takes decimal text with the digits a number keeps, and nothing else', () => {
  const nums = new FieldRegistry([{ key: 'points', label: 'Points', type: 'number' }]);
  const value = (raw: unknown): unknown => { const r = checkContact({ id: 'a', points: raw }, nums, 'UTC'); return r.ok ? r.value.values.points : r.reasons.join('; '); };
  assert.deepEqual(['42', ' -3.5 ', '1.5e3', '.5', '5.', '+7', '0.1', 12].map(value), [42, -3.5, 1500, 0.5, 5, 7, 0.1, 12]);
  assert.equal(value('9007199254740993'), 'points: "9007199254740993" has more digits than a number keeps');
  assert.equal(value('1e400'), 'points: "1e400" has more digits than a number keeps');
  for (const raw of ['0x10', '0b11', '0o7', '1,000', '1 000', 'Infinity', '12abc', '.', '-']) assert.equal(value(raw), `points: ${JSON.stringify(raw)} is not a number`, raw);
});
