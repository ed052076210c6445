import { stderrIsTerminal } from './serving-thread.js';
// Human output is a table or a line; --json output is one JSON document on stdout.

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const text = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i].length)));
  const numeric = headers.map((_, i) => text.length > 0 && text.every((r) => r[i] === '' || /^-?[\d.,]+$/.test(r[i])));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** A progress bar on stderr, only when stderr is a terminal. */
export function progressBar(label: string): ((done: number, total: number) => void) | undefined {
  if (!stderrIsTerminal()) return undefined;
  const mib = (n: number): string => (n / 2 ** 20).toFixed(n < 10 * 2 ** 20 ? 1 : 0);
  return (done, total) => {
    const f = total ? Math.min(1, done / total) : 0;
    const width = 30;
    const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░');
    process.stderr.write(`\r${label} ${bar} ${(f * 100).toFixed(0).padStart(3)}%  ${mib(done)} of ${mib(total)} MiB checked${f >= 1 ? '\n' : ''}`);
  };
}
