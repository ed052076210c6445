// Aliases as the server makes them (SEGMENT-LANGUAGE §7): lower-case ASCII letters and
// digits, every other character `_`; a taken one gets `_2`, `_3`…

export const ALIAS = /^[a-z0-9_]+$/;

export function aliasFromName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '_') || 'segment';
}

/** The first of `base`, `base_2`, `base_3`… not in `taken`. */
export function freeAlias(base: string, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const a = i === 1 ? base : `${base}_${i}`;
    if (!taken.has(a)) return a;
  }
}

/** What is wrong with an alias typed by hand, or null. */
export function aliasProblem(alias: string, taken: ReadonlyMap<string, string>): string | null {
  if (!alias) return 'enter an alias';
  if (!ALIAS.test(alias)) return 'use only lower-case letters a–z, digits and _';
  if (alias.length > 256) return 'at most 256 characters';
  const owner = taken.get(alias);
  return owner !== undefined ? `taken by the segment "${owner}"` : null;
}
