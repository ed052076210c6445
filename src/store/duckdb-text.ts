import { createRequire } from 'node:module';

// @duckdb/node-api turns every VARCHAR it reads into a string with one shared
// `new TextDecoder()`, and such a decoder drops a leading U+FEFF (a byte order mark): a
// contact id, a city or a name that begins with one came back one character shorter than
// it was stored ("\uFEFFx" read as "x", two ids read as one). The library reads the decoder
// from its module's exports at each call, so one that keeps the mark is put there before
// any value is read. DuckDB hands over only valid UTF-8, so `fatal` is not needed.
// test/store/text-roundtrip.test.ts holds this (and fails if a new version moves it).
const accessors = createRequire(import.meta.url)('@duckdb/node-api/lib/vectors/dataAccessors.js') as { textDecoder: TextDecoder };
accessors.textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
