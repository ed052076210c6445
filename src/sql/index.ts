export { compileMembers } from './compiler.js';
export type { CompiledQuery } from './compiler.js';
export type { Dialect } from './dialect.js';
export { duckdbDialect } from './duckdb-dialect.js';
