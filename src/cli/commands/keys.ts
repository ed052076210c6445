import type { Command } from 'commander';
import { SegmintError, issue } from '../../errors.js';
import { findServer } from '../../server/local.js';
import { DuckDBStore } from '../../store/index.js';
import { KEY_ROLES, KeyStore, type KeyRole } from '../../store/keys.js';
import { dataDir, globals } from '../context.js';
import { print, printJson, table } from '../output.js';

// `segmint keys`: API keys for the server. Stored hashed; a new key is printed once.
// While a server runs on the data directory, these go through its API.

interface KeyView { id: string; name: string | null; role: KeyRole; createdAt: string; revokedAt: string | null; lastUsedAt: string | null }

interface Keys {
  create(role: KeyRole, name: string | null): Promise<KeyView & { key: string }>;
  list(): Promise<KeyView[]>;
  revoke(id: string): Promise<KeyView>;
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

async function withKeys<T>(cmd: Command, fn: (keys: Keys) => Promise<T>): Promise<T> {
  const dir = dataDir(globals(cmd));
  const server = await findServer(dir);
  if (server) {
    const call = async <R>(method: string, path: string, body?: unknown): Promise<R> => {
      const res = await fetch(`${server.url}${path}`, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      });
      const parsed = await res.json() as R & { error?: { code: string; message: string; path: string } };
      if (!res.ok) throw new SegmintError(issue(parsed.error?.code === 'not_found' ? 'not_found' : 'invalid_argument', parsed.error?.message ?? `the server answered ${res.status}`, parsed.error?.path === 'params.id' ? '' : parsed.error?.path ?? ''));
      return parsed;
    };
    return fn({
      create: (role, name) => call('POST', '/api/v1/keys', name === null ? { role } : { role, name }),
      list: () => call('GET', '/api/v1/keys'),
      revoke: (id) => call('DELETE', `/api/v1/keys/${encodeURIComponent(id)}`),
    });
  }
  const store = await DuckDBStore.open(dir);
  try {
    const keys = await KeyStore.open(store.sql);
    const view = (k: Awaited<ReturnType<KeyStore['revoke']>> & object): KeyView => ({
      id: k.id, name: k.name, role: k.role, createdAt: new Date(k.createdAt).toISOString(), revokedAt: isoOrNull(k.revokedAt), lastUsedAt: isoOrNull(k.lastUsedAt),
    });
    return await fn({
      create: async (role, name) => { const r = await keys.create(role, name); return { ...view(r.key), key: r.secret }; },
      list: async () => keys.list().map(view),
      revoke: async (id) => {
        const k = await keys.revoke(id);
        if (!k) throw new SegmintError(issue('not_found', `no API key with id "${id}"`, ''));
        return view(k);
      },
    });
  } finally {
    await store.close();
  }
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('API keys for the HTTP server (admin, or write-only for sending data)');

  keys.command('create').description('create an API key and print it (the only time it is shown)')
    .option('--role <role>', 'admin (every route) or write (send contacts and events only)')
    .option('--name <name>', 'what the key is for')
    .action(async (o: { role?: string; name?: string }, cmd: Command) => {
      if (!o.role) throw new SegmintError(issue('invalid_argument', '--role is required: admin or write', '--role'));
      if (!(KEY_ROLES as readonly string[]).includes(o.role)) throw new SegmintError(issue('invalid_argument', `--role must be admin or write, got "${o.role}"`, '--role'));
      if (o.name !== undefined && (o.name.trim() === '' || o.name.length > 256)) throw new SegmintError(issue('invalid_argument', '--name must be 1 to 256 characters', '--name'));
      await withKeys(cmd, async (k) => {
        const r = await k.create(o.role as KeyRole, o.name ?? null);
        if (globals(cmd).json) { printJson({ id: r.id, role: r.role, key: r.key }); return; }
        print(`${r.key}\n${r.role} key ${r.id}${r.name ? ` (${r.name})` : ''} created; this is the only time it is shown`);
      });
    });

  keys.command('list').description('list API keys (never their secrets)').action(async (_o, cmd: Command) => {
    await withKeys(cmd, async (k) => {
      const list = await k.list();
      if (globals(cmd).json) { printJson(list); return; }
      print(table(['id', 'role', 'name', 'created', 'last used', 'revoked'], list.map((x) => [x.id, x.role, x.name ?? '', x.createdAt, x.lastUsedAt ?? '', x.revokedAt ?? ''])));
    });
  });

  keys.command('revoke <id>').description('revoke an API key: requests with it are refused from now on').action(async (id: string, _o, cmd: Command) => {
    await withKeys(cmd, async (k) => {
      const r = await k.revoke(id);
      if (globals(cmd).json) printJson(r); else print(`revoked ${r.id} (${r.role}${r.name ? `, ${r.name}` : ''})`);
    });
  });
}
