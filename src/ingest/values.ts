import { digitsKept, hasLoneSurrogate, loneSurrogateMessage } from '../fields/index.js';
import { LIMITS } from './limits.js';
import { NumberText, TOO_DEEP, isJsonObject, type Json } from './json.js';

// Bounds and exactness of the values inside one message. Nothing here changes a value:
// a value that does not fit is refused with its path, never rounded or cut.

/** The number a NumberText stands for, or the reason it cannot be one without losing digits. */
export function exactNumber(v: NumberText, path: string): { ok: true; value: number } | { ok: false; reason: string } {
  return digitsKept(v.text)
    ? { ok: true, value: v.value }
    : { ok: false, reason: `${path}: ${v.text} has more digits than a number keeps (send it as a text)` };
}

/**
 * Check every bound of a message at once: nesting depth (the message is level 1), text
 * length and key length. Returns the reasons, empty when it fits.
 */
export function boundsOf(message: Json): string[] {
  const reasons: string[] = [];
  const walk = (v: Json, path: string, depth: number): void => {
    if (reasons.length >= 5) return;
    if (v === TOO_DEEP) { reasons.push(`${path || 'message'}: nested deeper than ${LIMITS.eventDepth} levels`); return; }
    if (typeof v === 'string') {
      if (v.length > LIMITS.stringChars) reasons.push(`${path}: text of ${v.length} characters, longer than ${LIMITS.stringChars}`);
      return;
    }
    if (v === null || typeof v !== 'object' || v instanceof NumberText) return;
    if (depth > LIMITS.eventDepth) { reasons.push(`${path || 'message'}: nested deeper than ${LIMITS.eventDepth} levels`); return; }
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1)); return; }
    for (const k of Object.keys(v)) {
      const at = path ? `${path}.${k.length > 40 ? `${k.slice(0, 40)}…` : k}` : k;
      if (k.length > LIMITS.idChars) reasons.push(`${at}: a key of ${k.length} characters, longer than ${LIMITS.idChars}`);
      walk(v[k], at, depth + 1);
    }
  };
  walk(message, '', 1);
  return reasons;
}

/** Plain JSON for storage: numbers as numbers, refusing any that would lose digits, and text that cannot be stored unchanged. */
export function toPlain(v: Json, path: string, reasons: string[]): unknown {
  if (v instanceof NumberText) {
    const n = exactNumber(v, path);
    if (n.ok) return n.value;
    reasons.push(n.reason);
    return null;
  }
  if (v === TOO_DEEP) { reasons.push(`${path}: nested deeper than ${LIMITS.eventDepth} levels`); return null; }
  if (typeof v === 'string' && hasLoneSurrogate(v)) reasons.push(loneSurrogateMessage({ path, inKey: false }));
  if (Array.isArray(v)) return v.map((x, i) => toPlain(x, `${path}[${i}]`, reasons));
  if (isJsonObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (hasLoneSurrogate(k)) reasons.push(loneSurrogateMessage({ path, inKey: true }));
      out[k] = toPlain(v[k], `${path}.${k}`, reasons);
    }
    return out;
  }
  return v;
}

/**
 * `base` under `over`: objects merged key by key at every level, anything else taken from
 * `over`. Used for a batch's context and integrations under each event's own.
 */
export function mergeUnder(base: Json | undefined, over: Json | undefined): Json | undefined {
  if (over === undefined) return base;
  if (!isJsonObject(base) || !isJsonObject(over)) return over;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(base)) out[k] = base[k];
  for (const k of Object.keys(over)) out[k] = Object.hasOwn(out, k) ? (mergeUnder(out[k], over[k]) as Json) : over[k];
  return out;
}
