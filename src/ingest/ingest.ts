import { SegmintError } from '../errors.js';
import type { FieldDef, FieldRegistry } from '../fields/index.js';
import type { Live, WriteBatch } from '../realtime/live.js';
import type { RejectionInput } from '../store/rejections.js';
import { LIMITS } from './limits.js';
import { buildWrite, type Planned } from './map.js';
import { readMessage, type CallType, type Envelope, type Message } from './message.js';
import { rereadItem, type Item } from './request.js';
import { mapTraits } from './traits.js';

// The messages of one request → stored. Good messages are written together, acknowledged
// only once Live has made them durable; every refused message (and every refused trait of
// an applied identify) goes to the rejections table before the answer. When the write queue
// already holds too much, the request is turned away whole (429) before anything is written.

/** The workspace setting that lets identify declare fields for undeclared traits. */
export const DECLARE_TRAITS_SETTING = 'ingest.declare_traits';

/** Why a message was refused, for a metric label. */
export type RejectReason = 'invalid_message' | 'too_large' | 'invalid_trait' | 'store';

export interface IngestHooks {
  /** Messages stored or applied (a repeated messageId counts: it is acknowledged). */
  onAccepted?(n: number): void;
  /** Messages refused, or identifies with refused traits (`invalid_trait`). */
  onRejected?(n: number, reason: RejectReason): void;
  /** Traits with no declared field, left out. */
  onIgnoredTraits?(n: number): void;
}

export interface IngestCounts {
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly traitsRefused: number;
  readonly traitsIgnored: number;
}

export type IngestOutcome =
  | { readonly ok: true; readonly counts: IngestCounts }
  | { readonly ok: false; readonly status: 429 | 503; readonly message: string };

export interface IngestorDeps extends IngestHooks {
  readonly live: Live;
  /** Keeps refused messages (the rejections table); throws when it cannot. */
  readonly reject: (rows: readonly RejectionInput[]) => Promise<void>;
  /** Messages being written at once before new requests get 429 (LIMITS.inFlightEvents). */
  readonly maxInFlight?: number;
}

interface FieldsView {
  readonly registry: FieldRegistry;
  readonly tz: string;
  readonly declare: boolean;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A planned message as its fallback write reads it again: where it stood, its text, and an identify's field values. */
interface Source {
  readonly at: string;
  readonly text: string;
  readonly values?: Planned['values'];
}

const isEmpty = (w: Required<WriteBatch>): boolean => w.contacts.length === 0 && w.events.length === 0 && w.merges.length === 0;

/** Live refuses a write when too much is waiting, or while it shuts down: the client should retry. */
const isBusy = (e: unknown): e is SegmintError => e instanceof SegmintError && e.issues.some((i) => i.code === 'busy');

export class Ingestor {
  private inFlight = 0;
  private readonly maxInFlight: number;
  constructor(private readonly deps: IngestorDeps) {
    this.maxInFlight = deps.maxInFlight ?? LIMITS.inFlightEvents;
  }

  /** Messages accepted and not yet durable. */
  get pending(): number {
    return this.inFlight;
  }

  async ingest(path: string, pathType: CallType | null, items: readonly Item[], envelope: Omit<Envelope, 'receivedAt'>): Promise<IngestOutcome> {
    const weight = Math.max(1, items.length);
    if (this.inFlight > 0 && this.inFlight + weight > this.maxInFlight) {
      return { ok: false, status: 429, message: `${this.inFlight} messages are being written; try again shortly` };
    }
    this.inFlight += weight;
    try {
      return await this.run(path, pathType, items, envelope);
    } catch (e) {
      if (isBusy(e)) return { ok: false, status: 429, message: e.message };
      throw e;
    } finally {
      this.inFlight -= weight;
    }
  }

  private async run(path: string, pathType: CallType | null, items: readonly Item[], envelope: Omit<Envelope, 'receivedAt'>): Promise<IngestOutcome> {
    const { live } = this.deps;
    const receivedAt = live.now();
    const rejections: RejectionInput[] = [];
    const reasons = new Map<RejectReason, number>();
    const refuse = (item: Item, why: RejectReason, text: string): void => {
      rejections.push({ receivedAt, reason: text, path: item.at ? `${path} ${item.at}` : path, message: item.text });
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    };

    const good: { item: Item; message: Message }[] = [];
    const env: Envelope = { ...envelope, receivedAt };
    for (const item of items) {
      if (item.refused) { refuse(item, 'too_large', item.refused); continue; }
      const r = readMessage(item.value, pathType, env);
      if (r.ok) good.push({ item, message: r.value });
      else refuse(item, 'invalid_message', r.reasons.join('; '));
    }

    let traitsRefused = 0;
    let traitsIgnored = 0;
    const planned: Planned[] = [];
    /** Each planned message as its fallback needs it (see `write`): not the message itself. */
    const sources: Source[] = [];
    const identifies = good.filter((g) => g.message.type === 'identify' && Object.keys(g.message.traits).length > 0);
    const view = identifies.length ? await this.fields(identifies.map((g) => g.message)) : null;
    for (const { item, message } of good) {
      let values: Planned['values'];
      if (message.type === 'identify' && view && Object.keys(message.traits).length > 0) {
        const t = mapTraits(message.traits, view.registry, view.tz, false);
        traitsIgnored += t.ignored.length;
        if (t.refused.length) {
          traitsRefused += t.refused.length;
          refuse(item, 'invalid_trait', t.refused.join('; '));
        }
        values = t.values;
      }
      planned.push({ message, values });
      sources.push({ at: item.at, text: item.text, values });
    }
    // Written as one: while the group commits only the write and each message's text are
    // held, not the parsed messages (a group commit outlives two scavenges, and what is still
    // referenced then is copied into the old space).
    const all = buildWrite(planned);
    const again = (s: Source): Planned | null => {
      const r = readMessage(rereadItem(s.text), pathType, env);
      return r.ok ? { message: r.value, values: s.values } : null;
    };

    // Refusals are kept before anything is written: a failure here stores nothing, and the retry is clean.
    await this.deps.reject(rejections);
    const rejectedBefore = rejections.length - (reasons.get('invalid_trait') ?? 0);

    const { written, duplicates, failed } = await this.write(all, sources, again);
    const late: RejectionInput[] = failed.map(({ source, error }) => ({ receivedAt, reason: `not stored: ${error}`, path: source.at ? `${path} ${source.at}` : path, message: source.text }));
    if (late.length) {
      await this.deps.reject(late);
      reasons.set('store', late.length);
    }

    this.deps.onAccepted?.(written);
    for (const [why, n] of reasons) this.deps.onRejected?.(n, why);
    if (traitsIgnored) this.deps.onIgnoredTraits?.(traitsIgnored);
    return { ok: true, counts: { accepted: written, rejected: rejectedBefore + late.length, duplicates, traitsRefused, traitsIgnored } };
  }

  /** The registry identify traits are matched against, with fields declared first when the workspace asks for it. */
  private async fields(messages: readonly Message[]): Promise<FieldsView> {
    const { live } = this.deps;
    const view = await live.read(async (ws): Promise<FieldsView> => ({
      registry: await ws.registry(),
      tz: ws.tz,
      declare: (await ws.store.getSetting(DECLARE_TRAITS_SETTING)) === 'true',
    }));
    if (!view.declare) return view;
    const wanted = new Map<string, FieldDef>();
    for (const m of messages) for (const d of mapTraits(m.traits, view.registry, view.tz, true).toDeclare) if (!wanted.has(d.key)) wanted.set(d.key, d);
    if (wanted.size === 0) return view;
    return live.mutate(async (ws) => {
      const registry = await ws.registry();
      const room = Math.max(0, Math.min(LIMITS.declaredPerRequest, LIMITS.declaredInWorkspace - registry.declared.length));
      const fresh = [...wanted.values()].filter((d) => !registry.get(d.key)).slice(0, room);
      if (fresh.length === 0) return { ...view, registry };
      await ws.applyFields(fresh);
      return { ...view, registry: await ws.registry() };
    });
  }

  /**
   * One write for every message. Should it fail, each message is read again from its text
   * and written alone: those that still fail are refused with the store's reason, unless
   * none gets through — then nothing is acknowledged and the error goes up (the server
   * answers 503 and the client retries).
   */
  private async write(all: Required<WriteBatch>, sources: readonly Source[], again: (s: Source) => Planned | null): Promise<{ written: number; duplicates: number; failed: { source: Source; error: string }[] }> {
    const { live } = this.deps;
    if (isEmpty(all)) return { written: sources.length, duplicates: 0, failed: [] };
    try {
      const r = await live.write(all);
      return { written: sources.length, duplicates: r.duplicates, failed: [] };
    } catch (e) {
      if (sources.length === 1 || isBusy(e)) throw e;
    }
    let written = 0;
    let duplicates = 0;
    const failed: { source: Source; error: string }[] = [];
    let lastError: unknown = null;
    for (const source of sources) {
      try {
        const p = again(source);
        if (!p) throw new Error('the message no longer reads as it did');
        const one = buildWrite([p]);
        if (!isEmpty(one)) duplicates += (await live.write(one)).duplicates;
        written++;
      } catch (e) {
        if (isBusy(e)) throw e;
        lastError = e;
        failed.push({ source, error: errorText(e) });
      }
    }
    if (written === 0) throw lastError;
    return { written, duplicates, failed };
  }
}
