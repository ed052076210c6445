import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { normalizeName } from '../../src/fields/index.js';
import { suggestMapping } from '../../src/web-api/column-mapping.js';
import { targetsFor } from '../../src/web-api/mapped-import.js';
import { err, testServer, type TestServer } from './harness.js';

// Imports with column mapping: the preview (suggested targets, first rows checked cell by
// cell), the mapped import (renamed, skipped and created columns; rejects by the upload's
// lines) and the download of its rejected rows.

const NOW = '2026-03-15T10:00:00.000Z';

const CSV = [
  'Customer ID,First Name,E-Mail,Phone number,Signup date,Loyalty Points,Favourite colour,Notes',
  'c1,Anna,anna@example.com,+41 44 123 45 67,2026-01-05,120,blue,likes shoes',
  'c2,Bruno,not-an-email,,2026-02-01,lots,green,',
  'c3,"Chiara, jr.",chiara@example.com,,2026-02-03,80,08123,"two',
  'lines"',
  '',
].join('\n');

describe('column mapping', () => {
  test('names match by key, label, normalized name and synonym', () => {
    assert.equal(normalizeName('E-Mail Adresse'), 'e_mail_adresse');
    assert.equal(normalizeName('  Prénom '), 'prenom');
    const targets = targetsFor('contacts', [{ key: 'points', label: 'Loyalty Points', type: 'number' }, { key: 'birth_date', label: 'Birthday', type: 'date' }]);
    const { mapping, matched } = suggestMapping(
      ['id', 'First Name', 'E-Mail', 'Email Address', 'Phone number', 'Created', 'Signup date', 'loyalty points', 'BIRTH DATE', 'Mobile', 'Whatever'], targets, 'contacts',
    );
    assert.deepEqual(mapping, {
      id: 'id', 'First Name': 'first_name', 'E-Mail': 'email', 'Email Address': null, 'Phone number': 'phone', Created: 'created_at',
      'Signup date': null, 'loyalty points': 'points', 'BIRTH DATE': 'birth_date', Mobile: null, Whatever: null,
    });
    assert.deepEqual([matched.id, matched['loyalty points'], matched['BIRTH DATE'], matched['Phone number']], ['key', 'label', 'name', 'synonym']);
    const events = suggestMapping(['user_id', 'Event', 'Timestamp', 'Amount', 'properties'], targetsFor('events', []), 'events');
    assert.deepEqual(events.mapping, { user_id: 'contact_id', Event: 'name', Timestamp: 'ts', Amount: 'properties.amount', properties: 'properties' });
  });
});

describe('imports with column mapping through the server', () => {
  let s: TestServer;
  before(async () => {
    s = await testServer({ now: NOW });
    const r = await s.call('POST', '/api/v1/fields', { body: [{ key: 'points', label: 'Loyalty points', type: 'number' }] });
    assert.equal(r.status, 200, r.text);
  });
  after(async () => { await s.close(); });

  test('preview: columns with suggested targets, a field to create for the rest, the first rows checked cell by cell', async () => {
    const r = await s.call('POST', '/api/v1/imports/preview?kind=contacts', { raw: CSV, type: 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.format, 'csv');
    assert.equal(r.body.truncated, false);
    assert.deepEqual(r.body.mapping, {
      'Customer ID': 'id', 'First Name': 'first_name', 'E-Mail': 'email', 'Phone number': 'phone', 'Signup date': 'created_at',
      'Loyalty Points': 'points', 'Favourite colour': null, Notes: null,
    });
    const colour = r.body.columns.find((c: { column: string }) => c.column === 'Favourite colour');
    assert.deepEqual(colour.create, { key: 'favourite_colour', label: 'Favourite colour', type: 'text' });
    assert.deepEqual(colour.examples, ['blue', 'green', '08123']);
    assert.equal(r.body.columns.find((c: { column: string }) => c.column === 'Notes').empty, 1);
    assert.deepEqual(r.body.rows.map((x: { line: number }) => x.line), [2, 3, 5]);
    assert.deepEqual(r.body.rows[0].errors, {});
    assert.deepEqual(r.body.rows[1].errors, { 'E-Mail': ['email: "not-an-email" is not an email address'], 'Loyalty Points': ['points: "lots" is not a number'] });
    assert.deepEqual(r.body.rows[1].rowErrors, []);
    assert.ok(r.body.targets.some((t: { key: string; label: string }) => t.key === 'points' && t.label === 'Loyalty points'));
  });

  test('preview with a mapping of its own: a required key no column gives is a row error; nothing is stored', async () => {
    const before_ = await s.state();
    const mapping = encodeURIComponent(JSON.stringify({ 'Customer ID': null, 'Favourite colour': 'favourite_colour' }));
    const r = await s.call('POST', `/api/v1/imports/preview?kind=contacts&mapping=${mapping}&createFields=true`, { raw: CSV, type: 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.rows[0].rowErrors, ['id: required, a non-empty text']);
    assert.deepEqual(r.body.rows[0].errors, {});
    assert.equal(r.body.columns.find((c: { column: string }) => c.column === 'Favourite colour').matchedBy, 'given');
    assert.deepEqual(await s.state(), before_);
  });

  test('the mapped import: columns renamed, skipped and created as fields; rejects by the upload\'s lines with the record as uploaded', async () => {
    const mapping = { 'Customer ID': 'id', 'First Name': 'first_name', 'E-Mail': 'email', 'Phone number': 'phone', 'Signup date': 'created_at', 'Loyalty Points': 'points', 'Favourite colour': 'favourite_colour', Notes: null };
    const r = await s.call('POST', `/api/v1/imports/contacts/mapped?createFields=true&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, { raw: CSV, type: 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.read, r.body.imported, r.body.rejected], [3, 2, 1]);
    assert.deepEqual(r.body.fieldsCreated, ['favourite_colour (text)']);
    assert.deepEqual(r.body.rejects, [{
      line: 3, reasons: ['email: "not-an-email" is not an email address', 'points: "lots" is not a number'],
      record: { 'Customer ID': 'c2', 'First Name': 'Bruno', 'E-Mail': 'not-an-email', 'Phone number': '', 'Signup date': '2026-02-01', 'Loyalty Points': 'lots', 'Favourite colour': 'green', Notes: '' },
    }]);
    assert.match(r.body.rejectsUrl, /^\/api\/v1\/imports\/imp_[0-9A-Za-z]{16}\/rejects$/);
    const c3 = (await s.call('GET', '/api/v1/contacts/c3')).body;
    assert.deepEqual([c3.fields.first_name, c3.fields.favourite_colour, c3.fields.points, c3.fields.created_at], ['Chiara, jr.', '08123', 80, '2026-02-03T00:00:00.000Z']);
    assert.equal('notes' in c3.fields, false);
    const fields = (await s.call('GET', '/api/v1/fields')).body;
    assert.equal(fields.find((f: { key: string }) => f.key === 'favourite_colour').label, 'Favourite colour');

    const csv = await s.call('GET', r.body.rejectsUrl);
    assert.equal(csv.status, 200, csv.text);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="imp_.*\.rejects\.csv"/);
    assert.equal(csv.text, [
      'line,reasons,Customer ID,First Name,E-Mail,Phone number,Signup date,Loyalty Points,Favourite colour,Notes',
      '3,"email: ""not-an-email"" is not an email address; points: ""lots"" is not a number",c2,Bruno,not-an-email,,2026-02-01,lots,green,',
      '',
    ].join('\n'));
    const nd = await s.call('GET', `${r.body.rejectsUrl}?format=ndjson`);
    assert.deepEqual(JSON.parse(nd.text.trim()), r.body.rejects[0]);
  });

  test('events: other columns become typed properties; unreadable lines are rejects too', async () => {
    const file = 'user,event,when,amount,coupon,paid\nc1,purchase,2026-03-10T10:00:00Z,19.90,SPRING,true\nc1,purchase,yesterday,5,,false\nc1,"broken\n';
    const p = await s.call('POST', '/api/v1/imports/preview?kind=events', { raw: file, type: 'text/csv' });
    assert.equal(p.status, 200, p.text);
    assert.deepEqual(p.body.mapping, { user: 'contact_id', event: 'name', when: 'ts', amount: 'properties.amount', coupon: 'properties.coupon', paid: 'properties.paid' });
    assert.deepEqual(p.body.rows[1].errors, { when: ['ts: "yesterday" is not an ISO-8601 datetime'] });
    const r = await s.call('POST', `/api/v1/imports/events/mapped?mapping=${encodeURIComponent(JSON.stringify(p.body.mapping))}`, { raw: file, type: 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.read, r.body.imported, r.body.rejected], [3, 1, 2]);
    assert.deepEqual(r.body.rejects.map((x: { line: number }) => x.line), [3, 4]);
    const c1 = (await s.call('GET', '/api/v1/contacts/c1')).body;
    assert.deepEqual(c1.events[0].properties, { amount: 19.9, coupon: 'SPRING', paid: true });
    const count = await s.call('POST', '/api/v1/count', { body: { condition: 'performed purchase sum(amount) > 19' } });
    assert.equal(count.body.count, 1);
  });

  test('NDJSON: keys mapped like columns', async () => {
    const file = '{"Kunde": "c9", "Vorname": "Dora", "Punkte": 7}\n';
    const p = await s.call('POST', '/api/v1/imports/preview?kind=contacts', { raw: file, type: 'application/x-ndjson' });
    assert.deepEqual([p.body.format, p.body.mapping], ['ndjson', { Kunde: null, Vorname: 'first_name', Punkte: null }]);
    const mapping = encodeURIComponent(JSON.stringify({ ...p.body.mapping, Kunde: 'id', Punkte: 'points' }));
    const r = await s.call('POST', `/api/v1/imports/contacts/mapped?mapping=${mapping}`, { raw: file });
    assert.deepEqual([r.status, r.body.imported, r.body.rejected, r.body.rejectsUrl], [200, 1, 0, null]);
    assert.equal((await s.call('GET', '/api/v1/contacts/c9')).body.fields.first_name, 'Dora');
  });

  test('bad input: clear errors naming the column, nothing stored changes', async () => {
    const before_ = await s.state();
    const call = (query: string, raw = CSV) => s.call('POST', `/api/v1/imports/contacts/mapped?${query}`, { raw, type: 'text/csv' });
    const m = (o: unknown) => `mapping=${encodeURIComponent(JSON.stringify(o))}`;
    // Unmapped columns keep their names, which are no fields.
    const unknown = await call(m({ 'Customer ID': 'id' }));
    assert.deepEqual(err(unknown), [422, 'invalid_value', 'query.mapping["First Name"]']);
    assert.ok(unknown.body.error.issues.length >= 5);
    const twice = await call(m({ 'Customer ID': 'id', 'First Name': 'email', 'E-Mail': 'email', 'Phone number': null, 'Signup date': null, 'Loyalty Points': null, 'Favourite colour': null, Notes: null }));
    assert.deepEqual(err(twice), [422, 'invalid_value', 'query.mapping["E-Mail"]']);
    const computed = await call(m({ 'Customer ID': 'id', 'First Name': 'last_active_at', 'E-Mail': null, 'Phone number': null, 'Signup date': null, 'Loyalty Points': null, 'Favourite colour': null, Notes: null }));
    assert.deepEqual(err(computed), [422, 'invalid_value', 'query.mapping["First Name"]']);
    const notKey = await call(`${m({ 'Customer ID': 'id', 'First Name': 'First Name!' })}&createFields=true`);
    assert.deepEqual(err(notKey), [422, 'invalid_value', 'query.mapping["First Name"]']);
    assert.deepEqual(err(await call('mapping=%7Bnope')), [400, 'invalid_request', 'query.mapping']);
    assert.deepEqual(err(await call(m(['id']))), [400, 'invalid_request', 'query.mapping']);
    assert.deepEqual(err(await call(m({ 'Customer ID': 5 }))), [400, 'invalid_request', 'query.mapping["Customer ID"]']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/imports/events/mapped?createFields=true', { raw: 'a\n1\n', type: 'text/csv' })), [400, 'invalid_request', 'query.createFields']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/imports/events/mapped?mapping=' + encodeURIComponent(JSON.stringify({ a: 'properties.x y' })), { raw: 'a\n1\n', type: 'text/csv' })), [422, 'invalid_value', 'query.mapping["a"]']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/imports/preview?kind=people', { raw: CSV, type: 'text/csv' })), [400, 'invalid_request', 'query.kind']);
    assert.deepEqual(err(await s.call('POST', '/api/v1/imports/preview?kind=contacts', { raw: CSV, type: 'text/csv', key: s.writer })), [403, 'forbidden', 'headers.authorization']);
    assert.deepEqual(err(await s.call('GET', '/api/v1/imports/imp_0000000000000000/rejects')), [404, 'not_found', 'params.id']);
    assert.deepEqual(await s.state(), before_);
  });

  test('a large upload: the preview reads its beginning only', async () => {
    const row = 'c1,Anna,anna@example.com,,2026-01-05,120,blue,x\n';
    const big = `Customer ID,First Name,E-Mail,Phone number,Signup date,Loyalty Points,Favourite colour,Notes\n${row.repeat(Math.ceil((3 * 1024 * 1024) / row.length))}`;
    const r = await s.call('POST', '/api/v1/imports/preview?kind=contacts', { raw: big, type: 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.truncated, r.body.sampled, r.body.rows.length], [true, 1000, 20]);
  });

  test('the routes are in the OpenAPI document', async () => {
    const doc = (await s.call('GET', '/api/v1/openapi.json')).body;
    for (const p of ['/api/v1/imports/preview', '/api/v1/imports/{kind}/mapped', '/api/v1/imports/{id}/rejects']) assert.ok(doc.paths[p], p);
  });
});
