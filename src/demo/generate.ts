// Writes a synthetic workspace (field settings, contacts, events) for `segmint demo`
// and the benchmark. Deterministic: the same options give the same bytes, because all
// randomness comes from seeded streams and the clock is the caller's `now`.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { allocateEventCounts } from './activity.js';
import { makeContact } from './contact.js';
import { CONTACTS_CSV_HEADER, contactCsvLine, contactJsonLine } from './contact-format.js';
import { EventGenerator } from './events.js';
import { DEMO_FIELDS } from './fields.js';
import { IsoClock } from './iso.js';
import { Rng, subSeed } from './random.js';
import { contactId } from './sizes.js';
import { TextSink } from './sink.js';

export interface GenerateOptions {
  readonly dir: string;
  readonly contacts: number;
  readonly events: number;
  readonly seed: number;
  readonly now: Date;
  /** Events fall in the `days` days before `now` (default 400, so "within 365d" has history before it). */
  readonly days?: number;
  /** Also write contacts.csv and events.csv. */
  readonly csv?: boolean;
}

export interface GeneratedFiles {
  readonly fields: string;
  readonly contacts: string;
  readonly events: string;
  readonly contactsCsv?: string;
  readonly eventsCsv?: string;
}

export interface GenerateResult {
  readonly files: GeneratedFiles;
  readonly contacts: number;
  readonly events: number;
}

const EVENTS_CSV_HEADER = 'contact_id,name,ts,properties,message_id\n';

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
}

function validate(opts: GenerateOptions): number {
  checkCount('contacts', opts.contacts);
  checkCount('events', opts.events);
  if (opts.events > 0 && opts.contacts === 0) throw new RangeError('events need at least one contact');
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed must be a number, got ${opts.seed}`);
  if (Number.isNaN(opts.now.getTime())) throw new RangeError('now must be a valid date');
  const days = opts.days ?? 400;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new RangeError(`days must be an integer in 1..3650, got ${days}`);
  return days;
}

export async function generateWorkspace(opts: GenerateOptions): Promise<GenerateResult> {
  const days = validate(opts);
  await mkdir(opts.dir, { recursive: true });
  const files: GeneratedFiles = {
    fields: join(opts.dir, 'fields.json'),
    contacts: join(opts.dir, 'contacts.ndjson'),
    events: join(opts.dir, 'events.ndjson'),
    ...(opts.csv === true ? { contactsCsv: join(opts.dir, 'contacts.csv'), eventsCsv: join(opts.dir, 'events.csv') } : {}),
  };
  await writeFile(files.fields, `${JSON.stringify(DEMO_FIELDS, null, 2)}\n`);

  const nowMs = opts.now.getTime();
  const nowSec = Math.floor(nowMs / 1000);
  // Rounded up so that whole-second timestamps never fall before now − days.
  const windowStart = Math.ceil((nowMs - days * 86_400_000) / 1000);
  const clock = new IsoClock();

  // Separate streams: contacts do not depend on the event total, and vice versa.
  const counts = allocateEventCounts(new Rng(subSeed(opts.seed, 'activity')), opts.contacts, opts.events);
  const contactRng = new Rng(subSeed(opts.seed, 'contacts'));

  const sinks: TextSink[] = [];
  const open = async (path: string, ascii = false): Promise<TextSink> => {
    const s = await TextSink.create(path, { ascii });
    sinks.push(s);
    return s;
  };
  try {
    const contactsOut = await open(files.contacts);
    // Event text is built from ASCII vocabularies only (event-data.ts, ids, times, numbers).
    const eventsOut = await open(files.events, true);
    const contactsCsv = files.contactsCsv === undefined ? undefined : await open(files.contactsCsv);
    const eventsCsv = files.eventsCsv === undefined ? undefined : await open(files.eventsCsv, true);
    contactsCsv?.add(CONTACTS_CSV_HEADER);
    eventsCsv?.add(EVENTS_CSV_HEADER);

    const events = new EventGenerator(new Rng(subSeed(opts.seed, 'events')), clock, windowStart, nowSec, { ndjson: eventsOut, csv: eventsCsv });
    const ctx = { nowSec, clock };
    for (let n = 1; n <= opts.contacts; n++) {
      const id = contactId(n);
      const { contact, traits } = makeContact(contactRng, n, id, ctx);
      contactsOut.add(contactJsonLine(contact));
      contactsCsv?.add(contactCsvLine(contact));
      events.emit(id, traits, counts[n - 1]);
      for (const s of sinks) if (s.full) await s.flush();
    }
  } catch (err) {
    // Release the files, but report the error that stopped generation.
    await Promise.allSettled(sinks.map((s) => s.close()));
    throw err;
  }
  await Promise.all(sinks.map((s) => s.close()));
  return { files, contacts: opts.contacts, events: opts.events };
}
