// A number written as text (a JSON body, a DSL condition) is taken only when a JavaScript
// number holds exactly the digits written: "9007199254740993" would become …992 and
// "1e400" Infinity, and a value must never change on its way in.

/**
 * Significant digits and the decimal exponent of a number's text: "1.50e2" → "15e3",
 * "+.5" → "5e0". Null when the text is not a plain decimal number.
 */
function significand(text: string): string | null {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] === '' && !m[3])) return null;
  let digits = m[2] + (m[3] ?? '');
  let exp = Number(m[4] ?? 0) + m[2].length;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead);
  exp -= lead;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return '0';
  return `${m[1] === '-' ? '-' : ''}${digits}e${exp}`;
}

/** Whether `text` is a plain decimal number ("42", "-3.5", "1.5e3", ".5", "+7"; not "0x10" or "1,000"). */
export const isDecimalText = (text: string): boolean => significand(text) !== null;

/** Whether a number written as `text` (decimal: "42", "-3.5", "1.5e3", ".5") reads back with the same digits from a JavaScript number. */
export function digitsKept(text: string): boolean {
  const a = significand(text);
  if (a === null) return false;
  const n = Number(text);
  return Number.isFinite(n) && a === significand(String(n));
}
