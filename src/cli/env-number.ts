/**
 * A whole number an environment variable sets: `fallback` when it is unset or empty, the
 * number when it is one from `min` to `max`, or else why it cannot be used (naming the
 * variable and the value as given).
 */
export function wholeNumberFromEnv(
  env: NodeJS.ProcessEnv, name: string, o: { readonly min: number; readonly max: number; readonly unit: string; readonly fallback: number },
): number | string {
  const text = env[name];
  if (text === undefined || text === '') return o.fallback;
  const n = Number(text);
  return /^\d+$/.test(text) && n >= o.min && n <= o.max ? n : `${name} must be a whole number of ${o.unit} from ${o.min} to ${o.max}, got "${text}"`;
}
