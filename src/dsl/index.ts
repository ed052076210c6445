// The text form of conditions (SEGMENT-LANGUAGE §8): `parseDsl` reads it into the JSON
// tree, `printDsl` writes a tree back; `parseDsl(printDsl(t))` gives `t` again.
export { parseDsl } from './parser.js';
export { printDsl } from './printer.js';
