import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Meta } from './result.js';

// Where a run happened: machine, runtime, and the tree the engine was built from.

/** Read-only: HEAD and `git status --porcelain` of src/, or null outside a checkout. */
function gitState(): Meta['git'] {
  try {
    const cwd = fileURLToPath(new URL('../../', import.meta.url));
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd, encoding: 'utf8' });
    return { commit, modified: status.split('\n').filter(Boolean).map((line) => line.slice(3)) };
  } catch {
    return null;
  }
}

function duckdbVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../node_modules/@duckdb/node-api/package.json', import.meta.url), 'utf8')) as { version?: string };
    return `@duckdb/node-api ${pkg.version ?? '?'}`;
  } catch {
    return 'unknown';
  }
}

export function environment(): Pick<Meta, 'node' | 'duckdb' | 'cores' | 'cpu' | 'totalRamBytes' | 'platform' | 'git'> {
  const cpu = cpus();
  return {
    node: process.version, duckdb: duckdbVersion(), cores: cpu.length, cpu: cpu[0]?.model.trim() ?? 'unknown',
    totalRamBytes: totalmem(), platform: `${platform()} ${release()}`, git: gitState(),
  };
}
