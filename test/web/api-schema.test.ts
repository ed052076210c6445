import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { ROOT, call, serve } from './harness.js';

// The web app's request and answer types come from the server's OpenAPI document
// (web/src/lib/api-schema.ts). When a route changes, the file must be regenerated
// (npm run web:api-types), or the app is type-checked against a server that is gone.

test('web/src/lib/api-schema.ts is the server\'s OpenAPI document as TypeScript', async () => {
  const s = await serve();
  try {
    const doc = await call<OpenAPI3>(s, 'GET', '/api/v1/openapi.json');
    const generated = astToString(await openapiTS(doc));
    const file = readFileSync(join(ROOT, 'web', 'src', 'lib', 'api-schema.ts'), 'utf8');
    assert.ok(file.endsWith(generated), 'web/src/lib/api-schema.ts is out of date: run npm run web:api-types');
  } finally {
    await s.close();
  }
});
