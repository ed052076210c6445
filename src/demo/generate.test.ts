import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateWorkspace, type GenerateResult } from './generate.js';
import { DEMO_FIELDS } from './fields.js';
import { EVENT_NAMES, EVENT_PROPERTIES, type EventName } from './event-data.js';
import { CONTACT_COLUMNS } from './contact-format.js';

const NOW = new Date('2025-06-01T12:00:00.500Z');
const DAYS = 400;
const SYSTEM = new Set(['id', 'email', 'phone', 'first_name', 'last_name', 'tags']);
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'segmint-gen-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

async function hashes(r: GenerateResult): Promise<string[]> {
  return Promise.all(Object.values(r.files).map((p: string) => sha256(p)));
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

async function ndjson(path: string): Promise<JsonObject[]> {
  const text = await readFile(path, 'utf8');
  assert.ok(text.endsWith('\n'), `${path} ends with a newline`);
  return text.slice(0, -1).split('\n').map((line, i) => {
    const v: unknown = JSON.parse(line);
    assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `line ${i + 1} is an object`);
    return v as JsonObject;
  });
}

function csvRows(text: string): string[][] {
  return parse(text, { relax_column_count: false }) as string[][];
}

/** One generated workspace shared by the read-only checks below. */
const shared = (async () => {
  const dir = await mkdtemp(join(tmpdir(), 'segmint-gen-'));
  const result = await generateWorkspace({ dir, contacts: 1500, events: 20000, seed: 7, now: NOW, days: DAYS, csv: true });
  return { dir, result, contacts: await ndjson(result.files.contacts), events: await ndjson(result.files.events) };
})();

// Keeps a generation failure from surfacing as an unhandled rejection before a test awaits it.
shared.catch(() => undefined);

after(async () => {
  await rm((await shared).dir, { recursive: true, force: true });
});

test('same seed gives byte-identical files; another seed does not', async () => {
  await withDir(async (dir) => {
    const opts = { contacts: 400, events: 6000, seed: 42, now: NOW, csv: true } as const;
    const a = await hashes(await generateWorkspace({ ...opts, dir: join(dir, 'a') }));
    const b = await hashes(await generateWorkspace({ ...opts, dir: join(dir, 'b') }));
    const c = await hashes(await generateWorkspace({ ...opts, dir: join(dir, 'c'), seed: 43 }));
    const noCsv = await hashes(await generateWorkspace({ ...opts, dir: join(dir, 'd'), csv: false }));
    assert.deepEqual(a, b);
    assert.equal(a.length, 5);
    assert.deepEqual(noCsv, a.slice(0, 3), 'asking for CSV does not change the NDJSON');
    assert.notEqual(a[1], c[1], 'contacts differ by seed');
    assert.notEqual(a[2], c[2], 'events differ by seed');
  });
});

test('contacts do not depend on the event total, and earlier contacts not on the contact total', async () => {
  await withDir(async (dir) => {
    const small = await generateWorkspace({ dir: join(dir, 'a'), contacts: 50, events: 100, seed: 3, now: NOW });
    const big = await generateWorkspace({ dir: join(dir, 'b'), contacts: 80, events: 5000, seed: 3, now: NOW });
    const a = await readFile(small.files.contacts, 'utf8');
    const b = await readFile(big.files.contacts, 'utf8');
    assert.ok(b.startsWith(a));
  });
});

test('produces exactly the requested counts, including edge sizes', async () => {
  for (const [contacts, events] of [[1, 1], [1, 50], [37, 1001], [10, 0], [0, 0], [300, 299]] as const) {
    await withDir(async (dir) => {
      const r = await generateWorkspace({ dir, contacts, events, seed: 1, now: NOW, csv: true });
      assert.equal(r.contacts, contacts);
      assert.equal(r.events, events);
      assert.equal((await readFile(r.files.contacts, 'utf8')).split('\n').length - 1, contacts);
      assert.equal((await readFile(r.files.events, 'utf8')).split('\n').length - 1, events);
    });
  }
});

test('rejects impossible options', async () => {
  await withDir(async (dir) => {
    await assert.rejects(generateWorkspace({ dir, contacts: 0, events: 5, seed: 1, now: NOW }), /at least one contact/);
    await assert.rejects(generateWorkspace({ dir, contacts: -1, events: 0, seed: 1, now: NOW }), /non-negative integer/);
    await assert.rejects(generateWorkspace({ dir, contacts: 1, events: 0, seed: 1, now: NOW, days: 0 }), /days/);
  });
});

test('fields.json is the DEMO_FIELDS registry', async () => {
  const { result } = await shared;
  assert.deepEqual(JSON.parse(await readFile(result.files.fields, 'utf8')), DEMO_FIELDS);
});

test('every contact line has an id and only declared keys with values of the declared type', async () => {
  const { contacts } = await shared;
  const fields = new Map(DEMO_FIELDS.map((f) => [f.key, f]));
  contacts.forEach((c, i) => {
    assert.equal(c.id, `c${String(i + 1).padStart(7, '0')}`);
    for (const [key, v] of Object.entries(c)) {
      assert.ok(v !== null && v !== '', `${c.id}.${key} is absent rather than empty`);
      if (SYSTEM.has(key)) {
        if (key === 'tags') assert.ok(Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string'));
        else assert.equal(typeof v, 'string', `${c.id}.${key}`);
        continue;
      }
      const f = fields.get(key);
      assert.ok(f !== undefined, `${c.id}: undeclared key ${key}`);
      switch (f.type) {
        case 'number': assert.ok(typeof v === 'number' && Number.isFinite(v), `${c.id}.${key}`); break;
        case 'boolean': assert.equal(typeof v, 'boolean', `${c.id}.${key}`); break;
        case 'date': assert.match(String(v), ISO_DATE); break;
        case 'datetime': assert.match(String(v), ISO_DATETIME); break;
        case 'select': assert.ok(typeof v === 'string' && f.options?.includes(v), `${c.id}.${key}=${String(v)}`); break;
        case 'multiselect':
          assert.ok(Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && f.options?.includes(x)), `${c.id}.${key}`);
          break;
        case 'url': assert.match(String(v), /^https?:\/\/[a-z0-9.-]+$/); break;
        default: assert.equal(typeof v, 'string', `${c.id}.${key}`);
      }
    }
    if (c.phone !== undefined) assert.match(String(c.phone), /^\+41\d{9}$/);
    if (c.email !== undefined) assert.match(String(c.email), /^[^@\s]+@[a-z0-9.]+$/i);
  });
});

test('contacts have realistic gaps and spelling variety', async () => {
  const { contacts } = await shared;
  for (const key of ['email', 'phone', 'birth_date', 'city', 'points', 'interests', 'website']) {
    const missing = contacts.filter((c) => c[key] === undefined).length;
    assert.ok(missing > 0 && missing < contacts.length, `${key}: some but not all missing (${missing})`);
  }
  const cities = new Set(contacts.map((c) => c.city));
  for (const spelling of ['Zürich', 'Zurich', 'Genève', 'Bern', 'Basel', 'Luzern', 'Lausanne']) assert.ok(cities.has(spelling), spelling);
  const tags = new Set(contacts.flatMap((c) => (Array.isArray(c.tags) ? c.tags : [])));
  for (const tag of ['vip', 'beta', 'eco', 'newsletter']) assert.ok(tags.has(tag), tag);
});

test('events: required keys, known names and properties, unique message ids', async () => {
  const { events } = await shared;
  const ids = new Set<string>();
  for (const e of events) {
    assert.deepEqual(Object.keys(e), ['contact_id', 'name', 'ts', 'properties', 'message_id']);
    assert.ok((EVENT_NAMES as readonly Json[]).includes(e.name), `name ${String(e.name)}`);
    const props = e.properties;
    assert.ok(typeof props === 'object' && props !== null && !Array.isArray(props));
    assert.deepEqual(Object.keys(props), EVENT_PROPERTIES[e.name as EventName]);
    assert.equal(typeof e.message_id, 'string');
    ids.add(String(e.message_id));
  }
  assert.equal(ids.size, events.length);
  const names = new Set(events.map((e) => e.name));
  assert.equal(names.size, EVENT_NAMES.length, 'every event name occurs');
});

test('event files are pure ASCII (they are written one byte per char)', async () => {
  const { result } = await shared;
  for (const path of [result.files.events, result.files.eventsCsv ?? '']) {
    const bytes = await readFile(path);
    assert.equal(bytes.findIndex((b) => b > 0x7f), -1, path);
  }
});

test('event times lie in [now − days, now]; sorted by time within each contact, file grouped by contact id (not globally sorted)', async () => {
  const { events, contacts } = await shared;
  const lo = NOW.getTime() - DAYS * 86_400_000;
  const known = new Set(contacts.map((c) => c.id));
  let prevId = '';
  let prevTs = 0;
  let globallySorted = true;
  let last = 0;
  for (const e of events) {
    assert.match(String(e.ts), ISO_DATETIME);
    const t = Date.parse(String(e.ts));
    assert.ok(t >= lo && t <= NOW.getTime(), `ts ${String(e.ts)} in window`);
    const id = String(e.contact_id);
    assert.ok(known.has(id), `event for unknown contact ${id}`);
    assert.ok(id >= prevId, 'grouped by contact in id order');
    if (id === prevId) assert.ok(t >= prevTs, `${id}: time order`);
    if (t < last) globallySorted = false;
    last = t;
    prevId = id;
    prevTs = t;
  }
  assert.equal(globallySorted, false, 'documented: not globally sorted');
});

test('activity is skewed: some contacts silent, a few very active, most with few events', async () => {
  const { events, contacts } = await shared;
  const perContact = new Map<string, number>();
  for (const e of events) perContact.set(String(e.contact_id), (perContact.get(String(e.contact_id)) ?? 0) + 1);
  const silent = contacts.length - perContact.size;
  assert.ok(silent >= 0.05 * contacts.length && silent <= 0.12 * contacts.length, `silent share ${silent / contacts.length}`);
  const counts = [...perContact.values()].sort((a, b) => a - b);
  const median = counts[Math.floor(counts.length / 2)];
  const max = counts[counts.length - 1];
  const mean = events.length / contacts.length;
  assert.ok(median < mean, `median ${median} below mean ${mean}`);
  assert.ok(max > 10 * mean, `max ${max} far above mean ${mean}`);
  const byName = new Map<string, number>();
  for (const e of events) byName.set(String(e.name), (byName.get(String(e.name)) ?? 0) + 1);
  assert.ok((byName.get('page_view') ?? 0) > 5 * (byName.get('purchase') ?? 0), 'page views dominate');
  assert.ok((byName.get('support_case') ?? 0) < (byName.get('purchase') ?? 0), 'support cases are rare');
});

test('some cart adds are followed by a purchase within hours, some are not', async () => {
  const { events } = await shared;
  let converted = 0;
  let abandoned = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.name !== 'cart_add') continue;
    const t = Date.parse(String(e.ts));
    let bought = false;
    for (let j = i + 1; j < events.length && events[j].contact_id === e.contact_id; j++) {
      const dt = Date.parse(String(events[j].ts)) - t;
      if (dt > 48 * 3_600_000) break;
      if (events[j].name === 'purchase') bought = true;
    }
    if (bought) converted++;
    else abandoned++;
  }
  assert.ok(converted > 50 && abandoned > 50, `converted ${converted}, abandoned ${abandoned}`);
});

test('CSV files: header row, same rows as NDJSON, lists `;`-separated, properties as JSON', async () => {
  const { result, contacts, events } = await shared;
  const cRows = csvRows(await readFile(result.files.contactsCsv ?? '', 'utf8'));
  assert.deepEqual(cRows[0], CONTACT_COLUMNS);
  assert.equal(cRows.length - 1, contacts.length);
  cRows.slice(1).forEach((row, i) => {
    const c = contacts[i];
    CONTACT_COLUMNS.forEach((key, k) => {
      const v = c[key];
      const expected = v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
      assert.equal(row[k], expected, `${String(c.id)}.${key}`);
    });
  });
  const eRows = csvRows(await readFile(result.files.eventsCsv ?? '', 'utf8'));
  assert.deepEqual(eRows[0], ['contact_id', 'name', 'ts', 'properties', 'message_id']);
  assert.equal(eRows.length - 1, events.length);
  eRows.slice(1).forEach((row, i) => {
    const e = events[i];
    assert.deepEqual([row[0], row[1], row[2], JSON.parse(row[3]), row[4]], [e.contact_id, e.name, e.ts, e.properties, e.message_id]);
  });
});
