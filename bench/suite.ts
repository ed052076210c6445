import { readFileSync } from 'node:fs';
import type { Condition } from '../src/condition/types.js';
import { parseConditionJson } from '../src/condition/schema.js';

// The reference suite (bench/suite): read from the source tree, not from dist/.

const SUITE_DIR = new URL('../../bench/suite/', import.meta.url);

export interface SuiteSegment {
  readonly name: string;
  readonly alias: string;
  readonly description: string;
  readonly category: string;
  readonly condition: Condition;
}

export interface ManualChanges {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface Suite {
  /** The file as written, for `applySegments`. */
  readonly raw: unknown;
  readonly segments: readonly SuiteSegment[];
  readonly manual: ReadonlyMap<string, ManualChanges>;
}

export function loadSuite(): Suite {
  const raw: unknown = JSON.parse(readFileSync(new URL('segments.json', SUITE_DIR), 'utf8'));
  if (!Array.isArray(raw)) throw new Error('bench/suite/segments.json: expected an array');
  const segments = raw.map((s: unknown, i): SuiteSegment => {
    if (typeof s !== 'object' || s === null) throw new Error(`bench/suite/segments.json[${i}]: expected an object`);
    const r = parseConditionJson((s as { condition?: unknown }).condition, `[${i}].condition`);
    if (!r.ok) throw new Error(`bench/suite/segments.json[${i}]: ${JSON.stringify(r.errors)}`);
    return { ...(s as Omit<SuiteSegment, 'condition'>), condition: r.value };
  });
  const manualRaw = JSON.parse(readFileSync(new URL('manual.json', SUITE_DIR), 'utf8')) as Record<string, ManualChanges>;
  return { raw, segments, manual: new Map(Object.entries(manualRaw)) };
}
