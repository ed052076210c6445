import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlRunner } from './store.js';

// API keys. A key is shown once, when it is created; the store keeps only its SHA-256.
// Every key is held in memory by hash, so checking a request costs one hash and one map
// lookup and never waits for the store. `last_used_at` is kept in memory as well and
// written back now and then (`flush`), not on every request.

export type KeyRole = 'admin' | 'write';
export const KEY_ROLES: readonly KeyRole[] = ['admin', 'write'];

export interface ApiKey {
  readonly id: string;
  readonly name: string | null;
  readonly role: KeyRole;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}

/** Runs a piece of store work where nothing else uses the store (a server's queue); by default at once. */
export type Exclusive = <T>(fn: () => Promise<T>) => Promise<T>;

const SCHEMA = `CREATE TABLE IF NOT EXISTS api_keys (id VARCHAR, name VARCHAR, role VARCHAR, hash VARCHAR, created_at BIGINT, revoked_at BIGINT, last_used_at BIGINT)`;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` characters of base 62 from the system's random source, without modulo bias. */
export function randomBase62(n: number): string {
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      // 248 = 4 × 62: bytes above it would favour the first letters.
      if (b < 248) out += BASE62[b % 62];
      if (out.length === n) break;
    }
  }
  return out;
}

const hashOf = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** The shape every key has: `sk_admin_` or `sk_write_` and 32 letters and digits. */
export const KEY_PATTERN = /^sk_(admin|write)_[0-9A-Za-z]{32}$/;

interface Held extends ApiKey {
  readonly hash: string;
  /** Held only in memory: a credential for this process, never stored. */
  readonly session: boolean;
}

export class KeyStore {
  private readonly byHash = new Map<string, Held>();
  /** Hashes of keys whose last use is newer in memory than in the store. */
  private readonly dirty = new Set<string>();

  private constructor(private readonly sql: SqlRunner, private readonly exclusive: Exclusive) {}

  static async open(sql: SqlRunner, exclusive: Exclusive = (fn) => fn()): Promise<KeyStore> {
    const keys = new KeyStore(sql, exclusive);
    await exclusive(async () => {
      await sql.run(SCHEMA);
      for (const r of await sql.rows('SELECT id, name, role, hash, created_at, revoked_at, last_used_at FROM api_keys')) keys.hold(fromRow(r), String(r.hash), false);
    });
    return keys;
  }

  private hold(k: ApiKey, hash: string, session: boolean): void {
    this.byHash.set(hash, { ...k, hash, session });
  }

  /** A new key: the record and, once only, the secret. */
  async create(role: KeyRole, name: string | null, now = Date.now()): Promise<{ key: ApiKey; secret: string }> {
    const secret = `sk_${role}_${randomBase62(32)}`;
    const key: ApiKey = { id: `key_${randomBase62(12)}`, name, role, createdAt: now, revokedAt: null, lastUsedAt: null };
    const hash = hashOf(secret);
    await this.exclusive(() => this.sql.run(
      'INSERT INTO api_keys VALUES ($1, $2, $3, $4, CAST($5 AS BIGINT), NULL, NULL)', [key.id, name, role, hash, now],
    ));
    this.hold(key, hash, false);
    return { key, secret };
  }

  /** A key that lives as long as this process and is never written down (the local CLI's token). */
  createSession(role: KeyRole = 'admin', now = Date.now()): string {
    const secret = `sk_${role}_${randomBase62(32)}`;
    this.hold({ id: `session_${randomBase62(8)}`, name: 'local session', role, createdAt: now, revokedAt: null, lastUsedAt: null }, hashOf(secret), true);
    return secret;
  }

  /** Stored keys, oldest first, revoked ones included. */
  list(): ApiKey[] {
    return [...this.byHash.values()].filter((k) => !k.session).map((k) => this.view(k)).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  /** True when some stored key is not revoked. */
  hasActive(role?: KeyRole): boolean {
    return [...this.byHash.values()].some((k) => !k.session && k.revokedAt === null && (!role || k.role === role));
  }

  /** Revoke a key: null when there is no such key; a key revoked before keeps its first time. */
  async revoke(id: string, now = Date.now()): Promise<ApiKey | null> {
    const held = [...this.byHash.values()].find((k) => k.id === id && !k.session);
    if (!held) return null;
    if (held.revokedAt !== null) return this.view(held);
    await this.exclusive(() => this.sql.run('UPDATE api_keys SET revoked_at = CAST($2 AS BIGINT) WHERE id = $1', [id, now]));
    const revoked = { ...held, revokedAt: now };
    this.byHash.set(held.hash, revoked);
    return this.view(revoked);
  }

  /** The key a secret belongs to, if it is one and not revoked. */
  authenticate(secret: string, now = Date.now()): ApiKey | null {
    if (!KEY_PATTERN.test(secret)) return null;
    const hash = hashOf(secret);
    const held = this.byHash.get(hash);
    // The map found it by hash; compare again in constant time all the same.
    if (!held || !timingSafeEqual(Buffer.from(held.hash), Buffer.from(hash)) || held.revokedAt !== null) return null;
    if (!held.session && (held.lastUsedAt === null || now > held.lastUsedAt)) {
      this.byHash.set(hash, { ...held, lastUsedAt: now });
      this.dirty.add(hash);
    }
    return this.view(held);
  }

  /** Write the last use of every key used since the last flush. */
  async flush(): Promise<void> {
    if (!this.dirty.size) return;
    const used = [...this.dirty].map((h) => this.byHash.get(h)).filter((k): k is Held => k !== undefined);
    this.dirty.clear();
    await this.exclusive(async () => {
      for (const k of used) await this.sql.run('UPDATE api_keys SET last_used_at = CAST($2 AS BIGINT) WHERE id = $1', [k.id, k.lastUsedAt]);
    });
  }

  private view(k: Held): ApiKey {
    return { id: k.id, name: k.name, role: k.role, createdAt: k.createdAt, revokedAt: k.revokedAt, lastUsedAt: k.lastUsedAt };
  }
}

function fromRow(r: Record<string, unknown>): ApiKey {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(r.id), name: r.name === null || r.name === undefined ? null : String(r.name), role: r.role === 'admin' ? 'admin' : 'write',
    createdAt: Number(r.created_at), revokedAt: num(r.revoked_at), lastUsedAt: num(r.last_used_at),
  };
}
