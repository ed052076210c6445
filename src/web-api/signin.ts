import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBase62, type ApiKey, type KeyStore } from '../store/keys.js';

// One-time sign-in for the web app: a short-lived token, shown in a URL that `segmint demo`
// prints, is exchanged once for a new admin key the browser keeps. Tokens live in the
// server's memory only (a restart forgets them) and are held by their SHA-256; a token
// that was used, or is past its time, is refused.

export const TOKEN_TTL_MS = 10 * 60_000;
export const SIGNIN_KEY_NAME = 'browser sign-in';

const TOKEN = /^st_[0-9A-Za-z]{32}$/;

export type SignInRefusal = 'unknown' | 'used' | 'expired';

export class SignInError extends Error {
  constructor(readonly reason: SignInRefusal) {
    super({
      unknown: 'this sign-in token is not valid: ask for a new sign-in link',
      used: 'this sign-in token was already used: sign-in links work once; ask for a new one',
      expired: 'this sign-in token has expired: sign-in links are valid for 10 minutes; ask for a new one',
    }[reason]);
    this.name = 'SignInError';
  }
}

interface Held {
  readonly hash: string;
  readonly expiresAt: number;
  usedAt: number | null;
}

const hashOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export class SignInTokens {
  private readonly byHash = new Map<string, Held>();

  constructor(private readonly keys: KeyStore, private readonly ttlMs = TOKEN_TTL_MS) {}

  /** A new token, valid once until `expiresAt`. */
  mint(now = Date.now()): { token: string; expiresAt: number } {
    this.prune(now);
    const token = `st_${randomBase62(32)}`;
    const held: Held = { hash: hashOf(token), expiresAt: now + this.ttlMs, usedAt: null };
    this.byHash.set(held.hash, held);
    return { token, expiresAt: held.expiresAt };
  }

  /** Exchange a token for a new admin key (the secret shown once); refused with a SignInError. */
  async exchange(token: string, now = Date.now()): Promise<{ key: ApiKey; secret: string }> {
    this.prune(now);
    if (!TOKEN.test(token)) throw new SignInError('unknown');
    const hash = hashOf(token);
    const held = this.byHash.get(hash);
    if (!held || !timingSafeEqual(Buffer.from(held.hash), Buffer.from(hash))) throw new SignInError('unknown');
    if (held.usedAt !== null) throw new SignInError('used');
    if (now >= held.expiresAt) throw new SignInError('expired');
    // Spent before the key is made: a second request racing this one is refused.
    held.usedAt = now;
    return this.keys.create('admin', SIGNIN_KEY_NAME, now);
  }

  /** Forget tokens past their time for longer than their lifetime (a late one is still "expired" for a while). */
  private prune(now: number): void {
    for (const [h, t] of this.byHash) if (now >= t.expiresAt + this.ttlMs) this.byHash.delete(h);
  }
}

const registry = new WeakMap<KeyStore, SignInTokens>();

/** The sign-in tokens of a server, by its key store: the routes and the process that runs the server share them. */
export function signInTokens(keys: KeyStore): SignInTokens {
  let t = registry.get(keys);
  if (!t) registry.set(keys, (t = new SignInTokens(keys)));
  return t;
}

/**
 * A one-time sign-in token for a running server, without HTTP: `segmint demo` calls it with
 * `server.keys` and prints `URL/?signin=TOKEN` (the web app exchanges it at POST /api/v1/signin).
 */
export function mintSignInToken(keys: KeyStore, now = Date.now()): { token: string; expiresAt: number } {
  return signInTokens(keys).mint(now);
}
