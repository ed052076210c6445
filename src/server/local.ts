import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A running `segmint serve` leaves `server.json` in its data directory: where it listens,
// its process id, and a key for this machine's CLI that is valid only while it runs. Other
// `segmint` commands on the directory find it there and go through the server.

export interface ServerFile {
  readonly url: string;
  readonly pid: number;
  readonly token: string;
}

export const SERVER_FILE = 'server.json';

export function serverFilePath(dir: string): string {
  return join(dir, SERVER_FILE);
}

/** Write the file readable by its owner only (it holds an admin credential). */
export function writeServerFile(dir: string, info: ServerFile): void {
  const path = serverFilePath(dir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Remove the file if it is still this process's. */
export function removeServerFile(dir: string, pid = process.pid): void {
  const info = readServerFile(dir);
  if (info && info.pid === pid) rmSync(serverFilePath(dir), { force: true });
}

export function readServerFile(dir: string): ServerFile | null {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(serverFilePath(dir), 'utf8'));
  } catch {
    return null;
  }
  const o = v as Partial<ServerFile>;
  if (typeof o?.url !== 'string' || typeof o.pid !== 'number' || typeof o.token !== 'string') return null;
  return { url: o.url, pid: o.pid, token: o.token };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server running on `dir`, if its file is there, its process alive and /healthz answers. */
export async function findServer(dir: string, timeoutMs = 2000): Promise<ServerFile | null> {
  const info = readServerFile(dir);
  if (!info || info.pid === process.pid || !alive(info.pid)) return null;
  try {
    const res = await fetch(`${info.url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok ? info : null;
  } catch {
    return null;
  }
}
