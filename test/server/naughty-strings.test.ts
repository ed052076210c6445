import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { testServer } from './harness.js';

// The compiled test runs from dist/test/server, the corpus stays in test/fixtures.
// Every string of the Big List of Naughty Strings goes in through /v1 — as a contact id,
// as trait values and as an event property — and must come back out of the API exactly as
// sent (text fields are kept in NFC, so a string is compared in NFC where a field holds it).

const NAUGHTY: string[] = JSON.parse(readFileSync(new URL('../../../test/fixtures/blns.json', import.meta.url), 'utf8'));

test('naughty strings come back unchanged: ids, trait values and event properties', async () => {
  const s = await testServer();
  try {
    assert.equal((await s.call('POST', '/api/v1/fields', { body: { key: 'city', label: 'City', type: 'text' } })).status, 200);
    // A usable id is a non-blank text of at most 255 characters; the others get a plain id,
    // as do "." and "..", which no URL can carry as a path segment (clients resolve them).
    const ids = new Map<number, string>();
    const taken = new Set<string>();
    NAUGHTY.forEach((v, i) => {
      const id = v.trim() !== '' && v.length <= 255 && v !== '.' && v !== '..' && !taken.has(v) ? v : `plain-${i}`;
      taken.add(id);
      ids.set(i, id);
    });
    const batch = NAUGHTY.flatMap((v, i) => [
      { type: 'identify', userId: ids.get(i), traits: { city: v, first_name: v }, messageId: `i-${i}` },
      { type: 'track', userId: ids.get(i), event: 'naughty', properties: { v }, messageId: `t-${i}` },
    ]);
    const sent = await s.call('POST', '/v1/batch', { body: { batch }, key: null, headers: { authorization: `Basic ${Buffer.from(`${s.writer}:`).toString('base64')}` } });
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.body.rejected, 0, JSON.stringify((await s.call('GET', '/api/v1/rejections')).body));

    const wrong: string[] = [];
    for (const [i, v] of NAUGHTY.entries()) {
      const got = await s.call('GET', `/api/v1/contacts/${encodeURIComponent(ids.get(i)!)}`);
      if (got.status !== 200) { wrong.push(`${i}: ${got.status}`); continue; }
      const expected = v === '' ? null : v.normalize('NFC');
      if (got.body.id !== ids.get(i)) wrong.push(`${i}: id ${JSON.stringify(got.body.id)}`);
      if (got.body.fields.city !== expected) wrong.push(`${i}: city ${JSON.stringify(got.body.fields.city)} for ${JSON.stringify(v)}`);
      if (got.body.fields.first_name !== expected) wrong.push(`${i}: first_name ${JSON.stringify(got.body.fields.first_name)}`);
      const event = got.body.events.find((e: { name: string }) => e.name === 'naughty');
      if (event?.properties?.v !== v) wrong.push(`${i}: property ${JSON.stringify(event?.properties?.v)} for ${JSON.stringify(v)}`);
    }
    assert.deepEqual(wrong, []);
  } finally {
    await s.close();
  }
});

test('a value that begins with a byte order mark is its own value in every path', async () => {
  const s = await testServer();
  try {
    await s.call('POST', '/api/v1/fields', { body: { key: 'city', label: 'City', type: 'text' } });
    // "\uFEFFBern" and "Bern" are different ids and different cities.
    const sent = await s.call('POST', '/api/v1/contacts', { body: [{ id: '\uFEFFb', city: '\uFEFFBern' }, { id: 'b', city: 'Bern' }] });
    assert.equal(sent.status, 200, sent.text);
    const seg = await s.call('POST', '/api/v1/segments', { body: { name: 'Marked', alias: 'marked', condition: { type: 'field', field: 'city', op: 'eq', value: '\uFEFFBern' } } });
    assert.equal(seg.status, 201, seg.text);
    assert.deepEqual((await s.call('GET', '/api/v1/segments/marked/members')).body.members, ['\uFEFFb']);
    assert.equal((await s.call('POST', '/api/v1/count', { body: { condition: { type: 'field', field: 'city', op: 'eq', value: 'Bern' } } })).body.count, 1);
    const marked = await s.call('GET', `/api/v1/segments/marked/explain/${encodeURIComponent('\uFEFFb')}`);
    assert.deepEqual([marked.body.member, marked.body.matches], [true, true]);
    const plain = await s.call('GET', '/api/v1/segments/marked/explain/b');
    assert.deepEqual([plain.body.member, plain.body.matches], [false, false]);
    assert.equal((await s.call('GET', `/api/v1/contacts/${encodeURIComponent('\uFEFFb')}`)).body.fields.city, '\uFEFFBern');
  } finally {
    await s.close();
  }
});
