import { sign } from './signing.js';

// One delivery attempt: a signed POST, judged by its answer within a time limit.

export interface Message {
  /** `webhook-id`: the same for every attempt of one message. */
  readonly id: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface AttemptOutcome {
  /** The receiver answered 2xx within the time limit. */
  readonly ok: boolean;
  readonly responseCode: number | null;
  /** What went wrong, for the delivery log: a network error, the time limit, or a non-2xx answer with the start of its body. */
  readonly error: string | null;
  /** When the attempt started (and what `webhook-timestamp` says). */
  readonly at: number;
  readonly durationMs: number;
}

/** How much of a failing answer's body the log keeps. */
const BODY_EXCERPT = 200;

export async function attempt(url: string, secret: string, msg: Message, opts: { readonly now: () => number; readonly timeoutMs: number }): Promise<AttemptOutcome> {
  const at = opts.now();
  const seconds = Math.floor(at / 1000);
  const body = JSON.stringify({ type: msg.type, timestamp: new Date(at).toISOString(), data: msg.data });
  const started = performance.now();
  const took = (): number => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Segmint-Webhooks',
        'webhook-id': msg.id,
        'webhook-timestamp': String(seconds),
        'webhook-signature': sign(secret, msg.id, seconds, body),
      },
      body,
    });
    const excerpt = await readExcerpt(res);
    if (res.status >= 200 && res.status < 300) return { ok: true, responseCode: res.status, error: null, at, durationMs: took() };
    return { ok: false, responseCode: res.status, error: `answered ${res.status}${excerpt ? `: ${excerpt}` : ''}`, at, durationMs: took() };
  } catch (e) {
    return { ok: false, responseCode: null, error: describe(e, opts.timeoutMs), at, durationMs: took() };
  }
}

/** The start of an answer's body, read no further than needed. */
async function readExcerpt(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_EXCERPT * 4) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > BODY_EXCERPT ? `${text.slice(0, BODY_EXCERPT)}…` : text;
}

function describe(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = err.cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return cause?.message ?? err.message ?? String(e);
}
