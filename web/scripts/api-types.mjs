#!/usr/bin/env node
// Regenerate web/src/lib/api-schema.ts from the server's own OpenAPI document: start
// `segmint serve` on an empty temporary workspace, read /api/v1/openapi.json with the
// first admin key, and turn it into TypeScript types with openapi-typescript.
// Run after `npm run build` whenever a route changes: `npm run web:api-types`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(import.meta.dirname, '..', '..');
const data = mkdtempSync(join(tmpdir(), 'segmint-api-types-'));
const server = spawn(process.execPath, [join(root, 'bin/segmint.js'), 'serve', '--data', data, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  let text = '';
  for await (const line of createInterface({ input: server.stdout })) {
    text += line;
    if (line.startsWith('}')) break;
  }
  const { url, adminKey } = JSON.parse(text);
  const res = await fetch(`${url}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${adminKey}` } });
  if (!res.ok) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
  const doc = await res.json();
  const ast = await openapiTS(doc);
  const header = '// Generated from the server\'s OpenAPI document by web/scripts/api-types.mjs; do not edit.\n/* eslint-disable */\n';
  writeFileSync(join(root, 'web/src/lib/api-schema.ts'), header + astToString(ast));
  console.log(`web/src/lib/api-schema.ts: ${Object.keys(doc.paths).length} paths`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(data, { recursive: true, force: true });
}
